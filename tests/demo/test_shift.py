"""``shift_demo``: the demo's dates move into the past as if the days had passed; elsewhere it refuses."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.audit_chain import verify
from accounts.models import AuditEntry
from cycles.enums import StageKind
from cycles.models import CalendarDay, Cycle
from demo.models import DemoInstallation
from demo.shift import shift_dates
from publicity.enums import NoticeStatus
from tests import factories
from tests.publicity.conftest import LANZHOU_OBJECTIONS, at, cycle_at, make_application
from tests.publicity.helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(authority, district, staff):
    """A 兰州-like cycle whose acceptance notice was published on Monday 2026-11-23 for 5 working days."""
    scheme = factories.make_scheme(authority, code="lanzhou", **LANZHOU_OBJECTIONS)
    cycle = cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
    make_application(cycle, district, title="兰州甲公司")
    notice = publish(cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE), staff, now=at(2026, 11, 23))
    return cycle, notice


def _local(moment):
    return timezone.localtime(moment).replace(microsecond=0)


def test_shift_moves_dates_and_counts_working_days_again_from_the_moved_start(noticed):
    cycle, notice = noticed
    objection = identified_objection(notice, now=at(2026, 11, 24))
    deadline, opened = cycle.submission_deadline, cycle.opened_at
    assert _local(notice.ends_at) == timezone.make_aware(datetime.datetime(2026, 11, 30, 23, 59, 59))

    shift_dates(2)

    cycle.refresh_from_db()
    notice.refresh_from_db()
    objection.refresh_from_db()
    stage = notice.stage
    stage.refresh_from_db()
    assert (cycle.submission_deadline, cycle.opened_at) == (
        deadline - datetime.timedelta(days=2),
        opened - datetime.timedelta(days=2),
    )
    # Published on Saturday 11-21 now: its 5 working days end on Friday 11-27, not on Saturday 11-28.
    assert notice.starts_on == datetime.date(2026, 11, 21)
    assert _local(notice.ends_at) == timezone.make_aware(datetime.datetime(2026, 11, 27, 23, 59, 59))
    assert stage.not_before_end == notice.ends_at
    # Filed on Sunday 11-22: examined within 5 working days (第二十九条), by Friday 11-27.
    assert _local(objection.due_at) == timezone.make_aware(datetime.datetime(2026, 11, 27, 23, 59, 59))
    # The notice ended in the past: closed, as the periodic task would have done.
    assert notice.status == NoticeStatus.CLOSED


def test_shift_leaves_the_calendar_and_the_rulebook_alone_and_reseals_the_audit(noticed, authority):
    cycle, notice = noticed
    holiday = CalendarDay.objects.create(date=datetime.date(2026, 10, 1), is_workday=False, name="国庆节")
    scheme = cycle.scheme
    scheme.effective_from = datetime.date(2023, 6, 1)
    scheme.save(update_fields=["effective_from"])
    first = AuditEntry.objects.order_by("pk").first()

    shift_dates(30)

    holiday.refresh_from_db()
    scheme.refresh_from_db()
    assert holiday.date == datetime.date(2026, 10, 1)
    assert scheme.effective_from == datetime.date(2023, 6, 1)
    assert AuditEntry.objects.get(pk=first.pk).created == first.created - datetime.timedelta(days=30)
    assert verify(authority.pk).ok


def test_shift_of_one_cycle_moves_only_that_cycle(noticed, other_authority, district):
    cycle, notice = noticed
    other = cycle_at(factories.make_scheme(other_authority, code="jinzhong"), StageKind.ELIGIBILITY)
    other_deadline = other.submission_deadline
    starts_on = notice.starts_on

    shift_dates(7, cycle=cycle)

    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.starts_on == starts_on - datetime.timedelta(days=7)
    assert other.submission_deadline == other_deadline


def test_command_refuses_on_an_installation_not_marked_as_the_demo(noticed):
    cycle, _notice = noticed
    deadline = cycle.submission_deadline

    with pytest.raises(CommandError, match="not marked as a demo"):
        call_command("shift_demo", "7")

    cycle.refresh_from_db()
    assert cycle.submission_deadline == deadline


def test_command_shifts_a_marked_demo_and_counts_the_days(noticed):
    cycle, _notice = noticed
    DemoInstallation.objects.create(pk=1)
    deadline = cycle.submission_deadline

    call_command("shift_demo", "7")
    call_command("shift_demo", "3")

    cycle.refresh_from_db()
    assert cycle.submission_deadline == deadline - datetime.timedelta(days=10)
    assert DemoInstallation.objects.get().shifted_days == 10


@pytest.mark.parametrize("days", ["0", "-3", "4000"])
def test_command_refuses_days_out_of_range(days):
    DemoInstallation.objects.create(pk=1)

    with pytest.raises(CommandError, match="between 1 and 3650"):
        call_command("shift_demo", days)


def test_shifts_of_one_cycle_add_up_even_through_a_stale_instance(noticed):
    cycle, notice = noticed
    published = AuditEntry.objects.get(action="notice.published", target_id=notice.pk)
    stale = Cycle.objects.get(pk=cycle.pk)

    shift_dates(3, cycle=cycle)
    shift_dates(4, cycle=stale)

    assert AuditEntry.objects.get(pk=published.pk).created == published.created - datetime.timedelta(days=7)
    assert Cycle.objects.get(pk=cycle.pk).opened_at == stale.opened_at - datetime.timedelta(days=7)
