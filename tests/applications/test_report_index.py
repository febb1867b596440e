"""The applicant finds its way in a long dossier: the report page lists every item with its state
(empty, or drafted with its number of characters), linked to the item; the dossier page shows how
much of what submission requires is met as a progress bar, each missing part linked to where it is
filled in. Both pages read in as many queries whatever the number of items."""

import re

import pytest
from django.urls import reverse

from applications.models import ReportSection
from applications.selectors import dossier_checklist, rubric_items
from cycles.models import RubricItem, RubricSection
from tests import factories
from tests.applications.dossier_support import add_declaration, fill_dossier, make_organisation, open_cycle, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(scheme):
    add_declaration(scheme)
    return open_cycle(scheme)


@pytest.fixture
def application(cycle, district, applicant):
    return start(cycle, make_organisation(district, members=[applicant]), applicant)


def _write(application, item, text):
    ReportSection.objects.update_or_create(application=application, item=item, defaults={"text": text})


def _more_items(application, count):
    rubric = application.category.rubric
    section = RubricSection.objects.create(rubric=rubric, number="9", title="更多", points=10 * count, order=9)
    for index in range(count):
        RubricItem.objects.create(
            section=section, number=f"9.{index + 1}", title=f"条目{index}", points=10, order=index
        )


def test_the_checklist_counts_every_requirement_and_says_where_each_missing_one_is_filled_in(application, applicant):
    first, second = rubric_items(application)
    _write(application, first, "领导作用")
    checklist = dossier_checklist(application)
    # 2 facts + 3 years of indicators + business + profile + 1 declaration + 2 report items
    assert (checklist.total, checklist.done, checklist.percent) == (10, 1, 10)
    places = [(m.page, m.anchor) for m in checklist.missing]
    assert places[:2] == [("form", "id_legal_representative"), ("form", "id_employees")]
    assert places[2][0] == "form" and re.fullmatch(r"id_indicator_\d{4}_revenue", places[2][1])
    assert places[-2][0] == "form" and places[-2][1].startswith("id_declaration_")
    assert places[-1] == ("report", f"item-{second.pk}")
    fill_dossier(application, applicant)
    complete = dossier_checklist(application)
    assert (complete.total, complete.done, complete.percent, complete.missing) == (10, 10, 100, [])


def test_dossier_page_shows_the_progress_and_links_each_missing_part(client, application, applicant):
    first, second = rubric_items(application)
    _write(application, first, "领导作用")
    client.force_login(applicant)
    body = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert 'role="progressbar"' in body and 'aria-valuenow="10"' in body
    assert "已满足 10 项要求中的 1 项" in body
    report = reverse("applications:dossier-report", args=[application.pk])
    form = reverse("applications:dossier-form", args=[application.pk])
    assert f'<a href="{report}#item-{second.pk}">' in body
    assert f'<a href="{report}#item-{first.pk}">' not in body  # written
    assert f'<a href="{form}#id_legal_representative">' in body
    assert re.search(r'<button class="btn btn-success" type="submit" id="submit-dossier" disabled', body)


def test_a_complete_dossier_shows_a_full_bar_and_may_be_submitted(client, application, applicant):
    fill_dossier(application, applicant)
    client.force_login(applicant)
    body = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert 'aria-valuenow="100"' in body and 'id="complete"' in body and 'id="missing"' not in body
    assert re.search(r'id="submit-dossier">', body)


def test_report_page_indexes_every_item_with_its_state(client, application, applicant):
    first, second = rubric_items(application)
    _write(application, first, "我们坚持质量第一。")  # 8 characters
    _write(application, second, "   ")  # blank counts as empty
    client.force_login(applicant)
    body = client.get(reverse("applications:dossier-report", args=[application.pk])).content.decode()
    index = body.split('id="report-index"', 1)[1].split("</nav>", 1)[0]
    entries = re.findall(
        r'<a href="#item-(\d+)"[^>]*>([^<]+)</a>\s*<span class="report-index-state[^"]*"[^>]*>([^<]+)<', index
    )
    assert [(int(pk), state.strip()) for pk, _title, state in entries] == [
        (first.pk, "已起草 · 8 字"),
        (second.pk, "未填写"),
    ]
    assert "已填写：1 / 2 项" in index
    for pk, _title, _state in entries:
        assert f'id="item-{pk}"' in body  # each link has its target


def test_dossier_and_report_pages_read_in_as_many_queries_whatever_the_items(
    client, application, applicant, django_assert_num_queries
):
    client.force_login(applicant)
    pages = [reverse(name, args=[application.pk]) for name in ("applications:dossier", "applications:dossier-report")]
    for url in pages:
        client.get(url)
    for url in pages:
        with django_assert_num_queries(20 if url == pages[0] else 14):
            client.get(url)
    _more_items(application, 20)
    for item in rubric_items(application)[:12]:
        _write(application, item, "持续改进")
    for url in pages:
        with django_assert_num_queries(20 if url == pages[0] else 14):
            assert client.get(url).status_code == 200


def test_the_index_and_the_progress_are_the_owner_s_only(client, application, supervisor, staff):
    stranger = factories.UserFactory(username="stranger")
    for user in (stranger, staff, supervisor):
        client.force_login(user)
        for name in ("applications:dossier", "applications:dossier-report"):
            assert client.get(reverse(name, args=[application.pk])).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_index_follows_what_the_applicant_writes_and_the_bar_links_to_what_is_missing(live_server, page):
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    applicant = factories.UserFactory(username="index-applicant")
    scheme = factories.make_scheme(authority)
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    _more_items(application, 21)  # 23 items, as under GB/T 19580
    first, second, *_rest, last = rubric_items(application)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "index-applicant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))

    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    page.locator("#missing a", has_text=str(last)).click()
    page.wait_for_url(re.compile(rf"#item-{last.pk}$"))
    assert page.locator(f"#item-{last.pk}").is_visible()

    index = page.locator("#report-index")
    assert index.locator("li").count() == 23
    assert index.is_visible()
    entry = index.locator("li", has=page.locator(f'a[href="#item-{second.pk}"]'))
    assert entry.locator(".report-index-state").inner_text() == "未填写"
    entry.locator("a").click()
    page.wait_for_url(re.compile(rf"#item-{second.pk}$"))
    page.fill(f"#text-{second.pk}", "顾客满意度逐年提高")
    page.wait_for_function(
        f"() => document.getElementById('status-{second.pk}').textContent === '已保存'", timeout=15000
    )
    assert entry.locator(".report-index-state").inner_text() == "已起草 · 9 字"
    assert page.locator("#report-index-summary").inner_text() == "已填写：1 / 23 项"
    assert index.bounding_box()["x"] > page.locator(f"#item-{second.pk}").bounding_box()["x"]  # beside the items
    page.screenshot(path="/tmp/qa-office-report-1366.png")

    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "3"  # 1 of 30 requirements
