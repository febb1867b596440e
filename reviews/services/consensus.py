"""The leader's consensus scores, the group's report, and the applicant's confirmation of it."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.permissions import is_owner

from ..enums import (
    EntryDecision,
    MemberStatus,
    SheetStatus,
)
from ..errors import ReviewError
from ..models import (
    ConsensusScore,
    GroupReport,
    RoundEntry,
)
from ..permissions import is_leader
from .rounds import round_is_open
from .sheets import check_percent, rubric_items


def lock_entry_for_leader(entry: RoundEntry, *, by, refusal: str) -> RoundEntry:
    """The entry, locked, if ``by`` leads its group and the round is in progress; else ``refusal``."""
    entry = (
        RoundEntry.objects.select_for_update(of=("self",))
        .select_related(
            "round__stage", "round__cycle__scheme__authority", "group", "application__category", "application__owner"
        )
        .get(pk=entry.pk)
    )
    if not is_leader(by, entry.group):
        raise ReviewError(refusal)
    if not round_is_open(entry.round):
        raise ReviewError(_("This round is not in progress."))
    return entry


def consensus_record(entry: RoundEntry, *, by, percents: dict) -> list[ConsensusScore]:
    """The leader records the group's agreed score per item, once every member has submitted."""
    with transaction.atomic():
        entry = lock_entry_for_leader(entry, by=by, refusal=_("Only the group leader records the consensus."))
        if entry.decision != EntryDecision.PENDING:
            raise ReviewError(_("The staff have already decided on this application."))
        active = set(entry.group.members.filter(status=MemberStatus.ACTIVE).values_list("reviewer_id", flat=True))
        submitted = set(entry.sheets.filter(status=SheetStatus.SUBMITTED).values_list("reviewer_id", flat=True))
        if not active <= submitted:
            raise ReviewError(_("Every member of the group must submit a score sheet first."))
        items = {item.pk: item for item in rubric_items(entry)}
        if set(percents) != set(items):
            raise ReviewError(_("Give a consensus score for every item."))
        saved = []
        for item_id, percent in percents.items():
            percent = check_percent(percent)
            if percent is None:
                raise ReviewError(_("Give a consensus score for every item."))
            points = (Decimal(items[item_id].points) * percent / 100).quantize(Decimal("0.01"))
            score, _created = ConsensusScore.objects.update_or_create(
                entry=entry, item_id=item_id, defaults={"percent": percent, "points": points}
            )
            saved.append(score)
        audit_record(
            actor=by,
            action="reviews.consensus_recorded",
            summary=_("Consensus scores for %(application)s recorded: %(total)s points")
            % {"application": entry.application.title, "total": sum(score.points for score in saved)},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
            data={str(k): v for k, v in percents.items()},
        )
    return saved


def report_write(entry: RoundEntry, *, by, text: str) -> GroupReport:
    """The leader writes the group's report for the round; where the applicant confirms it, it is told."""
    with transaction.atomic():
        entry = lock_entry_for_leader(entry, by=by, refusal=_("Only the group leader writes the report."))
        if not text.strip():
            raise ReviewError(_("The report is empty."))
        if entry.consensus.count() != rubric_items(entry).count():
            raise ReviewError(_("Record the consensus scores before the report."))
        report = GroupReport.objects.filter(entry=entry).first()
        if report is not None and report.confirmed_at:
            raise ReviewError(_("The applicant has confirmed this report; it can no longer change."))
        if report is None:
            report = GroupReport(entry=entry, written_by=by)
        report.text, report.written_by = text, by
        report.save()
        audit_record(
            actor=by,
            action="reviews.report_written",
            summary=_("%(title)s for %(application)s written")
            % {"title": entry.round.report_title, "application": entry.application.title},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
        )
        if entry.round.applicant_confirms_report:
            notify(
                recipients=[entry.application.owner],
                subject=_("Please confirm the %(title)s") % {"title": entry.round.report_title},
                body=_("Under %(article)s the report of the review group is confirmed by your organisation.")
                % {"article": entry.round.confirmation_article},
                url=reverse("reviews:report-confirm", args=[entry.pk]),
            )
    return report


def report_confirm(report: GroupReport, *, by, comment: str = "") -> GroupReport:
    """The applicant confirms its on-site review report, with a comment if it has one (Qingyuan 四（三）)."""
    with transaction.atomic():
        report = (
            GroupReport.objects.select_for_update(of=("self",))
            .select_related("entry__round__cycle__scheme__authority", "entry__application")
            .get(pk=report.pk)
        )
        entry = report.entry
        if not is_owner(by, entry.application):
            raise ReviewError(_("Only the applicant confirms its report."))
        if not entry.round.applicant_confirms_report:
            raise ReviewError(_("This report is not confirmed by the applicant."))
        if report.confirmed_at:
            raise ReviewError(_("You have already confirmed this report."))
        report.confirmed_at, report.applicant_comment = timezone.now(), comment
        report.save(update_fields=["confirmed_at", "applicant_comment"])
        audit_record(
            actor=by,
            action="reviews.report_confirmed",
            summary=_("%(application)s confirmed the %(title)s")
            % {"application": entry.application.title, "title": entry.round.report_title},
            target=entry.application,
            authority=entry.round.cycle.scheme.authority,
            article=entry.round.confirmation_article,
            reason=comment,
        )
    return report
