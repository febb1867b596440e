import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import is_held
from cycles.enums import DayUnit, StageKind, StageStatus
from cycles.errors import CycleError
from pipeline.services import stage_checks
from publicity.enums import NoticeStatus
from publicity.errors import PublicityError
from publicity.models import Notice, NoticeEntry
from publicity.services.notices import close_due_notices, notice_prepare, notice_publish
from tests import factories

from .conftest import at, cycle_at, make_application
from .helpers import identified_objection, prepare, publish

pytestmark = pytest.mark.django_db


def test_notice_publish_lanzhou_five_working_days_ends_through_the_calendar(staff, notice_stage, listed):
    notice = publish(notice_stage, staff, now=at(2026, 9, 30))

    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.starts_on == datetime.date(2026, 9, 30)
    assert timezone.localtime(notice.ends_at).replace(tzinfo=None) == datetime.datetime(2026, 10, 13, 23, 59, 59)
    assert (notice.period_days, notice.period_unit, notice.article) == (5, DayUnit.WORKING, "第13条")
    notice_stage.refresh_from_db()
    assert notice_stage.not_before_end == notice.ends_at


def test_notice_publish_qingyuan_seven_calendar_days(staff, authority, district):
    scheme = factories.make_scheme(
        authority,
        code="qingyuan",
        stages=[(StageKind.ELIGIBILITY, "资格审核", None), (StageKind.CANDIDATE_NOTICE, "拟奖名单公示", 7)],
    )
    scheme.stages.filter(kind=StageKind.CANDIDATE_NOTICE).update(notice_unit=DayUnit.CALENDAR, article="四(五)")
    cycle = cycle_at(scheme, StageKind.CANDIDATE_NOTICE)
    candidate = make_application(cycle, district, title="庆元县甲公司", status=ApplicationStatus.CANDIDATE)
    draft = notice_prepare(
        cycle.stages.get(kind=StageKind.CANDIDATE_NOTICE),
        by=staff,
        title="拟奖名单公示",
        applications=Application.objects.filter(pk=candidate.pk),
    )

    notice = notice_publish(draft, by=staff, now=at(2026, 9, 30))

    # Day 7 (10-07) is a National Day holiday: the period ends on the next working day (民法典第二百零三条).
    assert timezone.localtime(notice.ends_at).replace(tzinfo=None) == datetime.datetime(2026, 10, 8, 23, 59, 59)
    assert [e.display_name for e in notice.entries.all()] == ["庆元县甲公司"]


def test_notice_publish_unknown_year_refused(staff, notice_stage, listed):
    notice = prepare(notice_stage, staff)

    with pytest.raises(PublicityError, match="2027"):
        notice_publish(notice, by=staff, now=at(2027, 3, 1))

    notice.refresh_from_db()
    notice_stage.refresh_from_db()
    assert (notice.status, notice.ends_at, notice_stage.not_before_end) == (NoticeStatus.DRAFT, None, None)


def test_notice_prepare_refused_when_stage_not_current(staff, cycle, listed):
    material = cycle.stages.get(kind=StageKind.MATERIAL_REVIEW)
    eligibility = cycle.stages.get(kind=StageKind.ELIGIBILITY)

    with pytest.raises(PublicityError):
        prepare(material, staff, title="x")
    with pytest.raises(PublicityError):
        prepare(eligibility, staff, title="x")
    assert Notice.objects.count() == 0


def test_notice_prepare_refused_for_other_authority_and_supervisor(other_staff, supervisor, notice_stage, listed):
    for user in (other_staff, supervisor):
        with pytest.raises(PublicityError):
            prepare(notice_stage, user)
    assert Notice.objects.count() == 0


def test_notice_publish_twice_refused(staff, notice_stage, listed):
    notice = publish(notice_stage, staff)

    with pytest.raises(PublicityError):
        notice_publish(notice, by=staff)


def test_notice_publish_empty_list_refused(staff, notice_stage):
    notice = prepare(notice_stage, staff)

    with pytest.raises(PublicityError):
        notice_publish(notice, by=staff)
    assert Notice.objects.get().status == NoticeStatus.DRAFT


def test_notice_entries_snapshot_only_accepted_applications(staff, cycle, notice_stage, district, listed):
    make_application(cycle, district, title="随州市丙公司", status=ApplicationStatus.REFUSED)

    notice = publish(notice_stage, staff)

    assert list(notice.entries.values_list("display_name", "category", "district")) == [
        ("随州市甲机械有限公司", "组织", "曾都区"),
        ("随州市乙食品有限公司", "组织", "曾都区"),
    ]
    assert {f.name for f in NoticeEntry._meta.get_fields()} == {
        "id",
        "notice",
        "application",
        "order",
        "display_name",
        "category",
        "district",
        "award",
        "removed",
        "removed_at",
        "removed_article",
        "removed_reason",
        "objections",
    }


def test_cycle_advance_refused_before_notice_ends(staff, cycle, notice_stage, listed):
    publish(notice_stage, staff)

    with pytest.raises(CycleError):
        factories.advance(cycle, by=staff)
    notice_stage.refresh_from_db()
    assert notice_stage.status == StageStatus.CURRENT


def test_close_due_notices_closes_tells_the_office_and_leaves_the_cycle(staff, cycle, notice_stage, listed):
    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))

    assert close_due_notices() == [notice.pk]

    notice.refresh_from_db()
    notice_stage.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    assert notice_stage.status == StageStatus.CURRENT
    assert not AuditEntry.objects.filter(action="cycle.advanced").exists()
    closed = AuditEntry.objects.get(action="notice.closed")
    assert (closed.actor, closed.from_state, closed.to_state, closed.article) == (
        None,
        NoticeStatus.PUBLISHED,
        NoticeStatus.CLOSED,
        "第13条",
    )
    assert staff.notifications.filter(subject__contains=notice.title).count() == 1
    entries = AuditEntry.objects.count()

    assert close_due_notices() == []
    assert AuditEntry.objects.count() == entries
    assert factories.advance(cycle, by=staff).kind == StageKind.MATERIAL_REVIEW


def test_close_due_notices_leaves_running_notice(staff, notice_stage, listed):
    notice = publish(notice_stage, staff)

    assert close_due_notices() == []
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED


def test_close_due_notices_catches_up_with_the_time_given(staff, cycle, notice_stage, listed):
    notice = publish(notice_stage, staff, now=at(2026, 9, 30))

    assert close_due_notices(now=at(2026, 10, 13, 23, 0)) == []
    assert close_due_notices(now=at(2026, 10, 14, 0, 0)) == [notice.pk]


def test_county_notice_by_department_then_passed(department_user, staff, authority, department, district):
    scheme = factories.make_scheme(
        authority,
        code="lanzhou-county",
        stages=[
            (StageKind.APPLICATION, "申报", None),
            (StageKind.COUNTY_NOTICE, "县区公示", 5),
            (StageKind.RECOMMENDATION, "推荐", None),
        ],
    )
    cycle = cycle_at(scheme, StageKind.COUNTY_NOTICE)
    stage = cycle.stages.get(kind=StageKind.COUNTY_NOTICE)
    submitted = make_application(cycle, district, title="曾都区甲公司", status=ApplicationStatus.SUBMITTED)
    objected = make_application(cycle, district, title="曾都区乙公司", status=ApplicationStatus.SUBMITTED)
    other_district = factories.DistrictFactory(authority=authority, name="西固区")
    other_department = factories.DepartmentFactory(authority=authority, name="西固区人民政府")
    other_department.districts.add(other_district)
    make_application(cycle, other_district, title="外区公司", status=ApplicationStatus.SUBMITTED)

    draft = prepare(stage, staff, department=department, title="县区公示")  # the office drafts it
    with pytest.raises(PublicityError):
        notice_publish(draft, by=staff)  # the county office publishes its own (第十三条)
    notice = notice_publish(draft, by=department_user, now=timezone.now() - datetime.timedelta(days=20))

    assert [e.application for e in notice.entries.all()] == [submitted, objected]
    close_due_notices()
    # 外区公司's county office has not published: the stage cannot end.
    unmet = [check.unmet for check in stage_checks(stage) if not check.holds]
    assert len(unmet) == 1
    assert "西固区人民政府" in unmet[0] and unmet[0].startswith("依据第12条")
    with pytest.raises(CycleError):
        factories.advance(cycle, by=staff)
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.COUNTY_NOTICE


def test_county_notice_objection_holds_only_the_application_objected_to(
    staff, department_user, authority, department, district
):
    scheme = factories.make_scheme(
        authority,
        code="lanzhou-county",
        stages=[(StageKind.COUNTY_NOTICE, "县区公示", 5), (StageKind.RECOMMENDATION, "推荐", None)],
    )
    cycle = cycle_at(scheme, StageKind.COUNTY_NOTICE)
    application = make_application(cycle, district, title="曾都区甲公司", status=ApplicationStatus.SUBMITTED)
    started = timezone.now() - datetime.timedelta(days=20)
    notice = publish(
        cycle.stages.get(kind=StageKind.COUNTY_NOTICE), department_user, department=department, now=started
    )
    identified_objection(notice, now=started + datetime.timedelta(days=1))

    close_due_notices()

    assert is_held(application) is True
    assert factories.advance(cycle, by=staff).kind == StageKind.RECOMMENDATION


def test_notice_publish_refused_when_closed_and_draft_never_closed(staff, notice_stage, listed):
    draft = prepare(notice_stage, staff)

    assert close_due_notices(now=timezone.now() + datetime.timedelta(days=60)) == []
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT

    notice_publish(draft, by=staff, now=timezone.now() - datetime.timedelta(days=20))
    close_due_notices()
    with pytest.raises(PublicityError):
        notice_publish(draft, by=staff)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.CLOSED


def test_county_notices_hold_the_stage_until_the_last_ends(authority, department, department_user, district):
    other_district = factories.DistrictFactory(authority=authority, name="西固区")
    other_department = factories.DepartmentFactory(authority=authority, name="西固区人民政府")
    other_department.districts.add(other_district)
    other_user = factories.make_department_user(other_department, username="xigu")
    scheme = factories.make_scheme(
        authority,
        code="lanzhou-county",
        stages=[(StageKind.COUNTY_NOTICE, "县区公示", 5), (StageKind.RECOMMENDATION, "推荐", None)],
    )
    cycle = cycle_at(scheme, StageKind.COUNTY_NOTICE)
    stage = cycle.stages.get(kind=StageKind.COUNTY_NOTICE)
    make_application(cycle, district, title="曾都区甲公司", status=ApplicationStatus.SUBMITTED)
    make_application(cycle, other_district, title="西固区乙公司", status=ApplicationStatus.SUBMITTED)

    later = publish(stage, other_user, department=other_department, now=at(2026, 10, 9))
    earlier = publish(stage, department_user, department=department, now=at(2026, 9, 30))

    stage.refresh_from_db()
    assert earlier.ends_at < later.ends_at
    assert stage.not_before_end == later.ends_at
    close_due_notices(now=earlier.ends_at + datetime.timedelta(seconds=1))
    running = stage_checks(stage, now=earlier.ends_at + datetime.timedelta(seconds=1))
    assert [check.holds for check in running] == [True, False]
    assert stage_checks(stage, now=later.ends_at + datetime.timedelta(seconds=1))[1].holds is True
