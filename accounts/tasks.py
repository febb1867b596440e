from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from . import audit_chain
from .models import Notification


@shared_task
def send_notification_email(*, notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.email:
        return
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}"
    send_mail(notification.subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])


@shared_task
def seal_audit_chain(*, authority_id: int | None = None) -> int:
    """Seal the new entries of one authority's audit chain (queued when an entry's transaction commits)."""
    return audit_chain.seal(authority_id)


SEAL_ALL_TASK_NAME = "accounts.tasks.seal_audit_trail"


@shared_task(name=SEAL_ALL_TASK_NAME)
def seal_audit_trail() -> int:
    """Seal whatever is left unsealed in every chain (periodic)."""
    return audit_chain.seal_all()
