from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from .models import Objection
from .services.notices import close_due_notices
from .services.reminders import remind_due_objections

CLOSE_TASK_NAME = "publicity.close_due_notices"
REMIND_OBJECTIONS_TASK_NAME = "publicity.remind_due_objections"


@shared_task(name=CLOSE_TASK_NAME)
def close_due_notices_task() -> list[int]:
    """Close the notices whose period has run and tell their offices (beat, every few minutes)."""
    return close_due_notices()


@shared_task(name=REMIND_OBJECTIONS_TASK_NAME)
def remind_due_objections_task() -> list[int]:
    """Remind the offices of the objections falling due (beat, hourly)."""
    return remind_due_objections()


@shared_task(name="publicity.send_objection_answer")
def send_objection_answer(*, objection_id: int) -> None:
    objection = Objection.objects.select_related("notice", "cycle__scheme").filter(pk=objection_id).first()
    if objection is None or not objection.email or not objection.answer:
        return
    subject = _("Answer to your objection %(reference)s") % {"reference": objection.reference}
    body = _("Your objection %(reference)s to the notice “%(notice)s”: %(finding)s.\n\n%(answer)s") % {
        "reference": objection.reference,
        "notice": objection.notice.title if objection.notice else str(objection.cycle),
        "finding": objection.get_status_display(),
        "answer": objection.answer,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [objection.email])
