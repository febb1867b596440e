"""Moving a demo cycle on as its staff would, through the pipeline, and letting its days pass."""

import datetime
import math

from django.utils import timezone

from cycles.services import current_stage
from pipeline.services import cycle_advance
from publicity.enums import NoticeStatus
from publicity.models import Notice

from .shift import shift_dates

DAY = datetime.timedelta(days=1)


def advance(cycle, *, by, reason: str):
    """End the current stage of ``cycle`` (confirming what it leaves undecided) and begin the next."""
    stage = current_stage(cycle)
    return cycle_advance(cycle, by=by, ending=stage.pk, confirm=True, reason=reason)


def pass_days(cycle, days: int) -> None:
    """Let ``days`` days pass for ``cycle``: everything it holds moves that far into the past."""
    if days > 0:
        shift_dates(days, cycle=cycle)
    cycle.refresh_from_db()


def pass_deadline(cycle, *, days_ago: int) -> None:
    """Let the days pass until the call's deadline was ``days_ago`` days ago."""
    left = (cycle.submission_deadline - timezone.now()) / DAY
    pass_days(cycle, max(math.ceil(left), 0) + days_ago)


def run_notices_out(cycle, *, days_after: int = 0) -> None:
    """Let the days pass until every published notice of ``cycle`` has run its whole period (counted on
    the working-day calendar from its moved start) and closed, ``days_after`` days ago."""
    while True:
        last = (
            Notice.objects.filter(cycle=cycle, status=NoticeStatus.PUBLISHED)
            .order_by("-ends_at")
            .values_list("ends_at", flat=True)
            .first()
        )
        if last is None:
            break
        pass_days(cycle, max(math.ceil((last - timezone.now()) / DAY), 1))
    pass_days(cycle, days_after)
