import pytest

from accounts.models import Notification
from publicity.enums import ObjectionStatus
from publicity.services.objections import objection_decide
from publicity.services.reminders import remind_due_objections

from .conftest import at
from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def objection(staff, notice_stage, listed):
    notice = publish(notice_stage, staff, now=at(2026, 9, 30))
    return identified_objection(notice, now=at(2026, 10, 8))  # due 2026-10-14 23:59:59 (第二十九条)


def _reminders(user, objection):
    """The staff's messages about ``objection`` after the one that told them it was filed."""
    return list(
        Notification.objects.filter(recipient=user, url=f"/notices/objections/{objection.pk}/")
        .order_by("pk")
        .values_list("subject", flat=True)
    )[1:]


def test_objection_reminder_reaches_staff_once_within_the_hours_before_due(objection, staff, other_staff, settings):
    settings.REMIND_OBJECTION_HOURS = 24

    assert remind_due_objections(now=at(2026, 10, 13, 23, 0)) == []  # still more than 24 hours left
    assert remind_due_objections(now=at(2026, 10, 14, 9, 0)) == [objection.pk]
    assert remind_due_objections(now=at(2026, 10, 14, 10, 0)) == []  # once

    reminders = _reminders(staff, objection)
    assert len(reminders) == 1
    assert objection.reference in reminders[0] and "2026-10-14 23:59" in reminders[0]
    assert not Notification.objects.filter(recipient=other_staff).exists()  # another authority's office
    objection.refresh_from_db()
    assert objection.reminded_at == at(2026, 10, 14, 9, 0)


def test_decided_objection_is_not_reminded(objection, staff, settings):
    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经核查，反映情况不属实。")

    assert remind_due_objections(now=at(2026, 10, 14, 9, 0)) == []
