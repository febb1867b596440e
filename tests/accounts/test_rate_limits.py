"""The login and the password reset are rate-limited by address and by target (username, e-mail)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.ratelimit_support import ELSEWHERE, assert_limited, rates

pytestmark = pytest.mark.django_db


def login(client, username, password="wrong-password", ip="203.0.113.9", **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_login_limited_by_address_across_usernames(client, settings):
    rates(settings, "login", ip="3/m", target="100/m")
    assert [login(client, f"guess{n}").status_code for n in range(3)] == [200, 200, 200]
    assert_limited(login(client, "guess3"))
    assert login(client, "guess4", ip="198.51.100.1").status_code == 200  # another address is not held


def test_login_limited_by_username_across_addresses(client, settings, staff):
    rates(settings, "login", ip="100/m", target="3/m")
    assert [login(client, "Staff ", ip=ip).status_code for ip in ELSEWHERE[:3]] == [200, 200, 200]
    assert_limited(login(client, "staff", PASSWORD, ip=ELSEWHERE[3]))
    assert "_auth_user_id" not in client.session


def test_login_limit_page_in_english_for_an_english_browser(client, settings):
    rates(settings, "login", ip="1/m", target="100/m")
    login(client, "guess")
    assert_limited(login(client, "guess", HTTP_ACCEPT_LANGUAGE="en"), language="en")


def test_login_page_itself_is_not_counted(client, settings):
    rates(settings, "login", ip="1/m", target="1/m")
    for _ in range(3):
        assert client.get(reverse("accounts:login")).status_code == 200


def test_password_reset_limited_by_e_mail_address(client, settings, staff, mailoutbox):
    rates(settings, "password_reset", ip="100/h", target="2/h")
    url = reverse("accounts:password-reset")
    for ip in ELSEWHERE[:2]:
        assert client.post(url, {"email": staff.email}, REMOTE_ADDR=ip).status_code == 302
    assert_limited(client.post(url, {"email": staff.email.upper()}, REMOTE_ADDR=ELSEWHERE[2]))
    assert len(mailoutbox) == 2
