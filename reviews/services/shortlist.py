"""Who goes on after a round: the staff's decision on each entry, with feedback to those who do not."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.selectors import is_held
from applications.services.recusal import check_not_recused
from applications.services.transitions import application_set_status
from common.machines import check_move

from ..enums import ENTRY_MOVES, EntryDecision
from ..errors import ReviewError
from ..models import GroupReport, RoundEntry
from ..permissions import can_manage_round
from .rounds import round_is_open


def entry_set_decision(entry: RoundEntry, decision: str, *, feedback: str = "") -> RoundEntry:
    """The one place a round entry's decision changes: checks ``ENTRY_MOVES`` and saves. The
    caller holds the row lock and writes the audit entry."""
    check_move(ENTRY_MOVES, entry.decision, decision, choices=EntryDecision, error=ReviewError)
    entry.decision, entry.feedback, entry.decided_at = decision, feedback, timezone.now()
    entry.save(update_fields=["decision", "feedback", "decided_at"])
    return entry


def entry_decide(entry: RoundEntry, *, by, advance: bool, feedback: str = "") -> RoundEntry:
    """Staff decide whether an applicant goes on after a round.

    Either decision needs the group's report and, where the applicant confirms it (Qingyuan
    四（三）), its confirmation; one that goes on also needs no open objection, and its applicant is
    told. One that does not go on is told, with feedback (Qingyuan 四（二）), and its application
    becomes “not shortlisted”.
    """
    with transaction.atomic():
        entry = (
            RoundEntry.objects.select_for_update(of=("self",))
            .select_related("round__stage", "round__cycle__scheme__authority", "application__owner")
            .get(pk=entry.pk)
        )
        round_ = entry.round
        if not can_manage_round(by, round_):
            raise ReviewError(_("You do not run the awards of this authority."))
        check_not_recused(entry.application, by=by, error=ReviewError)
        if not round_is_open(round_):
            raise ReviewError(_("This round is not in progress."))
        if entry.decision != EntryDecision.PENDING:
            raise ReviewError(_("This application has already been decided on."))
        report = GroupReport.objects.filter(entry=entry).first()
        if report is None:
            raise ReviewError(_("The review group has not written its report yet."))
        if round_.applicant_confirms_report and report.confirmed_at is None:
            # Qingyuan 四(三): the on-site report is confirmed by the applicant (with its comment, if
            # any) before the office decides on it.
            raise ReviewError(
                _(
                    "Under %(article)s the applicant confirms the report first (or comments on it); %(application)s has not."
                )
                % {"article": round_.confirmation_article, "application": entry.application.title}
            )
        previous = entry.decision
        if advance:
            if is_held(entry.application):
                raise ReviewError(
                    _("%(application)s has an open objection; it cannot go on before the objection is settled.")
                    % {"application": entry.application.title}
                )
            entry_set_decision(entry, EntryDecision.ADVANCED, feedback=feedback)
            notify(
                recipients=[entry.application.owner],
                subject=_("Your application to %(cycle)s goes on after %(round)s")
                % {"cycle": round_.cycle, "round": round_.stage.name},
                body=_("The office will tell you of the next stage and its dates."),
                url=reverse("applications:dossier", args=[entry.application_id]),
            )
        else:
            if not feedback.strip():
                raise ReviewError(_("Give the applicant feedback on the review."))
            entry_set_decision(entry, EntryDecision.ELIMINATED, feedback=feedback)
            application_set_status(
                entry.application,
                ApplicationStatus.ELIMINATED,
                by=by,
                article=round_.stage.article,
                reason=feedback,
                summary=_("%(application)s did not go on after %(round)s")
                % {"application": entry.application.title, "round": round_.stage.name},
            )
        audit_record(
            actor=by,
            action=f"reviews.entry_{entry.decision}",
            summary=_("%(application)s: %(decision)s after %(round)s")
            % {
                "application": entry.application.title,
                "decision": entry.get_decision_display(),
                "round": round_.stage.name,
            },
            target=entry.application,
            authority=round_.cycle.scheme.authority,
            from_state=previous,
            to_state=entry.decision,
            article=round_.stage.article,
            reason=feedback,
        )
    return entry
