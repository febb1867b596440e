"""Review rounds: a round opens with its stage, with the applications that went on."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority
from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.calendar import UnknownCalendarYear, WorkingCalendar
from cycles.enums import REVIEW_STAGES, StageKind, StageStatus
from cycles.models import CycleStage

from ..enums import EntryDecision, MemberStatus, SheetStatus
from ..errors import ReviewError
from ..models import GroupMember, Round, RoundEntry, ScoreSheet
from ..permissions import can_manage_round


def round_open(stage: CycleStage, *, by) -> Round:
    """Open the round of a review stage with its entries; the pipeline calls it in the transaction
    that begins the stage, so that the stage never runs without its round. Idempotent.

    Entries: the applications that went on from the previous review round of the cycle, or, for
    the first round, the accepted applications. One with an objection still open is entered but
    held: no group is drawn for it and it cannot go on until the objection is decided. Where the
    scheme commends organisations that reached on-site review (Suizhou 第二十五条), the on-site
    round's entries are marked so.
    """
    if stage.kind not in REVIEW_STAGES:
        raise ReviewError(_("This stage is not a review round."))
    if not can_manage_authority(by, stage.cycle.scheme.authority):
        raise ReviewError(_("You do not run the awards of this authority."))
    scheme = stage.cycle.scheme
    confirms = stage.kind == StageKind.ONSITE_REVIEW and bool(scheme.onsite_report_confirmation_article)
    with transaction.atomic():
        CycleStage.objects.select_for_update(of=("self",)).get(pk=stage.pk)
        round_, created = Round.objects.get_or_create(
            stage=stage,
            defaults={
                "cycle": stage.cycle,
                "kind": stage.kind,
                "applicant_confirms_report": confirms,
                "confirmation_article": scheme.onsite_report_confirmation_article if confirms else "",
            },
        )
        previous = (
            Round.objects.filter(cycle=stage.cycle, stage__order__lt=stage.order).order_by("-stage__order").first()
        )
        if previous is not None:
            applications = Application.objects.filter(
                review_entries__round=previous,
                review_entries__decision=EntryDecision.ADVANCED,
                status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.CANDIDATE],
            )
        else:
            applications = Application.objects.filter(cycle=stage.cycle, status=ApplicationStatus.ACCEPTED)
        have = set(round_.entries.values_list("application_id", flat=True))
        commend = stage.kind == StageKind.ONSITE_REVIEW and bool(scheme.commend_onsite_article)
        new = [
            RoundEntry(
                round=round_, application=application, commended=commend and application.organisation_id is not None
            )
            for application in applications.order_by("pk")
            if application.pk not in have
        ]
        RoundEntry.objects.bulk_create(new)
        if created:
            audit_record(
                actor=by,
                action="reviews.round_started",
                summary=_("%(round)s started with %(count)s applications") % {"round": round_, "count": len(new)},
                target=round_,
                authority=scheme.authority,
                article=stage.article,
            )
    return round_


def round_is_open(round_: Round) -> bool:
    return round_.stage.status == StageStatus.CURRENT


def round_set_margin(round_: Round, *, by, margin: int) -> Round:
    if not can_manage_round(by, round_):
        raise ReviewError(_("You do not run the awards of this authority."))
    if not 0 <= margin <= 100:
        raise ReviewError(_("The margin is a number of percentage points from 0 to 100."))
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
        previous = locked.consensus_margin
        locked.consensus_margin = margin
        locked.save(update_fields=["consensus_margin"])
        audit_record(
            actor=by,
            action="reviews.margin_set",
            summary=_("%(round)s: consensus margin %(margin)s points") % {"round": locked, "margin": margin},
            target=locked,
            authority=locked.cycle.scheme.authority,
            from_state=str(previous),
            to_state=str(margin),
        )
    return locked


def remind_round_ending(today: datetime.date | None = None) -> list[int]:
    """Remind, once, each reviewer of a running round who still has a score sheet to submit when
    the round's planned end is ``REMIND_REVIEWERS_WORKING_DAYS`` working days away or nearer.
    A round whose end falls in a year the calendar does not know is left alone (no deadline is
    guessed). Returns the reminded memberships."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    try:
        horizon = calendar.add_working_days(today, settings.REMIND_REVIEWERS_WORKING_DAYS)
    except UnknownCalendarYear:
        return []
    submitted = ScoreSheet.objects.filter(
        entry=OuterRef("pk"), reviewer=OuterRef(OuterRef("reviewer_id")), status=SheetStatus.SUBMITTED
    )
    unfinished = RoundEntry.objects.filter(group_id=OuterRef("group_id")).filter(~Exists(submitted))
    members = (
        GroupMember.objects.filter(
            status=MemberStatus.ACTIVE,
            reminded_at__isnull=True,
            group__round__stage__status=StageStatus.CURRENT,
            group__round__stage__planned_end__gte=today,
            group__round__stage__planned_end__lte=horizon,
        )
        .filter(Exists(unfinished))
        .select_related("reviewer", "group__round__stage", "group__round__cycle")
        .order_by("pk")
    )
    now = timezone.now()
    reminded = []
    for member in members:
        if not GroupMember.objects.filter(pk=member.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        round_ = member.group.round
        notify(
            recipients=[member.reviewer],
            subject=_("%(round)s ends on %(date)s: your scores are awaited")
            % {"round": round_, "date": round_.stage.planned_end.isoformat()},
            body=_("Submit your score sheets for %(group)s before the round ends.") % {"group": member.group},
            url=reverse("reviews:group", args=[member.group_id]),
        )
        reminded.append(member.pk)
    return reminded
