"""Writes shared by every app: the audit trail and notifications."""

from functools import partial

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from .enums import AuthorityPermission, Role
from .models import AuditEntry, Authority, Notification
from .tasks import seal_audit_chain, send_notification_email


def audit_entry(
    *,
    actor,
    action: str,
    summary: str,
    target=None,
    authority=None,
    from_state: str = "",
    to_state: str = "",
    article: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """One entry of the audit trail, not saved yet (``audit_record`` or ``audit_record_many`` write it)."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        authority=authority,
        action=action,
        summary=str(summary)[:300],
        from_state=str(from_state),
        to_state=str(to_state),
        article=str(article),
        reason=str(reason),
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = target.pk
        entry.target_repr = str(target)[:200]
    return entry


def audit_record(**fields) -> AuditEntry:
    """Append one entry to the audit trail (the fields of ``audit_entry``). ``actor`` is None for the system itself."""
    entry = audit_entry(**fields)
    entry.save()
    # Sealed into its authority's hash chain once committed, never inside the writer's transaction
    # (accounts.audit_chain); robust: if the queue is down, the periodic task seals it later.
    transaction.on_commit(partial(seal_audit_chain.delay, authority_id=entry.authority_id), robust=True)
    return entry


def audit_record_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append the entries built by ``audit_entry`` in one insert, in their order (the chain seals
    them in id order), and seal each authority's chain once after the commit."""
    entries = AuditEntry.objects.bulk_create(entries)
    for authority_id in dict.fromkeys(entry.authority_id for entry in entries):
        transaction.on_commit(partial(seal_audit_chain.delay, authority_id=authority_id), robust=True)
    return entries


def notify(*, recipients, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Put a message in each recipient's inbox and e-mail it after the transaction commits."""
    return notify_each(messages=[(user, subject, body, url) for user in recipients])


def notify_each(*, messages) -> list[Notification]:
    """``notify`` for messages that differ by recipient: ``(recipient, subject, body, url)`` each,
    written in one insert."""
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, subject=str(subject)[:200], body=str(body), url=url)
            for user, subject, body, url in messages
        ]
    )
    for notification in notifications:
        if notification.recipient.email:
            transaction.on_commit(lambda pk=notification.pk: send_notification_email.delay(notification_id=pk))
    return notifications


STAFF_GROUP = "Quality office staff"
# The models a quality office edits in the admin; rows are still limited to its own authority.
STAFF_MODEL_PERMISSIONS = [
    ("cycles", ["awardscheme", "tier", "category", "stagedefinition", "eligibilitycondition", "sanction"]),
    ("cycles", ["rubric", "rubricsection", "rubricitem"]),
    ("register", ["earliercycle", "awardrecord", "sanctionrecord"]),
    ("awards", ["consultedunit"]),
]
# The working-day calendar is national: staff read it, and editing it needs
# cycles.edit_working_day_calendar, which no authority role grants.
STAFF_READ_ONLY_MODELS = [("cycles", ["calendaryear", "calendarday"])]


def grant_authority_role(user, authority, permission: str) -> None:
    """Give ``user`` a role's scope on ``authority``; staff also get the admin's model permissions."""
    assign_perm(permission, user, authority)
    if permission == AuthorityPermission.MANAGE:
        group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
        wanted = Q(pk__in=[])
        for app_label, models in STAFF_MODEL_PERMISSIONS:
            codenames = [f"{action}_{model}" for model in models for action in ("add", "change", "view")]
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        for app_label, models in STAFF_READ_ONLY_MODELS:
            wanted |= Q(content_type__app_label=app_label, codename__in=[f"view_{model}" for model in models])
        group.permissions.set(Permission.objects.filter(wanted))
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


ROLE_OF_PERMISSION = {
    AuthorityPermission.MANAGE: Role.STAFF,
    AuthorityPermission.SUPERVISE: Role.SUPERVISOR,
    AuthorityPermission.COMMITTEE: Role.COMMITTEE,
    AuthorityPermission.REVIEW: Role.REVIEWER,
}


def revoke_authority_role(user, authority, permission: str, *, by=None) -> None:
    """Take a role's scope on ``authority`` from ``user``, audited.

    A staff member who runs no authority any more also loses the admin: ``is_staff`` and the staff group.
    """
    with transaction.atomic():
        remove_perm(permission, user, authority)
        if permission == AuthorityPermission.MANAGE and not _managed_authorities(user).exists():
            _revoke_admin_rights(user)
        audit_record(
            actor=by,
            action="role.revoked",
            summary=_("%(user)s no longer acts as %(role)s for %(authority)s")
            % {"user": user, "role": ROLE_OF_PERMISSION[permission].label, "authority": authority},
            target=user,
            authority=authority,
            data={"permission": permission},
        )


def user_set_role(user, *, role: str, by=None) -> None:
    """Change ``user``'s primary role, audited. Leaving the staff role ends every staff scope and the admin."""
    previous = user.role
    with transaction.atomic():
        user.role = role
        user.save(update_fields=["role"])
        if role != Role.STAFF:
            user_staff_rights_end(user)
        audit_record(
            actor=by,
            action="role.changed",
            summary=_("%(user)s is now %(role)s") % {"user": user, "role": Role(role).label},
            target=user,
            from_state=previous,
            to_state=role,
        )


def user_staff_rights_end(user) -> None:
    """What follows a role that is not staff: no staff scope on any authority, no admin (unless superuser)."""
    for authority in _managed_authorities(user):
        remove_perm(AuthorityPermission.MANAGE, user, authority)
    _revoke_admin_rights(user)


def _managed_authorities(user):
    return get_objects_for_user(user, AuthorityPermission.MANAGE, klass=Authority, accept_global_perms=False)


def _revoke_admin_rights(user) -> None:
    user.groups.remove(*Group.objects.filter(name=STAFF_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
