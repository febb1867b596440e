"""Nothing that takes a while leaves the page without a sign: the login button shows that it works
(aria-busy, a spinner) until the next page comes, and a score report made on request (PDF, .xlsx)
shows the same on its link until the file is saved, under the name the server gave it."""

import time

import pytest
from django.urls import reverse

from reviews import exports
from tests import factories

from .conftest import scored_entry

PRESS_TWICE = """() => {
    const form = document.querySelector("form[data-busy]");
    const button = form.querySelector("[type=submit]");
    const sent = [];
    window.addEventListener("submit", (event) => sent.push(!event.defaultPrevented));
    button.click();
    button.click();
    return {busy: button.getAttribute("aria-busy"), disabled: button.getAttribute("aria-disabled"),
            spinners: button.querySelectorAll(".spinner-border").length, text: button.innerText, sent};
}"""
SLOW = 1.5  # seconds: longer than anyone waits without a sign


def _slowly(function):
    def slow(*args, **kwargs):
        time.sleep(SLOW)
        return function(*args, **kwargs)

    return slow


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_slow_login_and_a_slow_score_report_show_that_they_work(live_server, page, world, staff, monkeypatch):
    entry, _group, _members = scored_entry(world, staff)
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", factories.PASSWORD)
    # pressed twice from the page itself, and read in the same moment, before any answer can come
    pressed = page.evaluate(PRESS_TWICE)
    assert (pressed["busy"], pressed["disabled"], pressed["spinners"]) == ("true", "true", 1)
    assert pressed["text"].startswith("正在登录")
    assert pressed["sent"] == [True, False]  # the second press sends nothing
    page.wait_for_url(live_server.url + reverse("pipeline:home"))

    monkeypatch.setattr(exports, "render_pdf", _slowly(lambda html: b"%PDF-1.4 score report"))
    page.goto(live_server.url + reverse("reviews:consensus", args=[entry.pk]))
    link = page.get_by_role("link", name="导出 PDF")
    with page.expect_download(timeout=15000) as download_info:
        link.click()
        assert link.get_attribute("aria-busy") == "true"
        assert "正在生成文件" in link.inner_text()
    download = download_info.value
    assert download.suggested_filename == f"review-{entry.round.kind}-{entry.pk}.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == b"%PDF-1.4 score report"
    page.wait_for_function("() => !document.querySelector('[data-busy-download][aria-busy]')")
    assert link.locator(".spinner-border").count() == 0

    # an answer that is not a file (here the login page, the session having ended) is simply opened
    page.context.clear_cookies()
    page.get_by_role("link", name="导出 .xlsx").click()
    page.wait_for_url(f"{live_server.url}{reverse('accounts:login')}**")
    assert page.locator("h1").inner_text() == "登录"
