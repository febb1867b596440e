"""The government's approval of the winners (随州 第二十四条, 钦州 第二十一条, 庆元 四(六), 晋中 第十八条第（九）项,
兰州 第十九条): who issued it, its number and date, its file, and the approved list per tier. A name
the government struck out is recorded with the reason. Nothing of the outcome is public before."""

import datetime
import hashlib

import filetype
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record
from cycles.enums import StageKind, StageStatus
from cycles.permissions import can_manage_cycle

from .. import selectors
from ..errors import AwardError
from ..models import ApprovalLine, GovernmentApproval


def _checked_pdf(uploaded):
    if uploaded is None:
        return None
    if uploaded.size > settings.EVIDENCE_MAX_FILE_SIZE:
        raise AwardError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": uploaded.name, "limit": settings.EVIDENCE_MAX_FILE_SIZE // (1024 * 1024)}
        )
    uploaded.seek(0)
    kind = filetype.guess(uploaded.read(8192))
    uploaded.seek(0)
    if kind is None or kind.mime != "application/pdf":
        raise AwardError(_("The decision is uploaded as a PDF (judged from its content)."))
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def approval_record(
    cycle,
    *,
    by,
    issuing_body: str,
    document_number: str,
    decided_on: datetime.date,
    uploaded=None,
    struck: dict[int, str] | None = None,
) -> GovernmentApproval:
    """Record the government's decision on the proposed winners of ``cycle``, while its approval
    stage runs. ``struck`` maps an application struck out to the reason. Once, then final. Writes
    ``awards.approved``."""
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    struck = {int(pk): reason.strip() for pk, reason in (struck or {}).items()}
    if not issuing_body.strip() or not document_number.strip() or decided_on is None:
        raise AwardError(_("The issuing body, the document number and the date are all required."))
    if any(not reason for reason in struck.values()):
        raise AwardError(_("Say why each name was struck out."))
    checksum = _checked_pdf(uploaded)
    stage = cycle.stages.filter(kind=StageKind.GOVERNMENT_APPROVAL, status=StageStatus.CURRENT).first()
    if stage is None:
        raise AwardError(_("The government's decision is recorded while the cycle awaits it."))
    with transaction.atomic():
        proposed = list(selectors.proposed_winners(cycle).select_for_update(of=("self",)))
        unknown = set(struck) - {application.pk for application in proposed}
        if unknown:
            raise AwardError(_("Only a proposed winner can be struck out."))
        if not proposed:
            raise AwardError(_("There is no proposed winner to approve."))
        try:
            with transaction.atomic():
                approval = GovernmentApproval.objects.create(
                    cycle=cycle,
                    issuing_body=issuing_body.strip(),
                    document_number=document_number.strip(),
                    decided_on=decided_on,
                    file_sha256=checksum or "",
                    article=stage.article,
                    recorded_by=by,
                )
        except IntegrityError:
            raise AwardError(_("The government's decision on this cycle is recorded already.")) from None
        if uploaded is not None:
            approval.file.save("decision.pdf", uploaded, save=True)
        ApprovalLine.objects.bulk_create(
            [
                ApprovalLine(
                    approval=approval,
                    application=application,
                    tier_id=application.notice_tier_id,
                    order=index,
                    approved=application.pk not in struck,
                    struck_reason=struck.get(application.pk, ""),
                )
                for index, application in enumerate(proposed, start=1)
            ]
        )
        audit_record(
            actor=by,
            action="awards.approved",
            summary=_("%(body)s approved the winners of %(cycle)s (%(number)s)")
            % {"body": approval.issuing_body, "cycle": cycle, "number": approval.document_number},
            target=cycle,
            authority=cycle.scheme.authority,
            article=stage.article,
            reason="\n".join(
                f"{application.title}: {struck[application.pk]}" for application in proposed if application.pk in struck
            ),
            data={
                "approved": [a.pk for a in proposed if a.pk not in struck],
                "struck": sorted(struck),
                "sha256": checksum or "",
            },
        )
    return approval
