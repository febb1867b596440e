"""The demo's register: 随州's previous cycle kept by its office, with paid prizes, certificates and
one revocation, visible on the public register and verifiable on the public page."""

import pytest
from django.urls import reverse

from cycles.loader import load_schemes
from demo import people
from demo import register as register_demo
from register.enums import AwardStatus
from register.models import AwardRecord, Certificate
from register.selectors import record_status


@pytest.fixture
def demo_register(db):
    load_schemes()
    people.build({})
    register_demo.build({})
    return AwardRecord.objects.filter(scheme__code="suizhou").select_related("tier")


def test_the_previous_cycle_is_kept_with_prizes_certificates_and_one_revocation(demo_register):
    assert demo_register.count() == len(register_demo.WINNERS)
    assert {r.earlier_cycle.name for r in demo_register} == {register_demo.CYCLE_NAME}
    paid = {r.holder_name: r.prize_amount for r in demo_register if r.paid_on}
    assert sorted(paid.values()) == [200000, 200000, 800000, 800000]  # 第二十六条
    assert Certificate.objects.filter(record__in=demo_register).count() == len(register_demo.WINNERS)
    revoked = demo_register.get(holder_name=register_demo.REVOKED)
    assert record_status(revoked) == AwardStatus.REVOKED
    assert revoked.revocation_article == "第三十四条"
    assert revoked.reclaim_amount == 200000
    assert all(r.decision_reference.startswith("随政发") for r in demo_register)


def test_loading_it_again_adds_nothing(demo_register):
    register_demo.build({})
    assert demo_register.count() == len(register_demo.WINNERS)


def test_the_public_register_and_the_certificate_check_show_it(client, demo_register):
    listing = client.get(reverse("register:list"))
    assert listing.status_code == 200
    for holder, *_rest in register_demo.WINNERS:
        assert holder in listing.content.decode()
    revoked = Certificate.objects.get(record__holder_name=register_demo.REVOKED)
    valid = Certificate.objects.get(record__holder_name=register_demo.WINNERS[0][0])
    assert "撤销" in client.get(reverse("register:verify-code", args=[revoked.code])).content.decode()
    page = client.get(reverse("register:verify-code", args=[valid.code])).content.decode()
    assert "有效" in page
