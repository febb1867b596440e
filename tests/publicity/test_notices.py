import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from cycles.enums import DayUnit, StageKind, StageStatus
from cycles.errors import CycleError
from cycles.services import cycle_advance
from publicity import lists
from publicity.enums import NoticeStatus
from publicity.errors import PublicityError
from publicity.models import Notice, NoticeEntry
from publicity.selectors import passed_county_notice
from publicity.services import close_due_notices, notice_prepare, notice_publish
from tests import factories

from .conftest import at, cycle_at, make_application
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


def test_notice_publish_lanzhou_five_working_days_ends_through_the_calendar(staff, notice_stage, listed):
    notice = publish(notice_stage, staff, now=at(2026, 9, 30))

    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.starts_on == datetime.date(2026, 9, 30)
    assert timezone.localtime(notice.ends_at).replace(tzinfo=None) == datetime.datetime(2026, 10, 13, 23, 59, 59)
    assert (notice.period_days, notice.period_unit, notice.article) == (5, DayUnit.WORKING, "第13条")
    notice_stage.refresh_from_db()
    assert notice_stage.not_before_end == notice.ends_at


def test_notice_publish_qingyuan_seven_calendar_days(staff, authority, district, monkeypatch):
    # The awards app may replace the candidate list; this test is about the period.
    monkeypatch.setitem(lists._providers, StageKind.CANDIDATE_NOTICE.value, lists.candidate_list)
    scheme = factories.make_scheme(
        authority,
        code="qingyuan",
        stages=[(StageKind.ELIGIBILITY, "资格审核", None), (StageKind.CANDIDATE_NOTICE, "拟奖名单公示", 7)],
    )
    scheme.stages.filter(kind=StageKind.CANDIDATE_NOTICE).update(notice_unit=DayUnit.CALENDAR, article="四(五)")
    cycle = cycle_at(scheme, StageKind.CANDIDATE_NOTICE)
    make_application(cycle, district, title="庆元县甲公司", status=ApplicationStatus.CANDIDATE)

    notice = publish(cycle.stages.get(kind=StageKind.CANDIDATE_NOTICE), staff, now=at(2026, 9, 30))

    assert timezone.localtime(notice.ends_at).replace(tzinfo=None) == datetime.datetime(2026, 10, 7, 23, 59, 59)
    assert [e.display_name for e in notice.entries.all()] == ["庆元县甲公司"]


def test_notice_publish_unknown_year_refused(staff, notice_stage, listed):
    notice = notice_prepare(notice_stage, by=staff, title="受理名单公示")

    with pytest.raises(PublicityError, match="2027"):
        notice_publish(notice, by=staff, now=at(2027, 3, 1))

    notice.refresh_from_db()
    notice_stage.refresh_from_db()
    assert (notice.status, notice.ends_at, notice_stage.not_before_end) == (NoticeStatus.DRAFT, None, None)


def test_notice_prepare_refused_when_stage_not_current(staff, cycle, listed):
    material = cycle.stages.get(kind=StageKind.MATERIAL_REVIEW)
    eligibility = cycle.stages.get(kind=StageKind.ELIGIBILITY)

    with pytest.raises(PublicityError):
        notice_prepare(material, by=staff, title="x")
    with pytest.raises(PublicityError):
        notice_prepare(eligibility, by=staff, title="x")
    assert Notice.objects.count() == 0


def test_notice_prepare_refused_for_other_authority_and_supervisor(other_staff, supervisor, notice_stage, listed):
    for user in (other_staff, supervisor):
        with pytest.raises(PublicityError):
            notice_prepare(notice_stage, by=user, title="受理名单公示")
    assert Notice.objects.count() == 0


def test_notice_publish_twice_refused(staff, notice_stage, listed):
    notice = publish(notice_stage, staff)

    with pytest.raises(PublicityError):
        notice_publish(notice, by=staff)


def test_notice_publish_empty_list_refused(staff, notice_stage):
    notice = notice_prepare(notice_stage, by=staff, title="受理名单公示")

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
        "removed",
        "removed_at",
        "removed_article",
        "removed_reason",
        "objections",
    }


def test_cycle_advance_refused_before_notice_ends(staff, cycle, notice_stage, listed):
    publish(notice_stage, staff)

    with pytest.raises(CycleError):
        cycle_advance(cycle, by=staff)
    notice_stage.refresh_from_db()
    assert notice_stage.status == StageStatus.CURRENT


def test_close_due_notices_closes_advances_and_is_idempotent(staff, cycle, notice_stage, listed):
    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))

    assert close_due_notices() == [notice.pk]

    notice.refresh_from_db()
    notice_stage.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    assert notice_stage.status == StageStatus.DONE
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.MATERIAL_REVIEW
    advanced = AuditEntry.objects.get(action="cycle.advanced")
    assert (advanced.actor, advanced.from_state, advanced.to_state) == (
        None,
        StageKind.ACCEPTANCE_NOTICE,
        StageKind.MATERIAL_REVIEW,
    )
    entries = AuditEntry.objects.count()

    assert close_due_notices() == []
    assert AuditEntry.objects.count() == entries
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.MATERIAL_REVIEW


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
    elsewhere = make_application(
        cycle, factories.DistrictFactory(authority=authority), title="外区公司", status=ApplicationStatus.SUBMITTED
    )

    with pytest.raises(PublicityError):
        notice_prepare(stage, by=staff, title="县区公示", department=department)
    notice = publish(stage, department_user, now=timezone.now() - datetime.timedelta(days=20), department=department)

    assert [e.application for e in notice.entries.all()] == [submitted, objected]
    assert passed_county_notice(submitted) is False
    close_due_notices()
    assert (passed_county_notice(submitted), passed_county_notice(elsewhere)) == (True, False)
    # 外区公司 has no county notice yet: the cycle stays at the county notice.
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.COUNTY_NOTICE


def test_passed_county_notice_false_with_open_objection(department_user, authority, department, district):
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

    assert passed_county_notice(application) is False
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.RECOMMENDATION


def test_list_provider_registry_last_registration_wins(staff, cycle, notice_stage, listed):
    original = lists.provider_for(StageKind.ACCEPTANCE_NOTICE)
    try:

        @lists.register(StageKind.ACCEPTANCE_NOTICE)
        def only_first(stage, department=None):
            return original(stage, department).filter(pk=listed[0].pk)

        notice = publish(notice_stage, staff)
    finally:
        lists.register(StageKind.ACCEPTANCE_NOTICE)(original)

    assert [e.application for e in notice.entries.all()] == [listed[0]]


def test_notice_publish_refused_when_closed_and_draft_never_closed(staff, notice_stage, listed):
    draft = notice_prepare(notice_stage, by=staff, title="受理名单公示")

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
    assert cycle.stages.get(status=StageStatus.CURRENT) == stage
