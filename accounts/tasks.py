from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

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
