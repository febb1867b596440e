"""Score sheets: each reviewer scores each item, submits once, and the leader may reopen."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from common.machines import check_move
from common.text import join_list
from cycles.models import RubricItem

from ..enums import PERCENT_STEP, SHEET_MOVES, SheetStatus
from ..errors import ReviewError
from ..models import Declaration, ItemScore, RoundEntry, ScoreSheet
from ..permissions import is_active_member, is_leader
from .rounds import round_is_open


def check_percent(value) -> int:
    if value is None:
        return None
    if not isinstance(value, int) or not 0 <= value <= 100 or value % PERCENT_STEP:
        raise ReviewError(_("A score is a percentage from 0 to 100 in steps of %(step)s%%.") % {"step": PERCENT_STEP})
    return value


def rubric_items(entry: RoundEntry):
    return RubricItem.objects.filter(section__rubric_id=entry.application.category.rubric_id).select_related("section")


def sheet_set_status(sheet: ScoreSheet, status: str) -> ScoreSheet:
    """The one place a score sheet's status changes: checks ``SHEET_MOVES``; a submitted sheet
    carries its time. The caller holds the row lock and writes the audit entry."""
    check_move(SHEET_MOVES, sheet.status, status, choices=SheetStatus, error=ReviewError)
    sheet.status = status
    sheet.submitted_at = timezone.now() if status == SheetStatus.SUBMITTED else None
    sheet.save(update_fields=["status", "submitted_at"])
    return sheet


def sheet_save(entry: RoundEntry, *, by, scores: dict, submit: bool = False) -> ScoreSheet:
    """Save a reviewer's scores for ``entry`` (a draft), or submit them (final).

    ``scores`` maps a rubric item id to ``{"percent": int|None, "strengths": str, "improvements": str}``.
    """
    with transaction.atomic():
        entry = RoundEntry.objects.select_related(
            "round__stage", "round__cycle__scheme__authority", "group", "application__category"
        ).get(pk=entry.pk)
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if entry.group_id is None or not is_active_member(by, entry.group):
            raise ReviewError(_("You are not a member of this application's review group."))
        if not Declaration.objects.filter(entry=entry, reviewer=by, has_conflict=False).exists():
            raise ReviewError(_("Declare that you have no conflict of interest first."))
        sheet, _created = ScoreSheet.objects.get_or_create(entry=entry, reviewer=by)
        sheet = ScoreSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
        if sheet.status == SheetStatus.SUBMITTED:
            raise ReviewError(_("This score sheet was submitted; only the group leader can reopen it."))
        items = {item.pk: item for item in rubric_items(entry)}
        cleaned = {}
        for item_id, values in scores.items():
            if item_id not in items:
                raise ReviewError(_("This item is not in the application's rubric."))
            cleaned[item_id] = (
                check_percent(values.get("percent")),
                values.get("strengths", ""),
                values.get("improvements", ""),
            )
        existing = {score.item_id: score for score in sheet.scores.all()}
        for item_id, (percent, strengths, improvements) in cleaned.items():
            score = existing.get(item_id) or ItemScore(sheet=sheet, item_id=item_id)
            score.percent, score.strengths, score.improvements = percent, strengths, improvements
            score.save()
            existing[item_id] = score
        if submit:
            missing = [items[pk] for pk in items if existing.get(pk) is None or existing[pk].percent is None]
            if missing:
                raise ReviewError(
                    _("Score every item before submitting; missing: %(items)s")
                    % {"items": join_list(str(item.number) for item in missing)}
                )
            sheet_set_status(sheet, SheetStatus.SUBMITTED)
            audit_record(
                actor=by,
                action="reviews.sheet_submitted",
                summary=_("Score sheet for %(application)s submitted") % {"application": entry.application.title},
                target=entry.group,
                authority=entry.round.cycle.scheme.authority,
                from_state=SheetStatus.DRAFT,
                to_state=SheetStatus.SUBMITTED,
            )
    return sheet


def sheet_reopen(sheet: ScoreSheet, *, by, reason: str) -> ScoreSheet:
    """The group leader reopens a submitted sheet so that its reviewer can change it."""
    with transaction.atomic():
        sheet = (
            ScoreSheet.objects.select_for_update(of=("self",))
            .select_related("entry__round__stage", "entry__group", "reviewer")
            .get(pk=sheet.pk)
        )
        entry = sheet.entry
        if not is_leader(by, entry.group):
            raise ReviewError(_("Only the group leader can reopen a score sheet."))
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if sheet.status != SheetStatus.SUBMITTED:
            raise ReviewError(_("This score sheet is not submitted."))
        if not reason.strip():
            raise ReviewError(_("Say why the sheet is reopened."))
        sheet_set_status(sheet, SheetStatus.DRAFT)
        audit_record(
            actor=by,
            action="reviews.sheet_reopened",
            summary=_("Score sheet of %(reviewer)s for %(application)s reopened")
            % {"reviewer": sheet.reviewer.display_name, "application": entry.application.title},
            target=entry.group,
            authority=entry.round.cycle.scheme.authority,
            from_state=SheetStatus.SUBMITTED,
            to_state=SheetStatus.DRAFT,
            reason=reason,
        )
        notify(
            recipients=[sheet.reviewer],
            subject=_("Your score sheet for %(application)s was reopened") % {"application": entry.application.title},
            body=reason,
        )
    return sheet
