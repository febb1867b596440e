"""钦州 第二十五条: fraud found during the cycle disqualifies the application at once (当届) and bars
its holder for five years; the office does it from the dossier's page, and only the office."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, Notification
from applications.eligibility.checks import check_sanction, gather_facts
from applications.enums import ApplicationStatus
from applications.models.eligibility import ConditionOutcome
from cycles.enums import ConditionCheck
from cycles.loader import load_schemes
from register.models import SanctionRecord
from tests import factories
from tests.register.support import applying_in, new_credit_code, scheme_of

pytestmark = pytest.mark.usefixtures("loaded")

REASON = "申报材料中的检测报告系伪造。"


@pytest.fixture
def loaded(db):
    load_schemes()


@pytest.fixture
def qinzhou():
    scheme = scheme_of("qinzhou")
    return scheme, factories.make_staff(scheme.authority, username="qinzhou-staff")


def _accepted(scheme, year=2026):
    application = applying_in(scheme, year, credit_code=new_credit_code())
    application.status = ApplicationStatus.ACCEPTED
    application.save(update_fields=["status"])
    return application


def test_staff_disqualify_from_the_dossier_page(qinzhou, client):
    scheme, staff = qinzhou
    application = _accepted(scheme)
    page = reverse("pipeline:dossier-view", args=[application.pk])
    client.force_login(staff)
    assert "第二十五条" in client.get(page).content.decode()

    response = client.post(
        reverse("applications:disqualify", args=[application.pk]), {"reason": REASON, "confirm": "on"}
    )

    assert response.status_code == 302 and response.url == page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED
    ban = SanctionRecord.objects.get(credit_code=application.organisation.credit_code)
    assert (ban.cause, ban.cycle, ban.article, ban.reason) == ("fraud", application.cycle, "第二十五条", REASON)
    entry = AuditEntry.objects.get(action="application.disqualified", target_id=application.pk)
    assert (entry.actor, entry.article, entry.reason) == (staff, "第二十五条", REASON)
    assert Notification.objects.filter(recipient=application.owner).exists()
    assert "disqualify" not in client.get(page).content.decode()  # no second time


def test_disqualified_holder_is_barred_in_this_and_the_next_five_years(qinzhou, client):
    scheme, staff = qinzhou
    application = _accepted(scheme)
    client.force_login(staff)
    client.post(reverse("applications:disqualify", args=[application.pk]), {"reason": REASON, "confirm": "on"})
    code = application.organisation.credit_code
    condition = scheme.conditions.get(check_kind=ConditionCheck.SANCTION)

    def finding(year):
        later = applying_in(scheme, year, credit_code=code)
        return check_sanction(condition, later, gather_facts(later)).outcome

    assert finding(2030) == ConditionOutcome.NOT_MET
    assert finding(2032) == ConditionOutcome.MET


def test_disqualification_needs_the_facts_and_a_confirmation(qinzhou, client):
    scheme, staff = qinzhou
    application = _accepted(scheme)
    client.force_login(staff)
    url = reverse("applications:disqualify", args=[application.pk])

    client.post(url, {"reason": REASON})
    client.post(url, {"reason": "  ", "confirm": "on"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert not SanctionRecord.objects.exists()


def test_only_the_staff_of_the_authority_disqualify(qinzhou, client):
    scheme, _staff = qinzhou
    application = _accepted(scheme)
    url = reverse("applications:disqualify", args=[application.pk])
    for user in (
        factories.make_supervisor(scheme.authority),
        factories.make_staff(scheme_of("suizhou").authority),
        application.owner,
        factories.make_reviewer(scheme.authority),
        factories.make_committee_member(scheme.authority),
    ):
        client.force_login(user)
        assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == 404
        assert "disqualify" not in client.get(reverse("pipeline:dossier-view", args=[application.pk])).content.decode()
    client.logout()
    assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == 302  # to the login page

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_an_application_out_of_the_running_cannot_be_disqualified(qinzhou, client):
    scheme, staff = qinzhou
    application = _accepted(scheme)
    application.status = ApplicationStatus.AWARDED
    application.save(update_fields=["status"])
    client.force_login(staff)

    response = client.post(
        reverse("applications:disqualify", args=[application.pk]), {"reason": REASON, "confirm": "on"}, follow=True
    )

    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert not SanctionRecord.objects.exists()
