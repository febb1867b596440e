"""The pages people work on all day, at 1366, 768 and 390 px: nothing overflows sideways, the
navigation collapses instead of wrapping, the score sheet reads the applicant's text beside the
score, counts its points as the reviewer scores, and keeps its actions in an opaque bar. Each page
is photographed at each width into test-results/screenshots/ (the README's tour comes from there)."""

import pytest
from django.urls import reverse

from .support import WIDTHS, build_world, log_in, overflow, screenshot


def at(page, device):
    width, height = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": height})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scoring_report_and_cycle_pages_fit_every_width(live_server, page):
    world = build_world()
    pages = [
        (world.leader, "score", reverse("reviews:score", args=[world.entry.pk])),
        (world.applicant, "report", reverse("applications:dossier-report", args=[world.application.pk])),
        (world.staff, "cycle", reverse("pipeline:cycle", args=[world.cycle.pk])),
    ]
    wide = {}
    for user, name, url in pages:
        log_in(page, live_server, user)
        for device in WIDTHS:
            at(page, device)
            page.goto(live_server.url + url)
            screenshot(page, name, device)
            wide[(name, device)] = overflow(page)
    assert wide == dict.fromkeys(wide, 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_navigation_collapses_below_a_desktop_and_keeps_the_language_selector_readable(live_server, page):
    world = build_world()
    log_in(page, live_server, world.staff)
    toggler = page.locator("nav .navbar-toggler")
    language = page.locator("nav select[name=language]")

    at(page, "desktop")
    page.goto(live_server.url + reverse("pipeline:cycle", args=[world.cycle.pk]))
    assert not toggler.is_visible()
    assert language.bounding_box()["width"] >= 100
    link_heights = [box["height"] for box in (link.bounding_box() for link in page.locator("#nav .nav-link").all())]
    assert max(link_heights) < 48  # one line each, never a character per line
    nav_height = page.locator("nav.navbar").bounding_box()["height"]
    assert nav_height < 70  # on one row
    with page.expect_navigation():
        page.select_option("nav select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "cycle-english", "desktop")
    for width in (1366, 1200):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.locator("nav.navbar").bounding_box()["height"] < 70, width  # English fits on one row too
        assert overflow(page) == 0, width
    with page.expect_navigation():
        page.select_option("nav select[name=language]", "zh-hans")

    at(page, "tablet")
    page.goto(live_server.url + reverse("pipeline:cycle", args=[world.cycle.pk]))
    page.keyboard.press("Tab")  # the first stop skips the navigation
    assert page.evaluate("document.activeElement.id") == "skip-link"
    assert page.locator("#skip-link").is_visible()
    assert toggler.is_visible() and not language.is_visible()
    toggler.click()
    language.wait_for(state="visible")
    assert language.bounding_box()["width"] >= 100
    assert language.evaluate("select => select.selectedOptions[0].text") == "简体中文"
    assert overflow(page) == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_footer_stays_at_the_foot_of_a_short_page(live_server, page):
    at(page, "desktop")
    page.goto(live_server.url + reverse("accounts:login"))
    footer = page.locator("footer").bounding_box()
    assert footer["y"] + footer["height"] == pytest.approx(WIDTHS["desktop"][1], abs=1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_score_sheet_shows_the_applicants_text_beside_the_score_and_a_running_total(live_server, page):
    world = build_world()
    (first, _), (second, _), (third, _) = world.items[:3]
    log_in(page, live_server, world.leader)
    url = live_server.url + reverse("reviews:score", args=[world.entry.pk])

    at(page, "desktop")
    page.goto(url)
    text = page.locator(f"#applicant-text-{first}")
    assert "质量专题会议24次" in text.inner_text()
    assert "领导班子的质量责任" in page.locator(f"#item-{first} .item-guidance").inner_text()
    select = page.locator(f"select[name=percent_{first}]")
    fields = page.locator(f"#item-{first} .score-fields")
    text_box, select_box, fields_box = text.bounding_box(), select.bounding_box(), fields.bounding_box()
    assert text_box["x"] + text_box["width"] <= select_box["x"]  # side by side
    assert abs(text_box["y"] - fields_box["y"]) < 40  # and level with each other

    # 85% of 110 stored; then 75% of 90 and 55% of 90: 93.5 + 67.5 + 49.5
    assert page.locator("#sheet-total").inner_text() == "93.5"
    assert page.locator(f"#item-points-{first}").inner_text() == "93.5"
    page.select_option(f"select[name=percent_{second}]", "75")
    assert page.locator("#sheet-total").inner_text() == "161"
    page.select_option(f"select[name=percent_{third}]", "55")
    assert page.locator(f"#item-points-{third}").inner_text() == "49.5"
    assert page.locator("#sheet-total").inner_text() == "210.5"
    page.select_option(f"select[name=percent_{third}]", "")
    assert page.locator(f"#item-points-{third}").inner_text() == "—"
    assert page.locator("#sheet-total").inner_text() == "161"

    # the save bar is opaque, and at the end of the page it sits below the last item, covering nothing
    bar = page.locator("#save-bar")
    assert bar.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator(".score-item").last.bounding_box()
    assert last["y"] + last["height"] <= bar.bounding_box()["y"]

    at(page, "tablet")
    page.goto(url)
    text_box, select_box = text.bounding_box(), select.bounding_box()
    assert text_box["y"] + text_box["height"] <= select_box["y"]  # one above the other
    assert page.locator("#sheet-total").inner_text() == "93.5"
