import datetime

import pytest

from accounts.models import Notification
from register.services import reassessment_open, remind_validity_ending
from tests import factories

from .support import award, new_credit_code, scheme_of

pytestmark = pytest.mark.usefixtures("loaded")

TODAY = datetime.date(2026, 12, 1)


def test_office_is_reminded_once_of_awards_whose_validity_ends_within_90_days(settings):
    settings.REMIND_VALIDITY_DAYS = 90
    scheme = scheme_of("lanzhou")
    staff = factories.make_staff(scheme.authority)
    outsider = factories.make_staff(scheme_of("suizhou").authority)

    def held(valid_until):
        return award(
            scheme,
            "award",
            credit_code=new_credit_code(),
            awarded_on=datetime.date(2021, 12, 1),
            valid_until=valid_until,
        )

    soon = held(TODAY + datetime.timedelta(days=60))
    later = held(TODAY + datetime.timedelta(days=120))
    ended = held(TODAY - datetime.timedelta(days=1))
    reassessed = held(TODAY + datetime.timedelta(days=30))
    reassessment_open(reassessed, by=staff, opened_on=TODAY)

    assert remind_validity_ending(today=TODAY) == [soon.pk]
    assert remind_validity_ending(today=TODAY) == []  # once

    messages = Notification.objects.filter(url=f"/register/records/{soon.pk}/")
    assert list(messages.values_list("recipient", flat=True)) == [staff.pk]
    assert soon.valid_until.isoformat() in messages.get().subject
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert not Notification.objects.filter(
        url__in=[f"/register/records/{r.pk}/" for r in (later, ended, reassessed)]
    ).exists()
