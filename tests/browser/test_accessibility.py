"""axe-core finds no serious or critical violation on the main page of each role, in Chinese."""

import pytest
from django.urls import reverse

from .support import build_world, log_in, serious_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_have_no_serious_or_critical_violation(live_server, page):
    world = build_world()
    page.set_viewport_size({"width": 1366, "height": 900})
    found = {}

    def check(url):
        page.goto(live_server.url + url)
        assert page.locator("h1").count() >= 1, url
        violations = serious_violations(page)
        if violations:
            found[url] = violations

    check(reverse("public-home"))
    check(reverse("accounts:login"))
    check(reverse("publicity:public-detail", args=[world.notice.pk]))
    log_in(page, live_server, world.applicant)
    check(reverse("pipeline:home"))
    check(reverse("applications:dossier", args=[world.application.pk]))
    check(reverse("applications:dossier-report", args=[world.application.pk]))
    log_in(page, live_server, world.staff)
    check(reverse("pipeline:cycle", args=[world.cycle.pk]))
    check(reverse("reviews:round", args=[world.round.pk]))
    check(reverse("reviews:consensus", args=[world.entry.pk]))
    log_in(page, live_server, world.leader)
    check(reverse("reviews:score", args=[world.entry.pk]))
    check(reverse("reviews:consensus", args=[world.entry.pk]))  # the leader's, with a select per item
    assert found == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_collapsed_navigation_has_no_serious_or_critical_violation_on_a_phone(live_server, page):
    world = build_world()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, world.staff)
    page.locator("nav .navbar-toggler").click()
    page.locator("#nav select[name=language]").wait_for(state="visible")
    assert serious_violations(page) == []
