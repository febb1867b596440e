"""Who may act on what, as plain predicates. Scope comes from django-guardian object permissions."""

from guardian.shortcuts import get_objects_for_user, get_users_with_perms

from .enums import DEPARTMENT_PERMISSION, AuthorityPermission
from .models import Authority, Department


def authorities_for(user, permission: str):
    """The authorities on which ``user`` holds ``permission`` (a queryset, usable as a subquery)."""
    if not user.is_authenticated:
        return Authority.objects.none()
    return get_objects_for_user(user, permission, klass=Authority, accept_global_perms=False)


def staff_authorities(user):
    return authorities_for(user, AuthorityPermission.MANAGE)


def readable_authorities(user):
    """Authorities whose awards the user may read in full: its staff and its supervisors."""
    return (
        authorities_for(user, AuthorityPermission.MANAGE) | authorities_for(user, AuthorityPermission.SUPERVISE)
    ).distinct()


def departments_for(user):
    if not user.is_authenticated:
        return Department.objects.none()
    return get_objects_for_user(user, DEPARTMENT_PERMISSION, klass=Department, accept_global_perms=False)


def can_manage_authority(user, authority) -> bool:
    return user.is_authenticated and user.has_perm(AuthorityPermission.MANAGE, authority)


def can_read_authority(user, authority) -> bool:
    return user.is_authenticated and (
        user.has_perm(AuthorityPermission.MANAGE, authority) or user.has_perm(AuthorityPermission.SUPERVISE, authority)
    )


def can_read_audit(user, authority) -> bool:
    return can_read_authority(user, authority)


def authority_staff(authority):
    """The active users who run ``authority``'s awards (its own grant, not one inherited from a group)."""
    return (
        get_users_with_perms(
            authority, only_with_perms_in=[AuthorityPermission.MANAGE.split(".")[1]], with_group_users=False
        )
        .filter(is_active=True)
        .order_by("pk")
    )


def department_users(departments):
    """The active users who act for any of ``departments`` (their own grant, not a group's)."""
    users = set()
    for department in departments:
        users.update(
            get_users_with_perms(
                department, only_with_perms_in=[DEPARTMENT_PERMISSION.split(".")[1]], with_group_users=False
            ).filter(is_active=True)
        )
    return sorted(users, key=lambda user: user.pk)
