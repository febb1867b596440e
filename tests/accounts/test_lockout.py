"""Nobody locks a staff or committee account out at will: django-axes locks a username from one
address only, and the owner unlocks it through a password reset."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
NEW_PASSWORD = "编钟-new-pass-2026"


def login(client, username, password, ip):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def lock(client, settings, username, ip=ATTACKER):
    statuses = [login(client, username, "wrong-password", ip).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[-1] == 429
    assert login(client, username, PASSWORD, ip).status_code == 429  # locked from there, even with the password


@pytest.mark.parametrize("persona", ["staff", "committee_member"])
def test_failures_from_one_address_do_not_lock_the_owner_out_from_another(client, settings, request, persona):
    user = request.getfixturevalue(persona)
    lock(client, settings, user.username)
    response = login(client, user.username, PASSWORD, OWNER)
    assert response.status_code == 302
    assert response.url == reverse("pipeline:home")


def test_failures_on_many_usernames_from_one_address_lock_only_those_pairs(client, settings, staff, committee_member):
    lock(client, settings, staff.username)
    assert login(client, committee_member.username, PASSWORD, ATTACKER).status_code == 302


def test_a_password_reset_unlocks_the_account_where_it_was_locked(client, settings, staff):
    lock(client, settings, staff.username, ip=OWNER)
    response = client.post(reverse("accounts:password-reset"), {"email": staff.email}, REMOTE_ADDR=OWNER)
    assert response.url == reverse("accounts:password-reset-sent")
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "设置质量奖评审平台的新密码"
    assert "如账号因登录失败被锁定，也将随之解锁" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form_url = client.get(link, REMOTE_ADDR=OWNER).url  # Django swaps the token for a session key
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, REMOTE_ADDR=OWNER)
    assert response.url == reverse("accounts:password-reset-complete")
    assert not AccessAttempt.objects.filter(username=staff.username).exists()
    assert login(client, staff.username, NEW_PASSWORD, OWNER).status_code == 302


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_the_reset_pages_are_in_chinese(client):
    assert "重置密码" in client.get(reverse("accounts:password-reset")).content.decode()
    assert "忘记密码？" in client.get(reverse("accounts:login")).content.decode()


def test_a_used_reset_link_no_longer_works(client, staff):
    client.post(reverse("accounts:password-reset"), {"email": staff.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    other = client.__class__()
    response = other.get(link)
    assert "该链接已失效" in response.content.decode()
