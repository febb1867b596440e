"""Declarations of conflict of interest (回避), made before a reviewer reads a dossier."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record

from ..errors import ReviewError
from ..models import (
    Declaration,
    RoundEntry,
)
from ..permissions import is_active_member
from .groups import withdraw_and_replace
from .rounds import round_is_open


def declaration_make(entry: RoundEntry, *, by, has_conflict: bool, statement: str = "") -> Declaration:
    """A member declares, before reading the dossier, whether it has a conflict with this applicant.

    A conflict withdraws the member from the group (回避) and draws a replacement the same way:
    seeded and recorded, excluding everyone drawn for the group before and anyone conflicted.
    """
    round_ = entry.round
    scheme = round_.cycle.scheme
    with transaction.atomic():
        entry = (
            RoundEntry.objects.select_for_update(of=("self",))
            .select_related("round__stage", "group", "application__organisation")
            .get(pk=entry.pk)
        )
        if not round_is_open(entry.round):
            raise ReviewError(_("This round is not in progress."))
        if entry.group_id is None or not is_active_member(by, entry.group):
            raise ReviewError(_("You are not a member of this application's review group."))
        if Declaration.objects.filter(entry=entry, reviewer=by).exists():
            raise ReviewError(_("You have already declared for this application."))
        if has_conflict and not statement.strip():
            raise ReviewError(_("Say what the conflict is."))
        declaration = Declaration.objects.create(
            entry=entry, reviewer=by, has_conflict=has_conflict, statement=statement, article=scheme.conflict_article
        )
        audit_record(
            actor=by,
            action="reviews.declared_conflict" if has_conflict else "reviews.declared_no_conflict",
            summary=(
                _("%(reviewer)s declared a conflict of interest with %(application)s")
                if has_conflict
                else _("%(reviewer)s declared no conflict of interest with %(application)s")
            )
            % {"reviewer": by.display_name or by.username, "application": entry.application.title},
            target=entry.group,
            authority=scheme.authority,
            article=scheme.conflict_article,
            reason=statement,
        )
        if has_conflict:
            withdraw_and_replace(entry, reviewer=by, by=by, reason=statement)
    return declaration
