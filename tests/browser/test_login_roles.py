"""Each role logs in through the real login page, in Chinese, and lands on its home page."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from tests import factories

ROLE_LABELS = {
    Role.APPLICANT: "申报单位",
    Role.DEPARTMENT: "推荐单位",
    Role.REVIEWER: "评审员",
    Role.STAFF: "质量办工作人员",
    Role.COMMITTEE: "评审委员会委员",
    Role.SUPERVISOR: "监督人员",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_role_logs_in_and_finds_its_home_page_in_chinese(live_server, page):
    authority = factories.AuthorityFactory()
    department = factories.DepartmentFactory(authority=authority)
    users = {
        Role.APPLICANT: factories.UserFactory(username="b-applicant"),
        Role.DEPARTMENT: factories.make_department_user(department, username="b-department"),
        Role.REVIEWER: factories.make_reviewer(authority, username="b-reviewer"),
        Role.STAFF: factories.make_staff(authority, username="b-staff"),
        Role.COMMITTEE: factories.make_committee_member(authority, username="b-committee"),
        Role.SUPERVISOR: factories.make_supervisor(authority, username="b-supervisor"),
    }
    for role, user in users.items():
        page.context.clear_cookies()
        page.goto(live_server.url + reverse("accounts:login"))
        assert page.locator("h1").inner_text() == "登录"
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", factories.PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(live_server.url + reverse("pipeline:home"))
        assert page.locator("h1").inner_text() == "我的待办"
        assert ROLE_LABELS[role] in page.locator("main").inner_text()
        assert page.locator("html").get_attribute("lang") == "zh-CN"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_home_page_is_in_chinese_without_login(live_server, page):
    factories.make_scheme(factories.AuthorityFactory(region="随州市"))
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "政府质量奖"
    assert "随州市质量奖" in page.locator("#awards").inner_text()
