"""Writes shared by every app: the audit trail and notifications."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from guardian.shortcuts import assign_perm

from .enums import AuthorityPermission
from .models import AuditEntry, Notification
from .tasks import send_notification_email


def audit_record(
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
    """Append one entry to the audit trail. ``actor`` is None for the system itself."""
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
    entry.save()
    return entry


def notify(*, recipients, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Put a message in each recipient's inbox and e-mail it after the transaction commits."""
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=str(subject)[:200], body=str(body), url=url) for user in recipients]
    )
    for notification in notifications:
        if notification.recipient.email:
            transaction.on_commit(lambda pk=notification.pk: send_notification_email.delay(notification_id=pk))
    return notifications


STAFF_GROUP = "Quality office staff"
# The models a quality office edits in the admin; rows are still limited to its own authority.
STAFF_MODEL_PERMISSIONS = [
    ("cycles", ["awardscheme", "tier", "category", "stagedefinition", "eligibilitycondition", "sanction"]),
    ("cycles", ["rubric", "rubricsection", "rubricitem", "calendaryear", "calendarday"]),
    ("register", ["earliercycle", "awardrecord", "sanctionrecord"]),
]


def grant_authority_role(user, authority, permission: str) -> None:
    """Give ``user`` a role's scope on ``authority``; staff also get the admin's model permissions."""
    assign_perm(permission, user, authority)
    if permission == AuthorityPermission.MANAGE:
        group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
        wanted = Q(pk__in=[])
        for app_label, models in STAFF_MODEL_PERMISSIONS:
            codenames = [f"{action}_{model}" for model in models for action in ("add", "change", "view")]
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
