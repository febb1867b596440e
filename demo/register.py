"""Demo register: 随州's previous cycle, held before the platform and kept by its office, so that the
public register and the certificate check have content from the first start.

The office records the cycle and its winners as it would by hand (register.keeping), with the
government's decision; the prizes the regulation fixes are recorded as paid, every holder gets its
certificate, and one award is revoked under 第三十四条 with the prize to reclaim. Idempotent: the
cycle is recorded once.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from cycles.enums import RevocationGround
from cycles.models import AwardScheme
from demo.applications import demo_credit_code
from register import keeping, services
from register.certificates import certificate_issue, needs_certificate
from register.models import EarlierCycle

SCHEME = "suizhou"
STAFF = "suizhou-staff"
CYCLE_NAME = "第四届"
DECISION_BODY = "随州市人民政府"
# (holder, tier code, region code of the credit code, number of the credit code)
WINNERS = [
    ("湖北随锐精密铸造有限公司", "award", "421303", 9001),
    ("广水市恒通电气股份有限公司", "award", "421381", 9002),
    ("随县裕源香菇产业发展有限公司", "nomination", "421321", 9003),
    ("随州市曾都区鑫达专用汽车有限公司", "nomination", "421303", 9004),
]
REVOKED = "随州市曾都区鑫达专用汽车有限公司"


def build(context: dict) -> None:
    scheme = AwardScheme.objects.current().filter(code=SCHEME).first()
    staff = User.objects.filter(username=STAFF).first()
    if scheme is None or staff is None or EarlierCycle.objects.filter(scheme__code=SCHEME, name=CYCLE_NAME).exists():
        return
    today = timezone.localdate()
    awarded_on = datetime.date(today.year - 2, 12, 18)
    reference = f"随政发〔{awarded_on.year}〕21号"
    earlier = keeping.earlier_cycle_add(by=staff, scheme=scheme, name=CYCLE_NAME, year=awarded_on.year)
    tiers = {tier.code: tier for tier in scheme.tiers.all()}
    records = []
    for holder, tier_code, region, number in WINNERS:
        tier = tiers[tier_code]
        record = keeping.award_record_add(
            by=staff,
            scheme=scheme,
            tier=tier,
            earlier_cycle=earlier,
            holder_name=holder,
            credit_code=demo_credit_code(region, number),
            awarded_on=awarded_on,
            prize_amount=tier.prize_first,
            decision_body=DECISION_BODY,
            decision_reference=reference,
        )
        if record.prize_amount:
            record = services.prize_payment_record(
                record,
                by=staff,
                paid_on=awarded_on + datetime.timedelta(days=40),
                voucher=f"SZCZ-{awarded_on.year + 1}-{number}",
            )
        if needs_certificate(record):
            certificate_issue(record, by=staff)
        records.append(record)
    revoked = next(record for record in records if record.holder_name == REVOKED)
    services.award_revoke(
        revoked,
        by=staff,
        ground=RevocationGround.DECLINE,
        reason="复查发现其质量管理水平严重下滑，经限期整改逾期未整改。",
        decided_on=today - datetime.timedelta(days=60),
        reference=f"随政函〔{today.year}〕8号",
    )
    context["register"] = records
