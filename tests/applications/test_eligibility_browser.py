"""Staff run the eligibility review of a Lanzhou application in the browser, in Chinese: tick its
conditions in one form, and refuse it."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Notification
from applications.enums import ApplicationStatus
from applications.models import Application, EligibilityReview
from applications.models.eligibility import ConditionOutcome
from cycles.enums import ConditionCheck, StageKind
from cycles.models import EligibilityCondition
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_ticks_every_condition_and_one_submit_records_them_all(live_server, page):
    authority = factories.AuthorityFactory(name="兰州市人民政府", region="兰州市")
    scheme = support.lanzhou_rules(factories.make_scheme(authority, code="lanzhou-browser-ticks"))
    EligibilityCondition.objects.create(
        scheme=scheme, order=5, check_kind=ConditionCheck.JUDGMENT, text="近3年未发生亏损", article="第十条第（四）项"
    )
    district = factories.DistrictFactory(authority=authority, name="城关区")
    staff = factories.make_staff(authority, username="lanzhou-staff-ticks")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name="第三届", year=2026)
    organisation = support.make_organisation(district, registered_on=datetime.date(2019, 3, 1))
    application = support.make_application(
        cycle,
        owner=factories.UserFactory(),
        district=district,
        organisation=organisation,
        status=ApplicationStatus.RECOMMENDED,
    )

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("applications:eligibility-review", args=[application.pk]))
    page.locator("#evaluate").click()
    review = EligibilityReview.objects.get(application=application)
    incidents, losses = review.results.filter(check_kind=ConditionCheck.JUDGMENT).order_by("order")
    page.locator(f"#condition-{incidents.pk}").get_by_label("符合", exact=True).check()
    page.locator(f"#condition-{incidents.pk} textarea").fill("经查询应急管理局，无事故记录")
    page.locator(f"#condition-{losses.pk}").get_by_label("不符合", exact=True).check()
    page.locator(f"#condition-{losses.pk} textarea").fill("2024年度亏损")
    page.locator("#record").click()

    assert "条件已记录" in page.locator("main").inner_text()
    assert page.locator(f"#condition-{incidents.pk} .outcome").inner_text() == "符合"
    assert page.locator(f"#condition-{losses.pk} .outcome").inner_text() == "不符合"
    assert [
        (r.outcome, r.note) for r in review.results.filter(check_kind=ConditionCheck.JUDGMENT).order_by("order")
    ] == [
        (ConditionOutcome.MET, "经查询应急管理局，无事故记录"),
        (ConditionOutcome.NOT_MET, "2024年度亏损"),
    ]
