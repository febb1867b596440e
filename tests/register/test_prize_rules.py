"""The rule a prize was computed by is stored untranslated and read in the reader's language: an English
page says "first award", a Chinese one 首次获奖, whichever language the announcement ran in."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from awards.prizes import prize_for
from register.prize_rules import prize_rule_text
from tests import factories

from .support import applying_in, award, new_credit_code, scheme_of

pytestmark = pytest.mark.usefixtures("loaded")


def test_qingyuan_rules_are_stored_untranslated_and_read_in_either_language():
    scheme = scheme_of("qingyuan")
    quality = scheme.tiers.get(code="award")
    earlier = new_credit_code()
    award(scheme, "innovation", credit_code=earlier, awarded_on=datetime.date(2024, 3, 1), prize=Decimal("50000"))

    with translation.override("zh-hans"):
        after = prize_for(applying_in(scheme, 2026, credit_code=earlier, category="quality"), quality)
        first = prize_for(applying_in(scheme, 2027, credit_code=new_credit_code(), category="quality"), quality)

    innovation = scheme.tiers.get(code="innovation").name
    assert (first.rule, after.rule) == ("first award", f"after an earlier award of {innovation}")
    with translation.override("en"):
        assert (prize_rule_text(first.rule), prize_rule_text(after.rule)) == (
            "first award",
            f"after an earlier award of {innovation}",
        )
    with translation.override("zh-hans"):
        assert (prize_rule_text(first.rule), prize_rule_text(after.rule)) == ("首次获奖", f"曾获{innovation}后获奖")


def test_text_typed_for_an_earlier_year_is_shown_as_it_is():
    assert prize_rule_text("市政府常务会议确定") == "市政府常务会议确定"


@pytest.mark.parametrize(
    ("language", "said", "not_said"), [("en", "first award", "首次获奖"), ("zh-hans", "首次获奖", "first award")]
)
def test_record_page_reads_the_rule_in_the_page_language(client, language, said, not_said):
    scheme = scheme_of("suizhou")
    record = award(
        scheme, "award", credit_code=new_credit_code(), awarded_on=datetime.date(2026, 1, 5), prize=Decimal("800000")
    )
    record.prize_rule, record.prize_article = "first award", "第二十六条"
    record.save(update_fields=["prize_rule", "prize_article"])
    client.force_login(factories.make_staff(scheme.authority, username="suizhou-staff"))

    page = client.get(reverse("register:record", args=[record.pk]), HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 200
    assert f"{said} (第二十六条)" in page.content.decode()
    assert not_said not in page.content.decode()
