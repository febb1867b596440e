"""In the browser, the staff of each of the five authorities start a new edition of their rules
(the current one is in use by a running cycle), change a rule, and see their edition, its status
and the history of the rule they changed."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.loader import load_schemes
from cycles.models import AwardScheme
from pipeline.services import cycle_open
from tests import factories

STATUS = {
    "suizhou": "施行中",
    "qinzhou": "施行中",
    "qingyuan": "征求意见稿",
    "jinzhong": "修订稿",
    "lanzhou": "施行中",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_of_each_authority_see_their_edition_its_status_and_the_history_of_a_rule_they_changed(live_server, page):
    load_schemes()
    for code, status in STATUS.items():
        scheme = AwardScheme.objects.get(code=code)
        staff = factories.make_staff(scheme.authority, username=f"{code}-staff", display_name=f"{code}办公室")
        cycle_open(
            scheme,
            by=staff,
            name="第九届",
            year=timezone.localdate().year,
            call_text="通知",
            submission_deadline=factories.in_days(40),
            confirm_early=True,
        )
        page.context.clear_cookies()
        page.goto(live_server.url + reverse("accounts:login"))
        page.fill("input[name=username]", staff.username)
        page.fill("input[name=password]", factories.PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(live_server.url + reverse("pipeline:home"))

        page.goto(live_server.url + reverse("cycles:scheme", args=[code]))
        assert page.locator("#edition-number").inner_text() == "第1版"
        assert page.locator("#edition-status").inner_text() == status
        page.get_by_role("link", name="建立新版本以修改规则").click()
        page.wait_for_url(re.compile(r".*/admin/cycles/awardscheme/\d+/change/$"))
        page.fill("#id_note", "调整法定人数")
        page.locator("#start-new-edition").click()
        page.wait_for_url(re.compile(r".*/admin/cycles/awardscheme/\d+/change/$"))
        assert "第2版为现行版本，自下一届起适用。" in page.locator("body").inner_text()
        page.fill("#id_committee_quorum_percent", "60")
        page.locator("input[name=_continue]").click()
        page.wait_for_url(re.compile(r".*/admin/cycles/awardscheme/\d+/change/$"))

        page.goto(live_server.url + reverse("cycles:scheme", args=[code]))
        assert page.locator("#edition-number").inner_text() == "第2版"
        assert page.locator("#edition-status").inner_text() == status
        page.get_by_role("link", name="规则修改记录").click()
        page.wait_for_url(live_server.url + reverse("cycles:scheme-history", args=[code]))
        row = page.locator("tr.change", has_text="法定人数").first
        assert "60" in row.inner_text() and "50" in row.inner_text()
        assert f"{code}办公室" in row.inner_text()
        assert "第2版" in row.inner_text()

    assert sorted(AwardScheme.objects.current().values_list("code", "edition", "committee_quorum_percent")) == [
        (code, 2, 60) for code in sorted(STATUS)
    ]
    assert set(AwardScheme.objects.filter(edition=1).values_list("committee_quorum_percent", flat=True)) == {50}
