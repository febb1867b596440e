"""The register's rules as the five texts give them: prizes, revocation windows, the bans that
follow a revocation (read back by eligibility), reclaiming the prize, re-assessment and visits."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import AuditEntry
from applications.eligibility.checks import check_sanction, gather_facts
from applications.models.eligibility import ConditionOutcome
from awards.prizes import prize_for
from cycles.enums import ConditionCheck
from register.certificates import needs_certificate
from register.enums import AwardStatus, ReassessmentOutcome, VisitOutcome
from register.errors import RegisterError
from register.models import SanctionRecord
from register.services import (
    award_revoke,
    prize_repayment_record,
    reassessment_decide,
    reassessment_open,
    visit_close,
    visit_record,
)
from tests import factories

from .support import applying_in, award, new_credit_code, scheme_of

pytestmark = pytest.mark.usefixtures("loaded")

D = datetime.date


def _revoke(record, *, ground, on, by=None):
    return award_revoke(
        record,
        by=by or factories.make_staff(record.scheme.authority),
        ground=ground,
        reason="经查证属实。",
        decided_on=on,
        reference="政府批复〔2026〕1号",
    )


# Prizes -----------------------------------------------------------------------------------------


def test_qingyuan_quality_award_after_an_innovation_award_pays_the_difference():
    """庆元 五(一): 质量奖 200,000; after an earlier 创新奖 (50,000) a 质量奖 brings 150,000."""
    scheme = scheme_of("qingyuan")
    quality = scheme.tiers.get(code="award")
    earlier, fresh = new_credit_code(), new_credit_code()
    award(scheme, "innovation", credit_code=earlier, awarded_on=D(2024, 3, 1), prize=Decimal("50000"))

    after = prize_for(applying_in(scheme, 2026, credit_code=earlier, category="quality"), quality)
    first = prize_for(applying_in(scheme, 2027, credit_code=fresh, category="quality"), quality)

    assert (after.amount, after.article, after.repeat) == (Decimal("150000.00"), "五(一)", False)
    assert (first.amount, first.article, first.repeat) == (Decimal("200000.00"), "五(一)", False)


def test_qingyuan_revoked_innovation_award_does_not_reduce_the_prize():
    scheme = scheme_of("qingyuan")
    code = new_credit_code()
    record = award(scheme, "innovation", credit_code=code, awarded_on=D(2024, 3, 1), prize=Decimal("50000"))
    _revoke(record, ground="fraud", on=D(2024, 9, 1))

    prize = prize_for(applying_in(scheme, 2026, credit_code=code, category="quality"), scheme.tiers.get(code="award"))

    assert prize.amount == Decimal("200000.00")


def test_suizhou_repeat_winner_gets_a_certificate_and_no_money_outside_the_quota():
    """随州 第三十二条第二款: 再次获奖的，授予奖牌、证书，不授予奖励资金，不占当年授奖名额."""
    scheme = scheme_of("suizhou")
    tier = scheme.tiers.get(code="award")
    code = new_credit_code()
    earlier = award(scheme, "award", credit_code=code, awarded_on=D(2019, 12, 1), prize=Decimal("800000"))

    prize = prize_for(applying_in(scheme, 2026, credit_code=code), tier)

    assert (prize.amount, prize.repeat, prize.article) == (None, True, "第三十二条第二款")
    assert tier.repeat_counts_toward_quota is False
    assert tier.grants_certificate and needs_certificate(earlier)


# Revocation: windows ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "ground", "awarded", "valid_until", "on", "article"),
    [
        ("qingyuan", "incident", D(2020, 1, 10), D(2024, 12, 31), D(2022, 2, 1), "六(六)"),  # two years
        ("lanzhou", "incident", D(2019, 1, 10), D(2023, 12, 31), D(2024, 2, 1), "第三十五条"),  # five years
        ("jinzhong", "incident", D(2021, 1, 10), D(2025, 12, 31), D(2026, 1, 5), "第二十七条"),  # validity
    ],
)
def test_revocation_outside_the_window_of_the_text_is_refused_and_changes_nothing(
    code, ground, awarded, valid_until, on, article
):
    scheme = scheme_of(code)
    record = award(scheme, "award", credit_code=new_credit_code(), awarded_on=awarded, valid_until=valid_until)

    with pytest.raises(RegisterError) as refused:
        _revoke(record, ground=ground, on=on)

    assert article in str(refused.value)
    record.refresh_from_db()
    assert record.revoked_on is None
    assert not SanctionRecord.objects.filter(credit_code=record.credit_code).exists()
    assert not AuditEntry.objects.filter(action="register.revoked").exists()


def test_revocation_inside_the_window_and_for_bribery_at_any_time():
    qingyuan, lanzhou = scheme_of("qingyuan"), scheme_of("lanzhou")
    inside = award(qingyuan, "award", credit_code=new_credit_code(), awarded_on=D(2020, 1, 10))
    bribed = award(lanzhou, "award", credit_code=new_credit_code(), awarded_on=D(2012, 1, 10))

    record, _ban = _revoke(inside, ground="incident", on=D(2021, 12, 1))
    late, ban = _revoke(bribed, ground="bribery", on=D(2024, 2, 1))  # 第三十三条 has no window

    assert record.revoked_on == D(2021, 12, 1) and record.revocation_article == "六(六)"
    assert (late.revocation_article, ban.cause, ban.article) == ("第三十三条", "bribery", "第三十三条")
    entry = AuditEntry.objects.get(action="register.revoked", target_id=late.pk)
    assert (entry.article, entry.from_state, entry.to_state) == ("第三十三条", "valid", "revoked")


def test_jinzhong_revocation_needs_a_validity():
    scheme = scheme_of("jinzhong")
    record = award(scheme, "award", credit_code=new_credit_code(), awarded_on=D(2024, 1, 10))

    with pytest.raises(RegisterError, match="第二十七条"):
        _revoke(record, ground="incident", on=D(2025, 1, 5))


def test_ground_the_scheme_does_not_revoke_for_is_refused():
    scheme = scheme_of("qingyuan")
    record = award(scheme, "award", credit_code=new_credit_code(), awarded_on=D(2024, 1, 10))

    with pytest.raises(RegisterError):
        _revoke(record, ground="operating_loss", on=D(2024, 6, 1))


def test_staff_of_another_authority_cannot_revoke():
    record = award(scheme_of("lanzhou"), "award", credit_code=new_credit_code(), awarded_on=D(2024, 1, 10))

    with pytest.raises(RegisterError):
        _revoke(record, ground="bribery", on=D(2024, 6, 1), by=factories.make_staff(scheme_of("suizhou").authority))
    record.refresh_from_db()
    assert record.revoked_on is None


# Revocation: the ban, as eligibility reads it -----------------------------------------------------


def _sanction_finding(application):
    condition = application.cycle.scheme.conditions.get(check_kind=ConditionCheck.SANCTION)
    return check_sanction(condition, application, gather_facts(application))


@pytest.mark.parametrize(
    ("code", "ground", "years", "article"),
    [
        ("suizhou", "incident", 5, "第三十四条"),
        ("lanzhou", "incident", 5, "第三十五条"),
        ("lanzhou", "bribery", 10, "第三十三条"),
        ("qinzhou", "fraud", 5, "第二十五条"),
    ],
)
def test_revocation_bars_the_holder_for_the_years_of_the_text(code, ground, years, article):
    scheme = scheme_of(code)
    holder = new_credit_code()
    record = award(scheme, "award", credit_code=holder, awarded_on=D(2025, 1, 10), valid_until=D(2029, 12, 31))
    _revoke(record, ground=ground, on=D(2026, 3, 1))

    barred = _sanction_finding(applying_in(scheme, 2026 + years - 1, credit_code=holder))
    free = _sanction_finding(applying_in(scheme, 2026 + years, credit_code=holder))

    assert barred.outcome == ConditionOutcome.NOT_MET
    assert barred.explanation.startswith(f"依据{article}")
    assert free.outcome == ConditionOutcome.MET


def test_jinzhong_revocation_bars_for_three_cycles_counted_from_the_decision():
    """晋中 第二十七条: 被撤销奖项的组织3个评选周期内不得申报."""
    scheme = scheme_of("jinzhong")
    holder = new_credit_code()
    record = award(scheme, "award", credit_code=holder, awarded_on=D(2024, 1, 10), valid_until=D(2028, 12, 31))
    _revoke(record, ground="incident", on=D(2026, 3, 1))
    for year in (2027, 2028):
        applying_in(scheme, year, credit_code=new_credit_code())

    barred = _sanction_finding(applying_in(scheme, 2029, credit_code=holder))  # two cycles held since
    free = _sanction_finding(applying_in(scheme, 2030, credit_code=holder))  # three cycles held since

    assert barred.outcome == ConditionOutcome.NOT_MET and "第二十七条" in barred.explanation
    assert free.outcome == ConditionOutcome.MET


# Reclaiming the prize ---------------------------------------------------------------------------


def test_qinzhou_fraud_reclaims_the_paid_prize_until_repaid():
    """钦州 第二十五条: 撤销称号，收回奖牌、证书，追缴质量发展资金."""
    scheme = scheme_of("qinzhou")
    staff = factories.make_staff(scheme.authority)
    record = award(
        scheme,
        "award",
        credit_code=new_credit_code(),
        awarded_on=D(2024, 1, 10),
        prize=Decimal("300000"),
        paid_on=D(2024, 3, 1),
    )
    record, _ban = _revoke(record, ground="fraud", on=D(2025, 1, 5), by=staff)
    assert record.reclaim_amount == Decimal("300000.00")

    with pytest.raises(RegisterError):
        prize_repayment_record(record, by=staff, repaid_on=D(2025, 2, 1), voucher="  ")
    repaid = prize_repayment_record(record, by=staff, repaid_on=D(2025, 2, 1), voucher="缴款书 0001")

    assert (repaid.reclaimed_on, repaid.reclaim_voucher) == (D(2025, 2, 1), "缴款书 0001")
    with pytest.raises(RegisterError):
        prize_repayment_record(record, by=staff, repaid_on=D(2025, 2, 2), voucher="缴款书 0002")


def test_lanzhou_revocation_reclaims_no_money():
    record = award(scheme_of("lanzhou"), "award", credit_code=new_credit_code(), awarded_on=D(2024, 1, 10))

    record, _ban = _revoke(record, ground="incident", on=D(2025, 1, 5))

    assert record.reclaim_amount is None


# Re-assessment at the end of the validity (兰州 第六条) ----------------------------------------------


def test_lanzhou_reassessment_rectify_then_keep():
    scheme = scheme_of("lanzhou")
    staff = factories.make_staff(scheme.authority)
    record = award(scheme, "award", credit_code=new_credit_code(), awarded_on=D(2021, 1, 10), valid_until=D(2026, 1, 9))
    record.validity_article = "第六条"
    record.save(update_fields=["validity_article"])

    reassessment = reassessment_open(record, by=staff, opened_on=D(2025, 11, 1))
    assert record.status(D(2025, 11, 2), reassessment) == AwardStatus.UNDER_REASSESSMENT
    with pytest.raises(RegisterError):
        reassessment_open(record, by=staff, opened_on=D(2025, 11, 2))  # one at a time
    with pytest.raises(RegisterError):
        reassessment_decide(reassessment, by=staff, outcome=ReassessmentOutcome.RECTIFY, findings="质量管理待完善", decided_on=D(2025, 12, 1))  # fmt: skip

    reassessment = reassessment_decide(
        reassessment,
        by=staff,
        outcome=ReassessmentOutcome.RECTIFY,
        findings="质量管理待完善",
        decided_on=D(2025, 12, 1),
        rectify_by=D(2026, 3, 1),
    )
    assert record.status(D(2026, 2, 1), reassessment) == AwardStatus.RECTIFYING
    reassessment = reassessment_decide(
        reassessment, by=staff, outcome=ReassessmentOutcome.KEEP, findings="整改到位", decided_on=D(2026, 3, 1)
    )

    assert record.status(D(2026, 6, 1), reassessment) == AwardStatus.VALID  # kept beyond the first validity
    assert reassessment.article == "第六条"
    assert list(
        AuditEntry.objects.filter(target_id=record.pk, action__startswith="register.reassessment")
        .order_by("pk")
        .values_list("action", "article")
    ) == [
        ("register.reassessment_opened", "第六条"),
        ("register.reassessment_rectify", "第六条"),
        ("register.reassessment_keep", "第六条"),
    ]


def test_reassessment_cancel_ends_the_title_and_an_unassessed_title_expires():
    scheme = scheme_of("lanzhou")
    staff = factories.make_staff(scheme.authority)
    cancelled = award(
        scheme, "award", credit_code=new_credit_code(), awarded_on=D(2021, 1, 10), valid_until=D(2026, 1, 9)
    )
    lapsed = award(scheme, "award", credit_code=new_credit_code(), awarded_on=D(2021, 1, 10), valid_until=D(2026, 1, 9))

    reassessment = reassessment_open(cancelled, by=staff, opened_on=D(2025, 11, 1))
    reassessment_decide(
        reassessment, by=staff, outcome=ReassessmentOutcome.CANCEL, findings="不再符合条件", decided_on=D(2026, 1, 5)
    )
    cancelled.refresh_from_db()

    assert cancelled.status(D(2026, 1, 6)) == AwardStatus.CANCELLED
    assert lapsed.status(D(2026, 1, 10)) == AwardStatus.EXPIRED
    with pytest.raises(RegisterError):
        reassessment_open(cancelled, by=staff, opened_on=D(2026, 2, 1))


# Follow-up visits (晋中 第二十六条) ----------------------------------------------------------------


def test_visit_with_a_rectification_is_followed_up_once():
    scheme = scheme_of("jinzhong")
    staff = factories.make_staff(scheme.authority)
    record = award(scheme, "award", credit_code=new_credit_code(), awarded_on=D(2024, 1, 10))

    with pytest.raises(RegisterError):
        visit_record(record, by=staff, visited_on=D(2025, 5, 1), findings=" ")
    clean = visit_record(record, by=staff, visited_on=D(2025, 5, 1), findings="保持良好", article="第二十六条")
    open_ = visit_record(
        record,
        by=staff,
        visited_on=D(2025, 6, 1),
        findings="计量器具未检定",
        rectify_by=D(2025, 7, 1),
        article="第二十六条",
    )
    assert (clean.outcome, open_.outcome) == (VisitOutcome.SATISFIED, VisitOutcome.OPEN)

    closed = visit_close(open_, by=staff, outcome=VisitOutcome.SATISFIED, note="已整改", on=D(2025, 6, 28))
    assert closed.outcome == VisitOutcome.SATISFIED
    with pytest.raises(RegisterError):
        visit_close(open_, by=staff, outcome=VisitOutcome.NOT_RECTIFIED, note="", on=D(2025, 7, 2))
