"""The pipeline: a stage ends only when its conditions hold, names the stage it ends, starts what
begins with the next one in the same transaction, and two advances at once make one move."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.selectors import is_held
from cycles.enums import StageKind, StageStatus
from cycles.models import Cycle
from cycles.services import current_stage
from pipeline import stages as pipeline_stages
from pipeline.errors import AdvanceNeedsConfirmation, StageCannotEnd, StaleAdvance
from pipeline.home import tasks_for
from pipeline.services import cycle_advance, stage_checks
from publicity.enums import NoticeStatus, ObjectionStatus
from publicity.models import Notice
from publicity.services.notices import close_due_notices, notice_publish
from publicity.services.objections import objection_decide
from reviews.errors import ReviewError
from reviews.models import Round
from reviews.services.groups import group_draw
from tests import factories
from tests.publicity.conftest import LANZHOU_OBJECTIONS
from tests.publicity.helpers import identified_objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(authority):
    return factories.make_scheme(authority, code="lanzhou-like", **LANZHOU_OBJECTIONS)


@pytest.fixture
def at_eligibility(scheme, district):
    cycle = factories.cycle_at(scheme, StageKind.ELIGIBILITY)
    accepted = [
        factories.application_in(cycle, district, title="随州市甲机械有限公司"),
        factories.application_in(cycle, district, title="随州市乙食品有限公司"),
    ]
    return cycle, accepted


def _expire(notice):
    Notice.objects.filter(pk=notice.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    notice.refresh_from_db()


def test_a_notice_stage_begins_with_its_draft_and_cannot_end_unpublished_or_unexpired(at_eligibility, staff):
    cycle, accepted = at_eligibility
    stage = factories.advance(cycle, by=staff)
    assert stage.kind == StageKind.ACCEPTANCE_NOTICE
    draft = Notice.objects.get(stage=stage)
    assert (draft.status, draft.created_by, sorted(e.application_id for e in draft.entries.all())) == (
        NoticeStatus.DRAFT,
        staff,
        sorted(a.pk for a in accepted),
    )

    with pytest.raises(StageCannotEnd) as unpublished:
        factories.advance(cycle, by=staff)
    assert unpublished.value.unmet == ["依据第13条：本环节的公示尚未发布。"]

    notice = notice_publish(draft, by=staff)
    with pytest.raises(StageCannotEnd) as running:
        factories.advance(cycle, by=staff)
    end = timezone.localtime(notice.ends_at).strftime("%Y-%m-%d %H:%M")
    assert running.value.unmet == [f"依据第13条：公示期为{notice.period_text}，至{end}止。"]

    _expire(notice)  # the period has run; the periodic task has not closed it yet
    assert [check.holds for check in stage_checks(current_stage(cycle))] == [True, True]
    assert factories.advance(cycle, by=staff).kind == StageKind.MATERIAL_REVIEW


def test_a_stale_advance_changes_nothing_and_says_so(at_eligibility, staff):
    cycle, _accepted = at_eligibility
    eligibility = current_stage(cycle)
    factories.advance(cycle, by=staff)  # someone else ended eligibility meanwhile
    audit = AuditEntry.objects.count()

    with pytest.raises(StaleAdvance, match="受理名单公示"):
        cycle_advance(cycle, by=staff, ending=eligibility.pk)

    assert current_stage(cycle).kind == StageKind.ACCEPTANCE_NOTICE
    assert AuditEntry.objects.count() == audit


def test_the_advance_page_for_an_ended_stage_changes_nothing(client, at_eligibility, staff):
    cycle, _accepted = at_eligibility
    eligibility = current_stage(cycle)
    factories.advance(cycle, by=staff)
    client.force_login(staff)

    response = client.post(
        reverse("pipeline:advance", args=[cycle.pk]), {"stage": eligibility.pk, "confirm": "on"}, follow=True
    )

    assert "本届评选已进入其他环节" in response.content.decode()
    assert current_stage(cycle).kind == StageKind.ACCEPTANCE_NOTICE


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_advances_make_one_transition_and_one_audit_row(authority, district):
    staff = factories.make_staff(authority, username="staff-a")
    scheme = factories.make_scheme(authority, code="race")
    cycle = factories.cycle_at(scheme, StageKind.ELIGIBILITY)
    eligibility = current_stage(cycle)
    barrier, outcomes = threading.Barrier(2), []

    def advance():
        try:
            barrier.wait()
            outcomes.append(cycle_advance(Cycle.objects.get(pk=cycle.pk), by=staff, ending=eligibility.pk).kind)
        except StaleAdvance:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=advance) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([StageKind.ACCEPTANCE_NOTICE, "stale"])
    assert current_stage(cycle).kind == StageKind.ACCEPTANCE_NOTICE
    assert AuditEntry.objects.filter(action="cycle.advanced", target_id=cycle.pk).count() == 1


def test_a_review_stage_begins_with_its_round_in_the_same_transaction(scheme, district, staff, monkeypatch):
    cycle = factories.cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
    factories.application_in(cycle, district, title="随州市甲机械有限公司")
    notice_stage = current_stage(cycle)
    notice = notice_publish(
        pipeline_stages.notice_prepare(
            notice_stage, by=staff, title="受理名单公示", applications=cycle.applications.all()
        ),
        by=staff,
    )
    _expire(notice)

    def broken(stage, *, by):
        raise ReviewError("round refused")

    monkeypatch.setattr(pipeline_stages, "round_open", broken)
    with pytest.raises(ReviewError):
        cycle_advance(cycle, by=staff, ending=notice_stage.pk)
    notice_stage.refresh_from_db()
    assert notice_stage.status == StageStatus.CURRENT  # the failure left the cycle where it was
    assert not AuditEntry.objects.filter(action="cycle.advanced").exists()

    monkeypatch.undo()
    material = cycle_advance(cycle, by=staff, ending=notice_stage.pk)
    round_ = Round.objects.get(stage=material)
    assert [entry.application.title for entry in round_.entries.all()] == ["随州市甲机械有限公司"]


def test_an_open_objection_holds_the_next_stage_for_the_application_objected_to(at_eligibility, staff):
    cycle, (objected, clean) = at_eligibility
    notice_stage = factories.advance(cycle, by=staff)
    notice = notice_publish(Notice.objects.get(stage=notice_stage), by=staff)
    objection = identified_objection(notice, entry=notice.entries.get(application=objected))
    _expire(notice)
    close_due_notices()

    material = factories.advance(cycle, by=staff)  # 经公示无异议: the others go on
    round_ = Round.objects.get(stage=material)
    held, free = round_.entries.get(application=objected), round_.entries.get(application=clean)
    assert is_held(objected) and not is_held(clean)
    with pytest.raises(ReviewError, match="异议"):
        group_draw(round_, by=staff, entries=[held], size=3)
    with pytest.raises(StageCannotEnd) as blocked:
        factories.advance(cycle, by=staff)
    assert "随州市甲机械有限公司" in blocked.value.unmet[0]
    assert free.application == clean

    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经核实，异议不成立。")
    assert not is_held(objected)
    objected.refresh_from_db()
    assert objected.status == ApplicationStatus.ACCEPTED


def test_the_final_notice_cannot_pass_while_an_objection_on_it_is_open(authority, district, staff):
    scheme = factories.make_scheme(
        authority,
        code="final",
        stages=[(StageKind.CANDIDATE_NOTICE, "拟奖名单公示", 5), (StageKind.GOVERNMENT_APPROVAL, "审定", None)],
        **LANZHOU_OBJECTIONS,
    )
    cycle = factories.cycle_at(scheme, StageKind.CANDIDATE_NOTICE)
    candidate = factories.application_in(
        cycle, district, title="随州市甲机械有限公司", status=ApplicationStatus.CANDIDATE
    )
    stage = current_stage(cycle)
    notice = notice_publish(
        pipeline_stages.notice_prepare(
            stage, by=staff, title="拟奖名单公示", applications=type(candidate).objects.filter(pk=candidate.pk)
        ),
        by=staff,
    )
    objection = identified_objection(notice)
    _expire(notice)

    with pytest.raises(StageCannotEnd) as blocked:
        factories.advance(cycle, by=staff)
    assert blocked.value.unmet == [f"依据第二十九条：异议{objection.reference}尚在调查处理中。"]

    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经核实，异议不成立。")
    assert factories.advance(cycle, by=staff).kind == StageKind.GOVERNMENT_APPROVAL


def test_ending_a_stage_that_leaves_applications_undecided_asks_for_confirmation(at_eligibility, district, staff):
    cycle, _accepted = at_eligibility
    waiting = factories.application_in(cycle, district, title="随州市丙公司", status=ApplicationStatus.SUBMITTED)
    eligibility = current_stage(cycle)

    with pytest.raises(AdvanceNeedsConfirmation) as asked:
        cycle_advance(cycle, by=staff, ending=eligibility.pk)
    assert [application.pk for application in asked.value.undecided] == [waiting.pk]
    assert current_stage(cycle) == eligibility

    cycle_advance(cycle, by=staff, ending=eligibility.pk, confirm=True, reason="推荐单位未报送")
    entry = AuditEntry.objects.get(action="cycle.advanced", target_id=cycle.pk)
    assert (entry.data, entry.reason) == ({"left_undecided": [waiting.pk]}, "推荐单位未报送")


def test_the_advance_page_lists_the_undecided_and_refuses_without_confirmation(client, at_eligibility, district, staff):
    cycle, _accepted = at_eligibility
    factories.application_in(cycle, district, title="随州市丙公司", status=ApplicationStatus.SUBMITTED)
    eligibility = current_stage(cycle)
    client.force_login(staff)
    url = reverse("pipeline:advance", args=[cycle.pk])

    page = client.get(url, {"stage": eligibility.pk})
    assert "随州市丙公司" in page.content.decode()
    refused = client.post(url, {"stage": eligibility.pk, "confirm": "on"})
    assert refused.status_code == 400
    assert current_stage(cycle) == eligibility
    client.post(url, {"stage": eligibility.pk, "confirm": "on", "confirm_undecided": "on"})
    assert current_stage(cycle).kind == StageKind.ACCEPTANCE_NOTICE


@pytest.mark.parametrize("persona", ["supervisor", "other_staff", "reviewer"])
def test_only_the_office_ends_a_stage(client, request, at_eligibility, persona):
    cycle, _accepted = at_eligibility
    eligibility = current_stage(cycle)
    client.force_login(request.getfixturevalue(persona))

    url = reverse("pipeline:advance", args=[cycle.pk])
    assert client.get(url, {"stage": eligibility.pk}).status_code == 404
    assert client.post(url, {"stage": eligibility.pk, "confirm": "on"}).status_code == 404
    assert current_stage(cycle) == eligibility


def test_public_pages_only_read_even_when_a_notice_is_due(client, scheme, district, staff):
    cycle = factories.cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
    factories.application_in(cycle, district, title="随州市甲机械有限公司")
    notice = notice_publish(
        pipeline_stages.notice_prepare(
            current_stage(cycle), by=staff, title="受理名单公示", applications=cycle.applications.all()
        ),
        by=staff,
    )
    _expire(notice)  # due: only the periodic task or staff close it
    urls = [
        reverse("public-home"),
        reverse("cycles:scheme", args=[scheme.code]),
        reverse("cycles:public", args=[cycle.pk]),
        reverse("publicity:public-list"),
        reverse("publicity:public-past"),
        reverse("publicity:public-detail", args=[notice.pk]),
        reverse("publicity:object", args=[notice.pk]),
        reverse("publicity:objection-status") + "?reference=YY-NONE-0000",
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code in (200, 302), url
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED


def test_staff_home_says_a_notice_period_is_over_as_soon_as_it_is(at_eligibility, staff, supervisor):
    cycle, _accepted = at_eligibility
    stage = factories.advance(cycle, by=staff)
    notice = notice_publish(Notice.objects.get(stage=stage), by=staff)
    running = [task.detail for task in tasks_for(staff) if task.url == reverse("pipeline:cycle", args=[cycle.pk])]
    assert running == [f"计划于{stage.planned_end.isoformat()}结束"]

    _expire(notice)  # before any periodic task has closed it
    for user in (staff, supervisor):
        details = [t.detail for t in tasks_for(user) if t.url == reverse("pipeline:cycle", args=[cycle.pk])]
        assert details == ["公示期已满（第13条），可以进入下一环节。"]
