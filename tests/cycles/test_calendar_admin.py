"""The working-day calendar is national: no city's staff can shift every city's deadlines through the
admin; a holder of its own permission edits it, and each change is audited with old and new values."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import AuditEntry
from cycles.models import CalendarDay, CalendarYear
from cycles.permissions import CALENDAR_PERMISSION
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(other_authority):
    """A staff member to whom the national calendar's keeping was given."""
    user = make_staff(other_authority, username="calendar-keeper")
    user.user_permissions.add(Permission.objects.get(codename="edit_working_day_calendar"))
    return user


@pytest.fixture
def holiday():
    return CalendarDay.objects.create(date=datetime.date(2027, 1, 1), is_workday=False, name="元旦")


def day_form(date="2027-02-06", is_workday="on", name="调休上班"):
    return {"date": date, "is_workday": is_workday, "name": name}


def test_authority_staff_are_not_granted_the_calendar_permission(staff):
    assert not staff.has_perm(CALENDAR_PERMISSION)
    assert staff.has_perm("cycles.view_calendarday") and staff.has_perm("cycles.change_awardscheme")
    assert not staff.has_perm("cycles.add_calendarday") and not staff.has_perm("cycles.change_calendarday")


def test_city_staff_cannot_add_a_calendar_day(client, staff):
    client.force_login(staff)
    url = reverse("admin:cycles_calendarday_add")
    assert client.get(url).status_code == 403
    assert client.post(url, day_form()).status_code == 403
    assert not CalendarDay.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_city_staff_cannot_change_or_delete_a_calendar_day(client, staff, holiday):
    client.force_login(staff)
    change = reverse("admin:cycles_calendarday_change", args=[holiday.pk])
    assert client.get(change).status_code == 200  # read-only: staff see the calendar their deadlines use
    assert client.post(change, day_form(date="2027-01-01", is_workday="on", name="上班")).status_code == 403
    assert (
        client.post(reverse("admin:cycles_calendarday_delete", args=[holiday.pk]), {"post": "yes"}).status_code == 403
    )
    holiday.refresh_from_db()
    assert (holiday.is_workday, holiday.name) == (False, "元旦")


def test_city_staff_cannot_enter_a_year(client, staff):
    client.force_login(staff)
    url = reverse("admin:cycles_calendaryear_add")
    assert client.post(url, {"year": "2027", "source": "伪造"}).status_code == 403
    assert not CalendarYear.objects.exists()


def test_keeper_adds_a_day_and_the_audit_entry_has_the_new_values(client, keeper):
    client.force_login(keeper)
    response = client.post(reverse("admin:cycles_calendarday_add"), day_form())
    assert response.status_code == 302
    day = CalendarDay.objects.get()
    entry = AuditEntry.objects.get(action="calendar.day_added")
    assert (entry.actor, entry.authority, entry.target_id) == (keeper, None, day.pk)
    assert entry.data == {"old": None, "new": {"date": "2027-02-06", "is_workday": True, "name": "调休上班"}}


def test_keeper_changes_a_day_and_the_audit_entry_has_old_and_new_values(client, keeper, holiday):
    client.force_login(keeper)
    response = client.post(
        reverse("admin:cycles_calendarday_change", args=[holiday.pk]), day_form(date="2027-01-02", name="元旦")
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="calendar.day_changed")
    assert entry.data == {
        "old": {"date": "2027-01-01", "is_workday": False, "name": "元旦"},
        "new": {"date": "2027-01-02", "is_workday": True, "name": "元旦"},
    }
    assert entry.summary == "工作日日历：2027-01-02 元旦 已修改"


def test_keeper_deletes_a_day_and_the_audit_entry_keeps_its_values(client, keeper, holiday):
    client.force_login(keeper)
    response = client.post(reverse("admin:cycles_calendarday_delete", args=[holiday.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    entry = AuditEntry.objects.get(action="calendar.day_deleted")
    assert entry.data == {"old": {"date": "2027-01-01", "is_workday": False, "name": "元旦"}, "new": None}


def test_keeper_bulk_delete_audits_each_day(client, keeper, holiday):
    other = CalendarDay.objects.create(date=datetime.date(2027, 2, 6), is_workday=True, name="调休上班")
    client.force_login(keeper)
    response = client.post(
        reverse("admin:cycles_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": [holiday.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    deleted = AuditEntry.objects.filter(action="calendar.day_deleted").order_by("target_id")
    assert [entry.data["old"]["date"] for entry in deleted] == ["2027-01-01", "2027-02-06"]


def test_keeper_enters_a_year_and_changes_its_source(client, keeper):
    client.force_login(keeper)
    assert (
        client.post(
            reverse("admin:cycles_calendaryear_add"), {"year": "2027", "source": "国办发明电〔2026〕7号"}
        ).status_code
        == 302
    )
    year = CalendarYear.objects.get()
    assert year.entered_by == keeper
    change = reverse("admin:cycles_calendaryear_change", args=[year.pk])
    assert client.post(change, {"year": "2027", "source": "国办发明电〔2026〕8号"}).status_code == 302
    entry = AuditEntry.objects.get(action="calendar.year_changed")
    assert entry.data == {
        "old": {"year": 2027, "source": "国办发明电〔2026〕7号"},
        "new": {"year": 2027, "source": "国办发明电〔2026〕8号"},
    }
