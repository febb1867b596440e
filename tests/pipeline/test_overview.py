"""The cycle page at a glance: the timetable as a timeline (planned against actual, today marked),
the applications in each state, and each review round's spread of consensus totals, drawn on the
server as inline SVG with the table beside it; a fixed number of queries whatever the data."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from cycles.enums import StageKind, StageStatus
from cycles.models import CycleStage, RubricItem
from pipeline import overview
from reviews.enums import EntryDecision
from reviews.models import ConsensusScore, Round, RoundEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


def _stage(order, name, start, end, *, status=StageStatus.PENDING, started=None, ended=None, skipped=False):
    """An unsaved stage: the timeline reads only its dates and status."""

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))) if day else None

    return CycleStage(
        order=order,
        name=name,
        planned_start=start,
        planned_end=end,
        status=status,
        started_at=moment(started),
        ended_at=moment(ended),
        skipped=skipped,
    )


def test_the_timeline_places_planned_and_actual_spans_on_one_axis_of_days():
    stages = [
        _stage(
            1,
            "申报",
            datetime.date(2026, 3, 1),
            datetime.date(2026, 3, 5),
            status=StageStatus.DONE,
            started=datetime.date(2026, 3, 1),
            ended=datetime.date(2026, 3, 7),
        ),
        _stage(
            2,
            "资格审核",
            datetime.date(2026, 3, 6),
            datetime.date(2026, 3, 15),
            status=StageStatus.CURRENT,
            started=datetime.date(2026, 3, 8),
        ),
        _stage(3, "公示", datetime.date(2026, 3, 16), datetime.date(2026, 4, 9)),
    ]
    timeline = overview.cycle_timeline(stages, is_open=True, today=TODAY)
    # 40 days from 03-01 to 04-09: each day is 2.5 % of the width.
    assert (timeline.start, timeline.end) == (datetime.date(2026, 3, 1), datetime.date(2026, 4, 9))
    done, current, pending = timeline.rows
    assert (done.planned_x, done.planned_width, done.actual_x, done.actual_width) == ("0.00", "12.50", "0.00", "17.50")
    assert done.overdue is True  # ended on 03-07, planned to end on 03-05
    assert (current.planned_x, current.planned_width) == ("12.50", "25.00")
    assert (current.actual_x, current.actual_width, current.overdue) == ("17.50", "7.50", False)  # runs to today
    assert (pending.actual_x, pending.actual_width) == (None, None)
    assert timeline.today_x == "23.75"  # the middle of 03-10
    assert timeline.ticks == [
        ("0.00", datetime.date(2026, 3, 1), "start"),
        ("77.50", datetime.date(2026, 4, 1), "start"),
    ]
    assert timeline.today_align == "middle"


def test_an_open_cycle_reaches_today_and_a_closed_one_marks_today_only_within_its_dates():
    stages = [
        _stage(
            1,
            "申报",
            datetime.date(2026, 1, 1),
            datetime.date(2026, 1, 10),
            status=StageStatus.DONE,
            started=datetime.date(2026, 1, 1),
            ended=datetime.date(2026, 1, 10),
        )
    ]
    still_open = overview.cycle_timeline(stages, is_open=True, today=TODAY)
    assert still_open.end == TODAY and still_open.today_x is not None
    closed = overview.cycle_timeline(stages, is_open=False, today=TODAY)
    assert closed.end == datetime.date(2026, 1, 10) and closed.today_x is None
    assert overview.cycle_timeline([], is_open=True, today=TODAY) is None


def test_a_long_timetable_labels_at_most_about_six_months():
    stages = [_stage(1, "全程", datetime.date(2026, 1, 15), datetime.date(2027, 6, 30))]
    ticks = [month for _x, month, _align in overview.cycle_timeline(stages, is_open=False, today=TODAY).ticks]
    assert ticks == [datetime.date(2026, m, 1) for m in (4, 7, 10)] + [datetime.date(2027, m, 1) for m in (1, 4)]


@pytest.fixture
def scheme(authority):
    return factories.make_scheme(
        authority,
        stages=[
            (StageKind.APPLICATION, "申报推荐", None),
            (StageKind.ELIGIBILITY, "资格审核", None),
            (StageKind.MATERIAL_REVIEW, "材料评审", None),
            (StageKind.DEFENCE, "陈述答辩", None),
        ],
    )


def _round(cycle, kind):
    return Round.objects.create(cycle=cycle, stage=cycle.stages.get(kind=kind), kind=kind)


@pytest.fixture
def in_review(scheme, district):
    """A cycle in its material review with a round of five entries."""
    cycle = factories.cycle_at(scheme, StageKind.MATERIAL_REVIEW)
    round_ = _round(cycle, StageKind.MATERIAL_REVIEW)
    applications = [factories.application_in(cycle, district, title=f"企业{index}") for index in range(5)]
    return cycle, round_, applications


def _consensus(round_, application, *points, decision=EntryDecision.PENDING):
    entry = RoundEntry.objects.create(round=round_, application=application, decision=decision)
    items = RubricItem.objects.filter(section__rubric=application.category.rubric).order_by("section__order")
    for item, value in zip(items, points, strict=False):
        ConsensusScore.objects.create(entry=entry, item=item, percent=50, points=Decimal(value))
    return entry


def test_applications_are_counted_by_state_in_the_order_of_the_pipeline(in_review, district):
    cycle, _round, _applications = in_review
    factories.application_in(cycle, district, title="草稿企业", status=ApplicationStatus.DRAFT)
    factories.application_in(cycle, district, title="退出企业", status=ApplicationStatus.WITHDRAWN)
    counts, total = overview.application_counts(cycle)
    assert total == 7
    assert [c.status for c in counts] == list(ApplicationStatus.values)
    assert {c.status: c.count for c in counts if c.count} == {"draft": 1, "withdrawn": 1, "accepted": 5}


def test_a_round_spreads_its_complete_consensus_totals_over_ten_bins_of_the_rubric(in_review):
    cycle, round_, (first, second, third, fourth, fifth) = in_review
    _consensus(round_, first, "90", "95", decision=EntryDecision.ADVANCED)  # 185 of 200
    _consensus(round_, second, "100", "100", decision=EntryDecision.ADVANCED)  # 200: the last bin is closed
    _consensus(round_, third, "30", "12", decision=EntryDecision.ELIMINATED)  # 42
    _consensus(round_, fourth, "80")  # half a consensus: not counted
    RoundEntry.objects.create(round=round_, application=fifth)  # nothing recorded
    (spread,) = overview.round_spreads(cycle)
    assert (spread.entries, spread.advanced, spread.eliminated, spread.pending) == (5, 2, 1, 2)
    assert spread.scores == [Decimal("42.00"), Decimal("185.00"), Decimal("200.00")]
    assert spread.maximum == Decimal(200) and spread.in_percent is False
    assert [(b.low, b.high, b.count) for b in spread.bins][2] == (Decimal(40), Decimal(60), 1)
    assert [b.count for b in spread.bins] == [0, 0, 1, 0, 0, 0, 0, 0, 0, 2]
    assert (spread.lowest, spread.median, spread.highest) == (Decimal(42), Decimal(185), Decimal(200))
    tallest = spread.bins[-1]
    assert (tallest.y, tallest.height) == (overview.CHART_TOP, 114)  # the tallest bar fills the plot
    assert spread.bins[2].height == 57


def test_rounds_of_rubrics_of_different_size_are_spread_in_percent(in_review, scheme):
    cycle, round_, (first, second, *_rest) = in_review
    bigger = factories.make_rubric(code="bigger", items=((300, "领导"), (700, "结果")))
    individuals = scheme.categories.create(code="team", name="个人", rubric=bigger)
    second.category = individuals
    second.save(update_fields=["category"])
    _consensus(round_, first, "50", "50")  # 100 of 200: 50 %
    _consensus(round_, second, "300", "600")  # 900 of 1000: 90 %
    (spread,) = overview.round_spreads(cycle)
    assert spread.in_percent is True and spread.maximum is None
    assert [b.count for b in spread.bins] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_cycle_page_draws_timeline_counts_and_chart_with_their_tables(client, in_review, staff):
    cycle, round_, (first, second, *_rest) = in_review
    _consensus(round_, first, "90", "95")
    _consensus(round_, second, "40", "40")
    client.force_login(staff)
    body = client.get(reverse("pipeline:cycle", args=[cycle.pk])).content.decode()
    assert '<div class="timeline" aria-hidden="true">' in body
    assert body.count('class="timeline-today"') == cycle.stages.count()
    assert re.search(r'<svg class="score-chart"[^>]*aria-hidden="true"', body)
    assert body.count('class="score-bar"') == 2
    assert '<span class="badge bg-secondary" id="applications-total">5</span>' in body
    assert re.search(r'data-status="accepted"><span class="state-count-number">5</span>', body)
    # the tables that a screen reader reads: the timetable with actual dates, the round's ranges
    assert "<th>实际开始</th>" in body
    assert re.search(r"<td>1</td>.*</tr></tbody>", body)
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]  # drawn without a script


def _grow(cycle, round_, district, count, offset):
    for index in range(count):
        application = factories.application_in(cycle, district, title=f"又一企业{offset + index}")
        _consensus(round_, application, "60", "70", decision=EntryDecision.ADVANCED)


def test_cycle_page_reads_in_as_many_queries_whatever_the_data(
    client, in_review, district, staff, django_assert_num_queries
):
    cycle, round_, _applications = in_review
    url = reverse("pipeline:cycle", args=[cycle.pk])
    client.force_login(staff)
    _grow(cycle, round_, district, 2, 0)
    client.get(url)
    with django_assert_num_queries(17):  # the rubrics of the totals read apart
        assert client.get(url).status_code == 200
    _grow(cycle, round_, district, 12, 100)
    _consensus(_round(cycle, StageKind.DEFENCE), _applications[0], "10", "10")
    with django_assert_num_queries(17):  # the rubrics of the totals read apart
        assert client.get(url).status_code == 200


def test_cycle_page_overview_for_the_office_only(client, in_review, staff, supervisor, other_staff, applicant):
    cycle, _round, _applications = in_review
    url = reverse("pipeline:cycle", args=[cycle.pk])
    for user, status in ((staff, 200), (supervisor, 200), (other_staff, 404), (applicant, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert 'id="round-scores"' in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_staff_sees_the_cycle_at_a_glance_on_a_desktop_and_a_phone(live_server, page, in_review, staff, width):
    cycle, round_, (first, second, third, *_rest) = in_review
    _consensus(round_, first, "90", "95", decision=EntryDecision.ADVANCED)
    _consensus(round_, second, "40", "45")
    _consensus(round_, third, "70", "75")
    today, now = timezone.localdate(), timezone.now()
    plan = [(-60, -31, -60, -31), (-30, -5, -30, -3), (-4, 20, -3, None), (21, 40, None, None)]
    for stage, (start, end, started, ended) in zip(cycle.stages.order_by("order"), plan, strict=True):
        stage.planned_start = today + datetime.timedelta(days=start)
        stage.planned_end = today + datetime.timedelta(days=end)
        stage.started_at = None if started is None else now + datetime.timedelta(days=started)
        stage.ended_at = None if ended is None else now + datetime.timedelta(days=ended)
        stage.save()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("pipeline:cycle", args=[cycle.pk]))

    assert page.locator("#application-counts [data-status=accepted]").inner_text().split() == ["5", "已受理"]
    current = page.locator(f"[data-stage='{cycle.stages.get(status=StageStatus.CURRENT).pk}']")
    actual = current.locator(".timeline-actual").bounding_box()
    today = current.locator(".timeline-today").bounding_box()
    assert actual["width"] > 0 and actual["x"] <= today["x"] <= actual["x"] + actual["width"]  # runs to today
    assert page.locator(".timeline-today-label").inner_text().startswith("今天")
    assert page.locator(".timeline-overdue").count() == 1  # the eligibility review ended two days late
    bars = page.locator("#round-scores .score-bar")
    assert bars.count() == 3 and all(bars.nth(i).bounding_box()["height"] > 0 for i in range(3))
    # what the drawings show is in tables for a screen reader; the drawings themselves are hidden from it
    assert (
        page.get_by_role("table", name=re.compile("共识")).count() == 1
        or page.get_by_role("table", name=re.compile("Consensus")).count() == 1
    )
    assert page.locator("#timetable tbody tr").count() == cycle.stages.count()
    assert page.locator(".timeline").get_attribute("aria-hidden") == "true"
    page.screenshot(path=f"/tmp/qa-office-cycle-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing overflows
