"""The autosave never loses typed text: when the server fails the first saves, the page says the text is
not saved, retries with backoff until it is, and asks before the tab is left with unsaved text."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from applications.models import ReportSection
from applications.selectors import rubric_items
from applications.views import dossier as dossier_views
from tests import factories
from tests.applications.dossier_support import make_organisation, open_cycle, start

LEAVING_IS_ASKED = """() => {
    const event = new Event("beforeunload", {cancelable: true});
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


@pytest.fixture
def report_page(live_server, page):
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    applicant = factories.UserFactory(username="autosave-applicant")
    application = start(
        open_cycle(factories.make_scheme(authority)), make_organisation(district, members=[applicant]), applicant
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "autosave-applicant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("applications:dossier-report", args=[application.pk]))
    return application, rubric_items(application)[0]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_text_arrives_although_the_server_fails_the_first_saves(report_page, page, monkeypatch):
    application, item = report_page
    real_save = dossier_views.services.report_section_save
    calls = []

    def failing_at_first(*args, **kwargs):
        calls.append(kwargs["text"])
        if len(calls) <= 2:
            raise OperationalError("database is locked")  # what SQLite answered under load
        return real_save(*args, **kwargs)

    monkeypatch.setattr(dossier_views.services, "report_section_save", failing_at_first)
    status = page.locator(f"#status-{item.pk}")

    page.locator(f"#text-{item.pk}").press_sequentially("坚持质量第一", delay=10)
    page.wait_for_function("() => document.querySelector('#autosave-alert').hidden === false")
    assert "未保存" in status.inner_text() and "秒后重试" in status.inner_text()
    assert "text-danger" in status.get_attribute("class")
    assert page.evaluate(LEAVING_IS_ASKED) is True  # unsaved: the browser asks before leaving

    page.wait_for_function(f"() => document.querySelector('#status-{item.pk}').textContent === '已保存'", timeout=15000)
    assert len(calls) == 3  # two failures, then the retry that got through
    assert ReportSection.objects.get(application=application, item=item).text == "坚持质量第一"
    assert page.locator("#autosave-alert").is_hidden()
    assert "text-danger" not in status.get_attribute("class")
    assert page.evaluate(LEAVING_IS_ASKED) is False  # all saved: leaving is free


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_text_typed_while_saves_fail_is_the_text_that_arrives(report_page, page, monkeypatch):
    application, item = report_page
    real_save = dossier_views.services.report_section_save
    calls = []

    def failing_at_first(*args, **kwargs):
        calls.append(kwargs["text"])
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(dossier_views.services, "report_section_save", failing_at_first)
    area = page.locator(f"#text-{item.pk}")
    area.press_sequentially("质量", delay=10)
    page.wait_for_function("() => document.querySelector('#autosave-alert').hidden === false")
    area.press_sequentially("为先", delay=10)  # typed while the first save is waiting for its retry
    page.wait_for_function(f"() => document.querySelector('#status-{item.pk}').textContent === '已保存'", timeout=15000)
    assert ReportSection.objects.get(application=application, item=item).text == "质量为先"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_save_is_shown_and_not_retried(report_page, page, monkeypatch):
    application, item = report_page
    calls = []

    def refused(*args, **kwargs):
        calls.append(kwargs["text"])
        raise dossier_views.ApplicationError("申报截止时间已过，申报材料不能再修改。")

    monkeypatch.setattr(dossier_views.services, "report_section_save", refused)
    page.locator(f"#text-{item.pk}").press_sequentially("迟到", delay=10)
    page.wait_for_function(
        f"() => document.querySelector('#status-{item.pk}').textContent.includes('申报截止时间已过')"
    )
    page.wait_for_timeout(2500)  # longer than the first retry would wait
    assert len(calls) == 1
    assert page.evaluate(LEAVING_IS_ASKED) is True  # the text is still not saved


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_offline_the_page_says_there_is_no_connection_and_saves_as_soon_as_it_is_back(report_page, page):
    application, item = report_page
    status = page.locator(f"#status-{item.pk}")
    page.context.set_offline(True)
    page.locator(f"#text-{item.pk}").press_sequentially("质量立市", delay=10)
    # three failed tries (after 0.8 s, then 1 s and 2 s of backoff): the next waits 4 s
    page.wait_for_function(
        f"() => document.querySelector('#status-{item.pk}').textContent.includes('4 秒后重试')", timeout=15000
    )
    assert "没有网络连接" in status.inner_text()
    assert page.evaluate(LEAVING_IS_ASKED) is True
    assert not ReportSection.objects.filter(application=application, item=item).exclude(text="").exists()

    page.context.set_offline(False)  # the browser's "online" event: retried at once, not after the 4 s
    page.wait_for_function(f"() => document.querySelector('#status-{item.pk}').textContent === '已保存'", timeout=2500)
    assert ReportSection.objects.get(application=application, item=item).text == "质量立市"
    assert page.locator("#autosave-alert").is_hidden()
    assert page.evaluate(LEAVING_IS_ASKED) is False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_session_that_ended_is_said_and_the_text_arrives_once_logged_in_again_in_another_tab(
    live_server, report_page, page
):
    application, item = report_page
    status = page.locator(f"#status-{item.pk}")
    page.context.clear_cookies()  # logged out (an idle timeout, or a logout in another tab)
    page.locator(f"#text-{item.pk}").press_sequentially("顾客至上", delay=10)
    page.wait_for_function(
        f"() => document.querySelector('#status-{item.pk}').textContent.includes('已退出登录')", timeout=10000
    )
    assert "text-danger" in status.get_attribute("class")
    assert page.evaluate(LEAVING_IS_ASKED) is True

    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + reverse("accounts:login"))
    other_tab.fill("input[name=username]", "autosave-applicant")
    other_tab.fill("input[name=password]", factories.PASSWORD)
    other_tab.locator("form button[type=submit]").click()
    other_tab.wait_for_url(live_server.url + reverse("pipeline:home"))

    page.wait_for_function(f"() => document.querySelector('#status-{item.pk}').textContent === '已保存'", timeout=40000)
    assert ReportSection.objects.get(application=application, item=item).text == "顾客至上"
    assert page.evaluate(LEAVING_IS_ASKED) is False
