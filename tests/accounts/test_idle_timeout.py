"""An idle session ends: after SESSION_IDLE_MINUTES for everyone who reads dossiers, scores or
ballots, after the longer SESSION_IDLE_MINUTES_APPLICANT for applicants."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_ACTIVITY
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def idle_for(client, minutes):
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - minutes * 60
    session.save()


def home(client):
    return client.get(reverse("pipeline:home"))


@pytest.mark.parametrize("persona", ["staff", "reviewer", "committee_member", "supervisor", "department_user"])
def test_staff_reviewers_and_committee_are_logged_out_after_thirty_idle_minutes(client, request, settings, persona):
    assert settings.SESSION_IDLE_MINUTES == 30
    client.force_login(request.getfixturevalue(persona))
    assert home(client).status_code == 200
    idle_for(client, 31)
    response = home(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    login_page = client.get(response.url).content.decode()
    assert "您已 30 分钟无操作，已自动退出登录。请重新登录。" in login_page


@pytest.mark.parametrize("persona", ["staff", "committee_member"])
def test_less_idle_time_keeps_the_session(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    home(client)
    idle_for(client, 29)
    assert home(client).status_code == 200
    assert int(time.time()) - client.session[LAST_ACTIVITY] < 5  # the request counted as activity
    assert home(client).status_code == 200


def test_applicants_have_the_longer_limit(client, settings, applicant):
    assert settings.SESSION_IDLE_MINUTES_APPLICANT == 120
    client.force_login(applicant)
    home(client)
    idle_for(client, 119)
    assert home(client).status_code == 200
    idle_for(client, 121)
    assert home(client).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_superuser_has_the_staff_limit_whatever_its_role(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    home(client)
    idle_for(client, 31)
    assert home(client).status_code == 302


def test_the_limit_is_read_from_the_settings(client, settings, staff):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(staff)
    home(client)
    idle_for(client, 6)
    assert home(client).status_code == 302


def test_a_session_idle_since_its_login_ends_too(client, staff):
    client.post(reverse("accounts:login"), {"username": staff.username, "password": PASSWORD})
    assert home(client).status_code == 200  # just logged in: the login is the last activity
    assert LAST_ACTIVITY not in client.session  # nothing written for it
    type(staff).objects.filter(pk=staff.pk).update(last_login=timezone.now() - datetime.timedelta(minutes=31))
    assert home(client).status_code == 302
