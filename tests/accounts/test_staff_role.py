"""Staff keep admin rights only while they hold the staff role."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.enums import AuthorityPermission, Role
from accounts.models import AuditEntry
from accounts.permissions import can_manage_authority
from accounts.services import STAFF_GROUP, grant_authority_role, revoke_authority_role, user_set_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def admin_status(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).status_code


def test_staff_enter_the_admin(client, staff):
    assert admin_status(client, staff) == 200


def test_revoking_the_staff_role_revokes_the_admin(client, staff, authority, superuser):
    revoke_authority_role(staff, authority, AuthorityPermission.MANAGE, by=superuser)
    staff.refresh_from_db()
    assert staff.is_staff is False
    assert not staff.groups.filter(name=STAFF_GROUP).exists()
    assert not can_manage_authority(staff, authority)
    assert admin_status(client, staff) == 302
    entry = AuditEntry.objects.get(action="role.revoked")
    assert (entry.actor, entry.authority, entry.target_id) == (superuser, authority, staff.pk)
    assert entry.summary == f"{staff} 不再担任{authority}的质量办工作人员"


def test_staff_running_another_authority_keep_the_admin(client, staff, authority, other_authority):
    grant_authority_role(staff, other_authority, AuthorityPermission.MANAGE)
    revoke_authority_role(staff, authority, AuthorityPermission.MANAGE)
    staff.refresh_from_db()
    assert staff.is_staff is True
    assert can_manage_authority(staff, other_authority) and not can_manage_authority(staff, authority)
    assert admin_status(client, staff) == 200


def test_a_role_change_away_from_staff_ends_every_staff_right(client, staff, authority, superuser):
    user_set_role(staff, role=Role.REVIEWER, by=superuser)
    staff.refresh_from_db()
    assert (staff.role, staff.is_staff) == (Role.REVIEWER, False)
    assert not staff.groups.exists()
    assert not can_manage_authority(staff, authority)
    assert admin_status(client, staff) == 302
    entry = AuditEntry.objects.get(action="role.changed")
    assert (entry.from_state, entry.to_state, entry.actor) == (Role.STAFF, Role.REVIEWER, superuser)


def test_a_role_change_in_the_user_admin_ends_every_staff_right(client, staff, authority, superuser):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    form = client.get(url).context["adminform"].form
    data = {
        "username": staff.username,
        "email": staff.email,
        "is_active": "on",
        "is_staff": "on",  # left ticked: the role decides
        "groups": [group.pk for group in staff.groups.all()],
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
        "role": Role.COMMITTEE,
        "display_name": staff.display_name,
    }
    assert client.post(url, data).status_code == 302
    staff.refresh_from_db()
    assert (staff.role, staff.is_staff) == (Role.COMMITTEE, False)
    assert not staff.groups.filter(name=STAFF_GROUP).exists()
    assert not can_manage_authority(staff, authority)
    assert AuditEntry.objects.filter(action="role.changed", target_id=staff.pk, actor=superuser).count() == 1
    assert admin_status(client, staff) == 302


def test_the_admin_refuses_a_staff_flag_without_the_staff_role(client):
    user = UserFactory(role=Role.REVIEWER, is_staff=True)
    user.groups.add(Group.objects.create(name=STAFF_GROUP))
    assert admin_status(client, user) == 302
    client.force_login(user)
    assert client.get(reverse("admin:cycles_awardscheme_changelist")).status_code == 302


def test_a_superuser_enters_whatever_its_role(client, superuser):
    assert superuser.role == Role.APPLICANT
    assert admin_status(client, superuser) == 200
