"""The consultation of the member units on the proposed winners (随州 第二十三条: 拟奖组织经征求市质量强市
工作委员会成员单位意见后…). Each unit agrees, disagrees with its reasons, or did not reply by the date."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from common.machines import check_move
from cycles.permissions import can_manage_cycle

from ..enums import CONSULTATION_MOVES, ConsultationAnswer
from ..errors import AwardError
from ..models import Consultation, ConsultationOpinion, ConsultedUnit


def consultation_open(stage, *, by) -> Consultation:
    """Open the consultation of a consultation stage with the authority's member units; the
    pipeline calls it when the stage begins. Replies are due by the stage's planned end."""
    cycle = stage.cycle
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        consultation, created = Consultation.objects.get_or_create(
            stage=stage,
            defaults={"cycle": cycle, "reply_by": stage.planned_end, "article": stage.article, "opened_by": by},
        )
        units = ConsultedUnit.objects.filter(authority=cycle.scheme.authority, is_active=True)
        ConsultationOpinion.objects.bulk_create(
            [ConsultationOpinion(consultation=consultation, unit=unit) for unit in units], ignore_conflicts=True
        )
        if created:
            audit_record(
                actor=by,
                action="awards.consultation_opened",
                summary=_("Consultation of the member units on %(cycle)s opened") % {"cycle": cycle},
                target=cycle,
                authority=cycle.scheme.authority,
                article=stage.article,
                data={"units": consultation.opinions.count(), "reply_by": consultation.reply_by.isoformat()},
            )
    return consultation


def consultation_add_unit(consultation, *, by, name: str) -> ConsultationOpinion:
    """Consult one more member unit (kept for the authority's later consultations too)."""
    authority = consultation.cycle.scheme.authority
    if not can_manage_cycle(by, consultation.cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    name = name.strip()
    if not name:
        raise AwardError(_("Name the member unit."))
    with transaction.atomic():
        unit, _created = ConsultedUnit.objects.get_or_create(authority=authority, name=name)
        opinion, created = ConsultationOpinion.objects.get_or_create(consultation=consultation, unit=unit)
        if not created:
            raise AwardError(_("%(unit)s is consulted already.") % {"unit": unit})
        audit_record(
            actor=by,
            action="awards.consultation_unit_added",
            summary=_("%(unit)s consulted on %(cycle)s") % {"unit": unit, "cycle": consultation.cycle},
            target=consultation.cycle,
            authority=authority,
            article=consultation.article,
        )
    return opinion


def opinion_record(opinion, *, by, answer: str, reasons: str = "", today: datetime.date | None = None):
    """Record a member unit's opinion: agreement, disagreement with its reasons, or no reply once
    the date has passed. Final once recorded. Writes ``awards.opinion_<answer>``."""
    today = today or timezone.localdate()
    consultation = opinion.consultation
    if not can_manage_cycle(by, consultation.cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    if consultation.stage.status != "current":
        raise AwardError(_("The consultation is not in progress."))
    if answer == ConsultationAnswer.DISAGREE and not reasons.strip():
        raise AwardError(_("A disagreement is recorded with its reasons."))
    if answer == ConsultationAnswer.NO_REPLY and today <= consultation.reply_by:
        raise AwardError(
            _("Replies are due by %(date)s; “no reply” is recorded after that date.")
            % {"date": consultation.reply_by.isoformat()}
        )
    with transaction.atomic():
        locked = ConsultationOpinion.objects.select_for_update(of=("self",)).select_related("unit").get(pk=opinion.pk)
        previous = locked.answer
        check_move(CONSULTATION_MOVES, previous, answer, choices=ConsultationAnswer, error=AwardError)
        locked.answer, locked.reasons = answer, reasons.strip()
        locked.recorded_by, locked.recorded_at = by, timezone.now()
        locked.save(update_fields=["answer", "reasons", "recorded_by", "recorded_at"])
        audit_record(
            actor=by,
            action=f"awards.opinion_{answer}",
            summary=_("%(unit)s: %(answer)s") % {"unit": locked.unit, "answer": ConsultationAnswer(answer).label},
            target=consultation.cycle,
            authority=consultation.cycle.scheme.authority,
            from_state=previous,
            to_state=answer,
            article=consultation.article,
            reason=locked.reasons,
        )
    return locked
