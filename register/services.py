"""Changes to the register: an award entered at its announcement, the prize paid and reclaimed,
a revocation and the ban that follows, re-assessment at the end of the validity, follow-up visits.

Each function checks that the user runs the awards of the record's authority, acts in one
transaction with the row locked, and writes the audit trail with the article it applied.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import authority_staff, can_manage_authority
from accounts.services import audit_record, notify
from common.machines import check_move
from cycles.enums import PeriodUnit, RevocationGround

from .enums import REASSESSMENT_MOVES, VISIT_MOVES, ReassessmentOutcome, VisitOutcome
from .errors import RegisterError
from .models import AwardRecord, FollowUpVisit, Reassessment, SanctionRecord


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _check_staff(by, record):
    if not can_manage_authority(by, record.scheme.authority):
        raise RegisterError(_("You do not run the awards of this authority."))


def _locked(record) -> AwardRecord:
    return (
        AwardRecord.objects.select_for_update(of=("self",))
        .select_related("scheme__authority", "tier", "cycle")
        .get(pk=record.pk)
    )


def award_record_create(
    *,
    by,
    scheme,
    tier,
    cycle,
    holder_name: str,
    credit_code: str = "",
    id_numbers=(),
    awarded_on: datetime.date,
    award_year: int,
    decision_body: str,
    decision_reference: str,
    prize_amount: Decimal | None,
    prize_rule: str,
    prize_article: str,
    is_repeat: bool,
    counts_toward_quota: bool,
) -> AwardRecord:
    """Enter an approved winner in the register at its announcement (never typed by hand). Its
    validity, where the scheme has one (庆元 五(三), 兰州 第六条), runs from the award. Writes
    ``register.awarded``."""
    valid_until = validity_article = None
    if scheme.validity_years:
        valid_until = add_years(awarded_on, scheme.validity_years) - datetime.timedelta(days=1)
        validity_article = scheme.validity_article
    ids = [number for number in id_numbers if number]
    record = AwardRecord.objects.create(
        scheme=scheme,
        tier=tier,
        cycle=cycle,
        holder_name=holder_name,
        credit_code=credit_code,
        person_id_number=ids[0] if ids else "",
        holder_id_numbers=",".join(ids),
        awarded_on=awarded_on,
        award_year=award_year,
        decision_body=decision_body,
        decision_reference=decision_reference,
        prize_amount=prize_amount,
        prize_rule=prize_rule,
        prize_article=prize_article,
        is_repeat=is_repeat,
        counts_toward_quota=counts_toward_quota,
        valid_until=valid_until,
        validity_article=validity_article or "",
        entered_by=by,
    )
    audit_record(
        actor=by,
        action="register.awarded",
        summary=_("%(holder)s entered in the register: %(tier)s, %(year)s")
        % {"holder": holder_name, "tier": tier.name, "year": award_year},
        target=record,
        authority=scheme.authority,
        article=decision_reference,
        data={"prize": str(prize_amount) if prize_amount is not None else None, "prize_rule": prize_rule},
    )
    return record


def prize_payment_record(record, *, by, paid_on: datetime.date, voucher: str) -> AwardRecord:
    """Record that the prize was paid, with the date and the voucher number. Writes ``register.prize_paid``."""
    _check_staff(by, record)
    if not voucher.strip():
        raise RegisterError(_("Give the voucher number of the payment."))
    with transaction.atomic():
        record = _locked(record)
        if not record.prize_amount:
            raise RegisterError(_("This award carries no prize money."))
        if record.paid_on:
            raise RegisterError(_("The payment of this prize is already recorded."))
        if record.revoked_on:
            raise RegisterError(_("This award has been revoked."))
        record.paid_on, record.payment_voucher = paid_on, voucher.strip()
        record.save(update_fields=["paid_on", "payment_voucher"])
        audit_record(
            actor=by,
            action="register.prize_paid",
            summary=_("Prize of %(holder)s paid: %(amount)s yuan")
            % {"holder": record.holder_name, "amount": record.prize_amount},
            target=record,
            authority=record.scheme.authority,
            article=record.prize_article,
            data={"paid_on": paid_on.isoformat(), "voucher": record.payment_voucher},
        )
    return record


def revocation_sanction(record, ground: str):
    """The scheme's sanction that covers ``ground``, or None when the scheme does not revoke for it."""
    for sanction in record.scheme.sanctions.all():
        if ground in (sanction.grounds or []):
            return sanction
    return None


def revocation_window_refusal(record, sanction, decided_on: datetime.date) -> str:
    """Why the revocation falls outside the window the text gives, or "" (庆元 六(六) two years,
    兰州 第三十五条 five years, 晋中 第二十七条 within the validity)."""
    article = sanction.window_article or sanction.article
    if sanction.window_years and decided_on > add_years(record.awarded_on, sanction.window_years):
        return _(
            "Under %(article)s an award is revoked on this ground only within %(years)s years of the award (%(date)s)."
        ) % {
            "article": article,
            "years": sanction.window_years,
            "date": record.awarded_on.isoformat(),
        }
    if sanction.window_within_validity:
        if record.valid_until is None:
            return _(
                "Under %(article)s an award is revoked on this ground only within its validity, which the office has not set for this award."
            ) % {"article": article}
        if decided_on > record.valid_until:
            return _(
                "Under %(article)s an award is revoked on this ground only within its validity, which ended on %(date)s."
            ) % {
                "article": article,
                "date": record.valid_until.isoformat(),
            }
    return ""


def award_revoke(
    record, *, by, ground: str, reason: str, decided_on: datetime.date, reference: str
) -> tuple[AwardRecord, SanctionRecord]:
    """Revoke an award on ``ground`` with the government's approval ``reference``.

    The scheme says whether it revokes for that ground, within which window, whether the prize is
    reclaimed, and the ban that follows (随州 5 years; 钦州 this cycle and 5 years after fraud; 晋中 3
    cycles; 兰州 5 years, 10 after bribery or deceit), which becomes a sanction record that
    eligibility reads. Refuses outside the window, citing its article. Writes ``register.revoked``.
    """
    _check_staff(by, record)
    if ground not in RevocationGround.values:
        raise RegisterError(_("Choose the ground of the revocation."))
    if not reason.strip() or not reference.strip():
        raise RegisterError(_("Give the facts and the approval of the revocation."))
    with transaction.atomic():
        record = _locked(record)
        if record.revoked_on:
            raise RegisterError(_("This award has been revoked."))
        sanction = revocation_sanction(record, ground)
        if sanction is None:
            raise RegisterError(
                _("%(scheme)s does not revoke an award on this ground.") % {"scheme": record.scheme.name}
            )
        refusal = revocation_window_refusal(record, sanction, decided_on)
        if refusal:
            raise RegisterError(refusal)
        record.revoked_on, record.revocation_ground = decided_on, ground
        record.revocation_reason, record.revocation_article = reason.strip(), sanction.article
        record.revocation_reference = reference.strip()
        if sanction.reclaims_prize and record.prize_amount and record.paid_on:
            record.reclaim_amount = record.prize_amount
        record.save(
            update_fields=[
                "revoked_on",
                "revocation_ground",
                "revocation_reason",
                "revocation_article",
                "revocation_reference",
                "reclaim_amount",
            ]
        )
        ban = SanctionRecord.objects.create(
            scheme=record.scheme,
            cause=sanction.cause,
            holder_name=record.holder_name,
            credit_code=record.credit_code,
            person_id_number=record.person_id_number,
            holder_id_numbers=record.holder_id_numbers,
            decided_on=decided_on,
            # Counted from the decision, not from the cycle of the award: "被撤销奖项的组织3个评选
            # 周期内不得申报" (晋中 第二十七条) runs from the revocation.
            cycle=None,
            reason=record.revocation_reason,
            article=sanction.article,
            entered_by=by,
        )
        bar = _("barred for %(value)s %(unit)s") % {
            "value": sanction.bar_value,
            "unit": PeriodUnit(sanction.bar_unit).label,
        }
        audit_record(
            actor=by,
            action="register.revoked",
            summary=_("%(holder)s: %(tier)s revoked, %(bar)s")
            % {"holder": record.holder_name, "tier": record.tier.name, "bar": bar},
            target=record,
            authority=record.scheme.authority,
            from_state="valid",
            to_state="revoked",
            article=sanction.article,
            reason=record.revocation_reason,
            data={
                "ground": ground,
                "reference": record.revocation_reference,
                "reclaim": str(record.reclaim_amount or ""),
            },
        )
    return record, ban


def prize_repayment_record(record, *, by, repaid_on: datetime.date, voucher: str) -> AwardRecord:
    """Record that a reclaimed prize was repaid. Writes ``register.prize_repaid``."""
    _check_staff(by, record)
    if not voucher.strip():
        raise RegisterError(_("Give the voucher number of the repayment."))
    with transaction.atomic():
        record = _locked(record)
        if not record.reclaim_amount:
            raise RegisterError(_("No prize is to be reclaimed from this award."))
        if record.reclaimed_on:
            raise RegisterError(_("The repayment is already recorded."))
        record.reclaimed_on, record.reclaim_voucher = repaid_on, voucher.strip()
        record.save(update_fields=["reclaimed_on", "reclaim_voucher"])
        audit_record(
            actor=by,
            action="register.prize_repaid",
            summary=_("Prize of %(holder)s repaid: %(amount)s yuan")
            % {"holder": record.holder_name, "amount": record.reclaim_amount},
            target=record,
            authority=record.scheme.authority,
            article=record.revocation_article,
            data={"repaid_on": repaid_on.isoformat(), "voucher": record.reclaim_voucher},
        )
    return record


# Re-assessment at the end of the validity (兰州 第六条) ------------------------------------------


def reassessment_open(record, *, by, opened_on: datetime.date) -> Reassessment:
    """Open the re-assessment of an award whose validity ends. Writes ``register.reassessment_opened``."""
    _check_staff(by, record)
    with transaction.atomic():
        record = _locked(record)
        if record.revoked_on or record.cancelled_on:
            raise RegisterError(_("This award is no longer held."))
        if not record.valid_until:
            raise RegisterError(_("This award has no validity to re-assess."))
        if record.reassessments.exclude(outcome__in=[ReassessmentOutcome.KEEP, ReassessmentOutcome.CANCEL]).exists():
            raise RegisterError(_("A re-assessment of this award is already under way."))
        reassessment = Reassessment.objects.create(
            record=record, opened_on=opened_on, article=record.validity_article, recorded_by=by
        )
        audit_record(
            actor=by,
            action="register.reassessment_opened",
            summary=_("Re-assessment of %(holder)s opened") % {"holder": record.holder_name},
            target=record,
            authority=record.scheme.authority,
            to_state=ReassessmentOutcome.PENDING,
            article=record.validity_article,
        )
    return reassessment


def reassessment_decide(
    reassessment, *, by, outcome: str, findings: str, decided_on: datetime.date, rectify_by=None
) -> Reassessment:
    """Keep the title, have it rectified by a date, or cancel it (兰州 第六条: 符合条件的继续保留称号，
    不符合条件的予以整改，整改后仍不能达到要求的取消称号). Writes ``register.reassessment_<outcome>``."""
    record = reassessment.record
    _check_staff(by, record)
    if not findings.strip():
        raise RegisterError(_("Write the findings of the re-assessment."))
    if outcome == ReassessmentOutcome.RECTIFY and rectify_by is None:
        raise RegisterError(_("Give the date by which the holder rectifies."))
    with transaction.atomic():
        reassessment = Reassessment.objects.select_for_update(of=("self",)).get(pk=reassessment.pk)
        record = _locked(record)
        previous = reassessment.outcome
        check_move(REASSESSMENT_MOVES, previous, outcome, choices=ReassessmentOutcome, error=RegisterError)
        reassessment.outcome, reassessment.decided_on = outcome, decided_on
        reassessment.findings = "\n\n".join(part for part in [reassessment.findings, findings.strip()] if part)
        reassessment.rectify_by = rectify_by if outcome == ReassessmentOutcome.RECTIFY else reassessment.rectify_by
        reassessment.save(update_fields=["outcome", "decided_on", "findings", "rectify_by"])
        if outcome == ReassessmentOutcome.CANCEL:
            record.cancelled_on, record.cancel_article = decided_on, reassessment.article
            record.save(update_fields=["cancelled_on", "cancel_article"])
        audit_record(
            actor=by,
            action=f"register.reassessment_{outcome}",
            summary=_("Re-assessment of %(holder)s: %(outcome)s")
            % {"holder": record.holder_name, "outcome": ReassessmentOutcome(outcome).label},
            target=record,
            authority=record.scheme.authority,
            from_state=previous,
            to_state=outcome,
            article=reassessment.article,
            reason=findings.strip(),
        )
    return reassessment


# Follow-up visits (随州 第三十四条, 晋中 第二十六条) ------------------------------------------------


def visit_record(
    record, *, by, visited_on: datetime.date, findings: str, rectify_by=None, article: str = ""
) -> FollowUpVisit:
    """Record a visit to a holder, its findings and, if needed, the date to rectify by."""
    _check_staff(by, record)
    if not findings.strip():
        raise RegisterError(_("Write the findings of the visit."))
    with transaction.atomic():
        record = _locked(record)
        visit = FollowUpVisit.objects.create(
            record=record,
            visited_on=visited_on,
            findings=findings.strip(),
            rectify_by=rectify_by,
            outcome=VisitOutcome.OPEN if rectify_by else VisitOutcome.SATISFIED,
            outcome_on=None if rectify_by else visited_on,
            article=article,
            recorded_by=by,
        )
        audit_record(
            actor=by,
            action="register.visit",
            summary=_("Follow-up visit to %(holder)s on %(date)s")
            % {"holder": record.holder_name, "date": visited_on.isoformat()},
            target=record,
            authority=record.scheme.authority,
            article=article,
            reason=visit.findings,
        )
    return visit


def visit_close(visit, *, by, outcome: str, note: str, on: datetime.date) -> FollowUpVisit:
    """Record whether the holder rectified what the visit found, by its deadline."""
    record = visit.record
    _check_staff(by, record)
    with transaction.atomic():
        visit = FollowUpVisit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
        previous = visit.outcome
        check_move(VISIT_MOVES, previous, outcome, choices=VisitOutcome, error=RegisterError)
        visit.outcome, visit.outcome_note, visit.outcome_on = outcome, note.strip(), on
        visit.save(update_fields=["outcome", "outcome_note", "outcome_on"])
        audit_record(
            actor=by,
            action=f"register.visit_{outcome}",
            summary=_("Follow-up of %(holder)s: %(outcome)s")
            % {"holder": record.holder_name, "outcome": VisitOutcome(outcome).label},
            target=record,
            authority=record.scheme.authority,
            from_state=previous,
            to_state=outcome,
            article=visit.article,
            reason=visit.outcome_note,
        )
    return visit


def remind_validity_ending(today: datetime.date | None = None) -> list[int]:
    """Tell the office, once, of every award still held whose validity ends within
    ``REMIND_VALIDITY_DAYS`` and whose re-assessment has not been opened, so that it is opened in
    time (兰州 第六条, 庆元 五(三)). Safe when two copies run at once: the one whose update marks the
    record reminded sends the message."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REMIND_VALIDITY_DAYS)
    due = (
        AwardRecord.objects.filter(
            valid_until__isnull=False,
            valid_until__gte=today,
            valid_until__lte=horizon,
            revoked_on__isnull=True,
            cancelled_on__isnull=True,
            validity_reminded_at__isnull=True,
            reassessments__isnull=True,
        )
        .select_related("scheme__authority")
        .order_by("valid_until", "pk")
    )
    now = timezone.now()
    reminded = []
    for record in due:
        if not AwardRecord.objects.filter(pk=record.pk, validity_reminded_at__isnull=True).update(
            validity_reminded_at=now
        ):
            continue
        notify(
            recipients=list(authority_staff(record.scheme.authority)),
            subject=_("The award of %(holder)s is valid until %(date)s")
            % {"holder": record.holder_name, "date": record.valid_until.isoformat()},
            body=_("Open its re-assessment before then (%(article)s).") % {"article": record.validity_article},
            url=reverse("register:record", args=[record.pk]),
        )
        reminded.append(record.pk)
    return reminded
