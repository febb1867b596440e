import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AuditEntry, Notification
from accounts.services import audit_record, notify
from tests.factories import PASSWORD, UserFactory


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_login_with_the_right_password_lands_on_the_home_page(client, staff):
    response = login(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("pipeline:home")


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out(client, settings, staff):
    statuses = [login(client, "staff", "wrong-password").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = login(client, "staff", PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock(client, settings, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "staff", "wrong-password")
    assert login(client, "staff", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_change_validates_the_new_password(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "质量奖-strong-pass-2026",
            "new_password2": "质量奖-strong-pass-2026",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("质量奖-strong-pass-2026")


@pytest.mark.django_db
def test_home_page_requires_login(client):
    response = client.get(reverse("pipeline:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_or_deleted(staff, authority):
    entry = audit_record(actor=staff, action="test.done", summary="做了某事", target=authority, authority=authority)
    entry.summary = "篡改"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="篡改")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "做了某事"


@pytest.mark.django_db
def test_audit_trail_is_read_by_staff_and_supervisor_only(client, staff, supervisor, other_staff, applicant, authority):
    audit_record(
        actor=staff,
        action="cycle.opened",
        summary="开启第一届",
        target=authority,
        authority=authority,
        article="第五条",
    )
    url = reverse("accounts:audit-trail", args=[authority.pk])
    for user in (staff, supervisor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "开启第一届" in response.content.decode()
        assert "第五条" in response.content.decode()
    for user in (other_staff, applicant):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_audit_trail_page_is_constant_in_queries(client, staff, authority, django_assert_num_queries):
    for index in range(3):
        audit_record(actor=staff, action="x.y", summary=f"事件{index}", authority=authority)
    client.force_login(staff)
    url = reverse("accounts:audit-trail", args=[authority.pk])
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    for index in range(20):
        audit_record(actor=UserFactory(), action="x.y", summary=f"更多{index}", authority=authority)
    with django_assert_num_queries(8):
        client.get(url)


@pytest.mark.django_db(transaction=True)
def test_notify_fills_the_inbox_and_sends_mail_after_commit(client, applicant):
    notify(recipients=[applicant], subject="申报已受理", body="依据第十八条", url="/")
    assert Notification.objects.filter(recipient=applicant, subject="申报已受理").count() == 1
    assert [m.subject for m in mail.outbox] == ["申报已受理"]
    assert mail.outbox[0].to == [applicant.email]
    client.force_login(applicant)
    response = client.get(reverse("accounts:inbox"))
    assert "申报已受理" in response.content.decode()


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_only_for_its_recipient(client, applicant):
    other = UserFactory()
    notification = notify(recipients=[applicant], subject="消息", url="/")[0]
    client.force_login(other)
    assert client.post(reverse("accounts:notification-open", args=[notification.pk])).status_code == 404
    client.force_login(applicant)
    response = client.post(reverse("accounts:notification-open", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_staff_and_supervisor_home_links_their_authorities_audit_trail(client, staff, supervisor, applicant, authority):
    audit_url = reverse("accounts:audit-trail", args=[authority.pk])
    for user in (staff, supervisor):
        client.force_login(user)
        assert audit_url in client.get(reverse("pipeline:home")).content.decode()
    client.force_login(applicant)
    assert audit_url not in client.get(reverse("pipeline:home")).content.decode()


@pytest.mark.django_db
def test_chinese_by_default_and_english_when_the_user_switches(client, staff):
    client.force_login(staff)
    assert "我的待办" in client.get(reverse("pipeline:home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("pipeline:home")}, follow=True)
    assert "My tasks" in response.content.decode()
    assert "我的待办" not in response.content.decode()
