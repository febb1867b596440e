import datetime

import pytest

from accounts.models import Notification
from reviews.services.rounds import remind_round_ending

from .conftest import drawn, scored_entry

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


def _end_round_on(world, day):
    stage = world.round.stage
    stage.planned_end = day
    stage.save(update_fields=["planned_end"])


def test_reviewers_with_sheets_owed_are_reminded_two_working_days_before_the_end(world, staff, settings):
    settings.REMIND_REVIEWERS_WORKING_DAYS = 2
    first, _group, _members = scored_entry(world, staff)  # every member of this group has submitted
    second = world.round.entries.exclude(pk=first.pk).get()
    owing = drawn(world, staff, entries=[second], seed="second")
    owing_members = set(owing.members.values_list("pk", flat=True))

    _end_round_on(world, MONDAY + datetime.timedelta(days=3))  # Thursday: three working days away
    assert remind_round_ending(today=MONDAY) == []

    _end_round_on(world, MONDAY + datetime.timedelta(days=2))  # Wednesday: two working days away
    assert set(remind_round_ending(today=MONDAY)) == owing_members
    assert remind_round_ending(today=MONDAY) == []  # once

    reminded = Notification.objects.filter(url=f"/reviews/group/{owing.pk}/")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(
        owing.members.values_list("reviewer_id", flat=True)
    )
    assert all("2026-11-04" in subject for subject in reminded.values_list("subject", flat=True))


def test_round_that_has_ended_reminds_nobody(world, staff):
    entry = world.round.entries.order_by("pk").first()
    drawn(world, staff, entries=[entry])
    _end_round_on(world, MONDAY - datetime.timedelta(days=1))

    assert remind_round_ending(today=MONDAY) == []
