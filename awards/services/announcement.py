"""The announcement: the approved winners and nominees enter the register with their prize, each
applicant learns its outcome, and the office issues the certificates.

The register is written here and only here (besides the earlier years the office enters by
hand): an award record is created from the government's approved list, never typed.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services.transitions import application_set_status
from common.text import join_list
from cycles.permissions import can_manage_cycle
from register.models import CertificateBatch
from register.services import award_record_create
from register.tasks import issue_certificates

from ..errors import AwardError
from ..models import ApprovalLine, CyclePrize, GovernmentApproval
from ..prizes import prize_for


def cycle_prize_set(cycle, tier, *, by, amount: Decimal) -> CyclePrize:
    """Set the prize of ``tier`` for ``cycle`` where the regulation leaves it to the office
    (晋中 第十九条). Writes ``awards.prize_set`` with the old and new amounts."""
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    if not tier.prize_set_per_cycle or tier.scheme_id != cycle.scheme_id:
        raise AwardError(_("The prize of this tier is fixed by the regulation."))
    if amount is None or amount < 0:
        raise AwardError(_("A prize is an amount of money, zero or more."))
    with transaction.atomic():
        previous = CyclePrize.objects.select_for_update().filter(cycle=cycle, tier=tier).first()
        if GovernmentApproval.objects.filter(cycle=cycle, announced_at__isnull=False).exists():
            raise AwardError(_("The winners are announced; the prize can no longer change."))
        prize, _created = CyclePrize.objects.update_or_create(
            cycle=cycle, tier=tier, defaults={"amount": amount, "set_by": by}
        )
        audit_record(
            actor=by,
            action="awards.prize_set",
            summary=_("Prize of %(tier)s in %(cycle)s: %(amount)s yuan")
            % {"tier": tier.name, "cycle": cycle, "amount": amount},
            target=cycle,
            authority=cycle.scheme.authority,
            from_state=str(previous.amount) if previous else "",
            to_state=str(amount),
            article=tier.prize_article,
        )
    return prize


def announce(stage, *, by) -> list:
    """Announce the approved winners of the cycle of ``stage``: the pipeline calls it when the
    announcement stage begins. Each approved line enters the register with its prize and rule;
    its application is awarded, every other candidate is not; each applicant is told. Refuses while
    a tier whose prize the office sets has none. Writes ``awards.announced``."""
    cycle = stage.cycle
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        approval = GovernmentApproval.objects.select_for_update(of=("self",)).filter(cycle=cycle).first()
        if approval is None:
            raise AwardError(_("The government's decision is not recorded yet."))
        if approval.announced_at:
            return []
        lines = list(
            ApprovalLine.objects.filter(approval=approval)
            .select_related("tier__prize_after_tier", "application__organisation")
            .prefetch_related("application__team_members")
            .order_by("tier__rank", "order")
        )
        unset = sorted(
            {line.tier.name for line in lines if line.approved and line.tier.prize_set_per_cycle}
            - set(CyclePrize.objects.filter(cycle=cycle).values_list("tier__name", flat=True))
        )
        if unset:
            raise AwardError(
                _("Set the prize of %(tiers)s for this cycle first (%(article)s).")
                % {"tiers": join_list(unset), "article": lines[0].tier.prize_article}
            )
        records = []
        for line in lines:
            application = line.application
            if not line.approved or application.status != ApplicationStatus.CANDIDATE:
                continue
            prize = prize_for(application, line.tier)
            record = award_record_create(
                by=by,
                scheme=cycle.scheme,
                tier=line.tier,
                cycle=cycle,
                holder_name=application.title,
                credit_code=application.organisation.credit_code if application.organisation_id else "",
                id_numbers=[member.id_number for member in application.team_members.all()],
                awarded_on=approval.decided_on,
                award_year=cycle.year,
                decision_body=approval.issuing_body,
                decision_reference=approval.document_number,
                prize_amount=prize.amount,
                prize_rule=prize.rule,
                prize_article=prize.article,
                is_repeat=prize.repeat,
                counts_toward_quota=not prize.repeat or line.tier.repeat_counts_toward_quota,
            )
            line.award_record = record
            line.save(update_fields=["award_record"])
            application_set_status(
                application,
                ApplicationStatus.AWARDED,
                by=by,
                article=stage.article,
                notify_owner=False,
                summary=_("%(application)s awarded %(tier)s")
                % {"application": application.title, "tier": line.tier.name},
            )
            _tell(
                application,
                _("Your application to %(cycle)s: awarded %(tier)s") % {"cycle": cycle, "tier": line.tier.name},
            )
            records.append(record)
        for application in Application.objects.filter(cycle=cycle, status=ApplicationStatus.CANDIDATE):
            application_set_status(
                application,
                ApplicationStatus.NOT_AWARDED,
                by=by,
                article=stage.article,
                notify_owner=False,
                reason=next((line.struck_reason for line in lines if line.application_id == application.pk), ""),
            )
            _tell(application, _("Your application to %(cycle)s: not awarded") % {"cycle": cycle})
        approval.announced_at = timezone.now()
        approval.save(update_fields=["announced_at"])
        audit_record(
            actor=by,
            action="awards.announced",
            summary=_("%(cycle)s announced: %(count)s awards entered in the register")
            % {"cycle": cycle, "count": len(records)},
            target=cycle,
            authority=cycle.scheme.authority,
            article=stage.article,
            data={"records": [record.pk for record in records]},
        )
    return records


def _tell(application, subject):
    recipients = {application.owner, *(application.organisation.members.all() if application.organisation_id else [])}
    notify(
        recipients=sorted(recipients, key=lambda user: user.pk),
        subject=subject,
        body=_("Your outcome and the feedback of the review groups are on your application's page."),
        url=reverse("awards:outcome", args=[application.pk]),
    )


def certificates_request(cycle, *, by) -> CertificateBatch:
    """Issue every certificate of the announced cycle that is not issued yet, as a task whose
    progress the office follows. Writes ``register.certificates_requested``."""
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    approval = GovernmentApproval.objects.filter(cycle=cycle, announced_at__isnull=False).first()
    if approval is None:
        raise AwardError(_("Certificates are issued once the winners are announced."))
    with transaction.atomic():
        batch = CertificateBatch.objects.create(cycle=cycle, requested_by=by)
        audit_record(
            actor=by,
            action="register.certificates_requested",
            summary=_("Certificates of %(cycle)s requested") % {"cycle": cycle},
            target=cycle,
            authority=cycle.scheme.authority,
        )
        transaction.on_commit(lambda: issue_certificates.delay(batch_id=batch.pk))
    return batch
