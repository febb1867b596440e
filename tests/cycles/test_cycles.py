import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from cycles import services
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.errors import CycleError, EarlyCycleNeedsConfirmation
from cycles.loader import load_schemes
from cycles.models import Cycle, CycleStage, StageDefinition
from pipeline.services import cycle_open
from tests import factories


def open_cycle(scheme, staff, *, name="第一届", year=None, deadline_days=30, **kwargs):
    return cycle_open(
        scheme,
        by=staff,
        name=name,
        year=year or timezone.localdate().year,
        call_text="征集通知",
        submission_deadline=factories.in_days(deadline_days),
        **kwargs,
    )


@pytest.mark.django_db
def test_open_cycle_builds_timetable_from_pipeline(scheme, staff):
    cycle = open_cycle(scheme, staff)
    stages = list(cycle.stages.order_by("order"))
    assert [s.kind for s in stages] == [
        StageKind.APPLICATION,
        StageKind.ELIGIBILITY,
        StageKind.ACCEPTANCE_NOTICE,
        StageKind.MATERIAL_REVIEW,
    ]
    assert [s.status for s in stages] == [
        StageStatus.CURRENT,
        StageStatus.PENDING,
        StageStatus.PENDING,
        StageStatus.PENDING,
    ]
    assert stages[0].planned_end == timezone.localdate(cycle.submission_deadline)
    assert stages[1].planned_start == stages[0].planned_end + datetime.timedelta(days=1)
    entry = AuditEntry.objects.get(action="cycle.opened")
    assert (entry.actor, entry.target_id, entry.authority) == (staff, cycle.pk, scheme.authority)


@pytest.mark.django_db
def test_notice_stage_planned_through_the_working_day_calendar(authority, staff):
    scheme = factories.make_scheme(
        authority, code="plan", stages=[(StageKind.APPLICATION, "申报", None), (StageKind.ACCEPTANCE_NOTICE, "公示", 5)]
    )
    plan = services.plan_timetable(
        scheme, start=datetime.date(2026, 9, 1), submission_deadline=datetime.date(2026, 9, 29)
    )
    (_app, app_start, app_end, _), (_notice, notice_start, notice_end, provisional) = plan
    assert (app_start, app_end) == (datetime.date(2026, 9, 1), datetime.date(2026, 9, 29))
    assert (notice_start, notice_end, provisional) == (datetime.date(2026, 9, 30), datetime.date(2026, 10, 13), False)


@pytest.mark.django_db
def test_timetable_into_an_unknown_year_is_marked_provisional(authority):
    scheme = factories.make_scheme(
        authority,
        code="plan2",
        stages=[(StageKind.APPLICATION, "申报", None), (StageKind.ACCEPTANCE_NOTICE, "公示", 5)],
    )
    plan = services.plan_timetable(
        scheme, start=datetime.date(2026, 12, 1), submission_deadline=datetime.date(2026, 12, 30)
    )
    assert plan[1][3] is True
    assert plan[1][2] == datetime.date(2027, 1, 7)  # weekdays only after 12-31


@pytest.mark.django_db
def test_only_one_open_cycle_per_scheme(scheme, staff):
    open_cycle(scheme, staff)
    with pytest.raises(CycleError):
        open_cycle(scheme, staff, name="第二届", confirm_early=True)
    assert Cycle.objects.filter(scheme=scheme).count() == 1


@pytest.mark.django_db
def test_opening_sooner_than_the_interval_needs_confirmation(scheme, staff):
    first = open_cycle(scheme, staff, year=2025)
    Cycle.objects.filter(pk=first.pk).update(state=CycleState.CLOSED)
    with pytest.raises(EarlyCycleNeedsConfirmation) as error:
        open_cycle(scheme, staff, name="第二届", year=2026)
    assert "第五条" in str(error.value)
    cycle = open_cycle(scheme, staff, name="第二届", year=2026, confirm_early=True)
    entry = AuditEntry.objects.get(action="cycle.opened", target_id=cycle.pk)
    assert entry.article == "第五条"
    assert "2025" in entry.reason


@pytest.mark.django_db
def test_staff_of_another_authority_cannot_open_a_cycle(scheme, other_staff):
    with pytest.raises(CycleError):
        open_cycle(scheme, other_staff)
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_deadline_in_the_past_is_refused(scheme, staff):
    with pytest.raises(CycleError):
        open_cycle(scheme, staff, deadline_days=-1)


@pytest.mark.django_db
def test_application_stage_cannot_end_before_the_deadline(scheme, staff):
    cycle = open_cycle(scheme, staff)
    with pytest.raises(CycleError):
        factories.advance(cycle, by=staff)
    assert services.current_stage(cycle).kind == StageKind.APPLICATION


def _past_deadline(cycle):
    Cycle.objects.filter(pk=cycle.pk).update(submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    cycle.refresh_from_db()


@pytest.mark.django_db
def test_advance_moves_through_every_stage_and_closes(scheme, staff):
    cycle = open_cycle(scheme, staff)
    _past_deadline(cycle)
    kinds = []
    while (stage := factories.advance(cycle, by=staff)) is not None:
        kinds.append(stage.kind)
    assert kinds == [StageKind.ELIGIBILITY, StageKind.ACCEPTANCE_NOTICE, StageKind.MATERIAL_REVIEW]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    trail = AuditEntry.objects.filter(target_type__model="cycle", target_id=cycle.pk)
    assert list(trail.values_list("action", flat=True).order_by("id")) == [
        "cycle.opened",
        "cycle.advanced",
        "cycle.advanced",
        "cycle.advanced",
        "cycle.closed",
    ]
    with pytest.raises(CycleError):
        factories.advance(cycle, by=staff)


@pytest.mark.django_db
def test_optional_stage_can_be_dropped_with_a_reason_and_is_skipped(authority, staff):
    scheme = factories.make_scheme(
        authority,
        code="opt",
        stages=[
            (StageKind.APPLICATION, "申报", None),
            (StageKind.PUBLIC_EVALUATION, "社会公众评价", None),
            (StageKind.COMMITTEE_VOTE, "审议表决", None),
        ],
    )
    StageDefinition.objects.filter(scheme=scheme, kind=StageKind.PUBLIC_EVALUATION).update(optional=True)
    cycle = open_cycle(scheme, staff)
    public = cycle.stages.get(kind=StageKind.PUBLIC_EVALUATION)
    with pytest.raises(CycleError):
        services.cycle_stage_set_held(public, by=staff, held=False, reason="")
    services.cycle_stage_set_held(public, by=staff, held=False, reason="本届不组织公众评价")
    required = cycle.stages.get(kind=StageKind.COMMITTEE_VOTE)
    with pytest.raises(CycleError):
        services.cycle_stage_set_held(required, by=staff, held=False, reason="x")
    _past_deadline(cycle)
    assert factories.advance(cycle, by=staff).kind == StageKind.COMMITTEE_VOTE
    assert CycleStage.objects.get(pk=public.pk).status == StageStatus.PENDING


# Views ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_home_lists_awards_and_open_calls_without_login(client, scheme, staff, django_assert_num_queries):
    cycle = open_cycle(scheme, staff)
    factories.make_scheme(factories.AuthorityFactory(), code="second")
    with django_assert_num_queries(3):
        response = client.get(reverse("public-home"))
    assert response.status_code == 200
    assert scheme.name in response.content.decode()
    assert cycle.name in response.content.decode()


@pytest.mark.django_db
def test_public_cycle_page_shows_call_and_timetable(client, scheme, staff):
    cycle = open_cycle(scheme, staff)
    response = client.get(reverse("cycles:public", args=[cycle.pk]))
    assert response.status_code == 200
    assert "征集通知" in response.content.decode()


@pytest.mark.django_db
def test_cycle_page_for_staff_and_supervisor_not_for_other_authority(client, scheme, staff, supervisor, other_staff):
    cycle = open_cycle(scheme, staff)
    url = reverse("pipeline:cycle", args=[cycle.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(supervisor)
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("pipeline:advance", args=[cycle.pk]) not in response.content.decode()
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_other_authority_cannot_advance_or_open(client, scheme, staff, other_staff, supervisor):
    cycle = open_cycle(scheme, staff)
    _past_deadline(cycle)
    for user in (other_staff, supervisor):
        client.force_login(user)
        assert client.post(reverse("pipeline:advance", args=[cycle.pk])).status_code == 404
        assert client.get(reverse("pipeline:open", args=[scheme.code])).status_code == 404
    assert services.current_stage(cycle).kind == StageKind.APPLICATION


@pytest.mark.django_db
def test_staff_opens_and_advances_a_cycle_through_the_pages(client, scheme, staff):
    client.force_login(staff)
    deadline = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("pipeline:open", args=[scheme.code]),
        {"name": "第一届", "year": 2026, "call_text": "通知", "submission_deadline": deadline},
    )
    cycle = Cycle.objects.get(scheme=scheme)
    assert response.status_code == 302
    assert response.url == reverse("pipeline:cycle", args=[cycle.pk])
    application_stage = services.current_stage(cycle)
    page = client.get(reverse("pipeline:advance", args=[cycle.pk]), {"stage": application_stage.pk})
    assert page.status_code == 200
    assert "申报截止时间为" in page.content.decode()  # the condition that does not hold yet, with its article
    unconfirmed = client.post(reverse("pipeline:advance", args=[cycle.pk]), {"stage": application_stage.pk})
    assert unconfirmed.status_code == 400  # ending a stage is confirmed in the page
    response = client.post(
        reverse("pipeline:advance", args=[cycle.pk]), {"stage": application_stage.pk, "confirm": "on"}, follow=True
    )
    assert "依据第11条：申报截止时间为" in response.content.decode()
    assert services.current_stage(cycle).kind == StageKind.APPLICATION
    _past_deadline(cycle)
    client.post(
        reverse("pipeline:advance", args=[cycle.pk]), {"stage": application_stage.pk, "confirm": "on", "reason": "截止"}
    )
    assert services.current_stage(cycle).kind == StageKind.ELIGIBILITY


@pytest.mark.django_db
def test_early_cycle_form_asks_for_confirmation(client, scheme, staff):
    first = open_cycle(scheme, staff, year=2025)
    Cycle.objects.filter(pk=first.pk).update(state=CycleState.CLOSED)
    client.force_login(staff)
    deadline = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    data = {"name": "第二届", "year": 2026, "call_text": "通知", "submission_deadline": deadline}
    response = client.post(reverse("pipeline:open", args=[scheme.code]), data)
    assert response.status_code == 200
    assert Cycle.objects.filter(scheme=scheme).count() == 1
    response = client.post(reverse("pipeline:open", args=[scheme.code]), {**data, "confirm_early": "on"})
    assert response.status_code == 302
    assert Cycle.objects.filter(scheme=scheme).count() == 2


@pytest.mark.django_db
def test_cycle_list_is_scoped_and_constant_in_queries(
    client, scheme, staff, other_scheme, other_staff, django_assert_num_queries
):
    mine = open_cycle(scheme, staff)
    theirs = open_cycle(other_scheme, other_staff)
    client.force_login(staff)
    client.get(reverse("cycles:list"))  # warms the content-type cache
    with django_assert_num_queries(6):  # the page and its count
        response = client.get(reverse("cycles:list"))
    body = response.content.decode()
    assert reverse("pipeline:cycle", args=[mine.pk]) in body
    assert reverse("pipeline:cycle", args=[theirs.pk]) not in body
    Cycle.objects.filter(pk=mine.pk).update(state=CycleState.CLOSED)
    for index in range(3):
        open_cycle(factories.make_scheme(scheme.authority, code=f"more{index}"), staff, name=f"第{index}届")
    with django_assert_num_queries(6):
        assert client.get(reverse("cycles:list")).status_code == 200


@pytest.mark.django_db
def test_staff_home_lists_current_stages_and_schemes_without_a_cycle(client, scheme, staff, authority):
    idle = factories.make_scheme(authority, code="idle")
    cycle = open_cycle(scheme, staff)
    client.force_login(staff)
    body = client.get(reverse("pipeline:home")).content.decode()
    assert reverse("pipeline:cycle", args=[cycle.pk]) in body
    assert reverse("pipeline:open", args=[idle.code]) in body
    assert reverse("pipeline:open", args=[scheme.code]) not in body


@pytest.mark.django_db
def test_cycle_page_links_only_to_pages_the_reader_may_open(client, scheme, staff, supervisor):
    cycle = open_cycle(scheme, staff)
    client.force_login(supervisor)
    for name in ("applications:eligibility-list", "reviews:cycle", "awards:evaluation", "publicity:cycle"):
        assert reverse(name, args=[cycle.pk]) in client.get(reverse("pipeline:cycle", args=[cycle.pk])).content.decode()
    for user in (staff, supervisor):
        client.force_login(user)
        body = client.get(reverse("pipeline:cycle", args=[cycle.pk])).content.decode()
        links = {html.unescape(link) for link in re.findall(r'href="(/[^"#]+)', body)} - {reverse("accounts:logout")}
        for link in links:
            if link.startswith(("/static/", "/admin/")) or "export" in link:
                continue
            assert client.get(link).status_code == 200, (user.username, link)


@pytest.mark.django_db
def test_public_home_names_the_five_awards_once_the_schemes_are_loaded(client):

    load_schemes()
    body = client.get(reverse("public-home")).content.decode()
    for name in ["随州市编钟质量奖", "钦州市市长质量奖", "庆元县人民政府质量奖", "晋中市质量奖", "兰州市政府质量奖"]:
        assert name in body
