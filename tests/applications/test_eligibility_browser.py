"""Staff run the eligibility review of a Lanzhou application in the browser, in Chinese, and refuse it."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Notification
from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.enums import StageKind
from tests import factories
from tests.applications import eligibility_support as support


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_refuses_a_four_year_old_company_under_article_ten(live_server, page):
    authority = factories.AuthorityFactory(name="兰州市人民政府", region="兰州市")
    scheme = support.lanzhou_rules(factories.make_scheme(authority, code="lanzhou-browser"))
    district = factories.DistrictFactory(authority=authority, name="城关区")
    staff = factories.make_staff(authority, username="lanzhou-staff-b")
    applicant = factories.UserFactory(username="lz-applicant")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name="第三届", year=2026)
    organisation = support.make_organisation(
        district, registered_on=datetime.date(2022, 3, 1), name="兰州新创科技有限公司"
    )
    application = support.make_application(
        cycle, owner=applicant, district=district, organisation=organisation, status=ApplicationStatus.RECOMMENDED
    )

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))

    page.goto(live_server.url + reverse("applications:eligibility-list", args=[cycle.pk]))
    assert page.locator("h1").inner_text() == "资格审核"
    page.get_by_role("link", name="审核").click()
    page.locator("#evaluate").click()
    years = page.locator("#conditions .list-group-item").first
    assert years.locator(".outcome").inner_text() == "不符合"
    assert "依据第十条第（一）项：正常运行满5年" in years.inner_text()
    page.fill("textarea[name=reason]", "经核查，企业成立不满5年。")
    page.locator("#refuse").click()
    assert "已书面告知申报单位理由" in page.locator("main").inner_text()
    assert page.locator("#status").inner_text() == "不予受理"
    assert "第十条第（一）项、第十五条" in page.locator("#eligibility-result").inner_text()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert Notification.objects.filter(recipient=applicant).count() == 1
    assert Application.objects.get(pk=application.pk).eligibility_review.reasons.endswith("经核查，企业成立不满5年。")
