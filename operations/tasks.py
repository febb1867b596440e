import datetime

from celery import shared_task

from accounts.models import User
from cycles.models import Cycle

from .archive import cycle_archive_create
from .errors import OperationsError
from .models import CycleArchive

# "pdf." routes the task to the PDF workers (settings.CELERY_TASK_ROUTES): archiving renders PDFs.
ARCHIVE_TASK_NAME = "pdf.cycle_archive"


@shared_task(name=ARCHIVE_TASK_NAME)
def cycle_archive_task(*, cycle_id: int, user_id: int | None = None, requested_at: str) -> int | None:
    """Archive a closed cycle for the staff member who asked; returns the archive's id.

    Idempotent: an archive made since ``requested_at`` (ISO 8601) answers the request.
    """
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        return None
    done = CycleArchive.objects.filter(cycle=cycle, created__gte=datetime.datetime.fromisoformat(requested_at)).first()
    if done is not None:
        return done.pk
    by = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        return cycle_archive_create(cycle, by=by).pk
    except OperationsError:
        return None
