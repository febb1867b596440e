"""Fraud found during a cycle (钦州 第二十五条: 取消其当届及今后5年内申报市长质量奖的资格): the office
disqualifies a running application; it leaves the cycle at once and its holder is banned."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority
from cycles.enums import SanctionCause
from register.models import SanctionRecord

from ..enums import TRANSITIONS, ApplicationStatus
from ..errors import ApplicationError
from ..models import Application
from .transitions import application_set_status


def application_disqualify(application: Application, *, by, reason: str) -> Application:
    """Disqualify ``application`` for fraud under the scheme's fraud sanction: status
    "disqualified", a sanction record with the cycle and the scheme's ban, the applicant told.
    Refuses an application no longer in the running, and a scheme without a fraud sanction."""
    if not can_manage_authority(by, application.cycle.scheme.authority):
        raise ApplicationError(_("You do not run the awards of this authority."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("State the fraud found and its evidence."))
    scheme = application.cycle.scheme
    sanction = scheme.sanctions.filter(cause=SanctionCause.FRAUD).first()
    if sanction is None:
        raise ApplicationError(_("%(scheme)s has no sanction for fraud.") % {"scheme": scheme.name})
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("organisation", "cycle__scheme__authority")
            .prefetch_related("team_members")
            .get(pk=application.pk)
        )
        if ApplicationStatus.DISQUALIFIED not in TRANSITIONS[locked.status]:
            raise ApplicationError(
                _("An application that is “%(status)s” is not in the running.")
                % {"status": ApplicationStatus(locked.status).label}
            )
        ids = [member.id_number for member in locked.team_members.all() if member.id_number]
        SanctionRecord.objects.create(
            scheme=scheme,
            cause=SanctionCause.FRAUD,
            holder_name=locked.title,
            credit_code=locked.organisation.credit_code if locked.organisation_id else "",
            person_id_number=ids[0] if ids else "",
            holder_id_numbers=",".join(ids),
            decided_on=timezone.localdate(),
            cycle=locked.cycle,
            reason=reason,
            article=sanction.article,
            entered_by=by,
        )
        application_set_status(
            locked,
            ApplicationStatus.DISQUALIFIED,
            by=by,
            article=sanction.article,
            reason=reason,
            summary=_("%(application)s disqualified for fraud") % {"application": locked.title},
        )
    application.status = locked.status
    return application
