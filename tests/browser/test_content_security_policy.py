"""Under the Content-Security-Policy the pages still work in Chromium: bootstrap, htmx, the language
selector and the autosave, with no violation reported."""

import pytest
from django.urls import reverse

from applications.models import ReportSection
from applications.selectors import rubric_items
from tests import factories
from tests.applications.dossier_support import make_organisation, open_cycle, start
from tests.applications.test_dossier_browser import wait_for


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy_without_violations(live_server, page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    scheme = factories.make_scheme(authority)
    applicant = factories.UserFactory(username="csp-applicant")
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    item = rubric_items(application)[0]

    page.goto(live_server.url + "/")
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")  # submits through static/js/site.js
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "csp-applicant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.locator("nav .dropdown-toggle").click()  # bootstrap's dropdown
    assert page.locator("nav .dropdown-menu").is_visible()

    page.goto(live_server.url + reverse("applications:dossier-report", args=[application.pk]))
    page.locator(f"#text-{item.pk}").press_sequentially("质量为先", delay=20)
    assert wait_for(lambda: ReportSection.objects.filter(item=item, text="质量为先").exists())
    page.goto(live_server.url + reverse("admin:login"))
    assert violations == []
