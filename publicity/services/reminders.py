"""Reminders of the office's own deadlines in the publicity stage (a periodic task's job)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import authority_staff
from accounts.services import notify

from ..enums import ObjectionStatus
from ..models import Objection


def remind_due_objections(now: datetime.datetime | None = None) -> list[int]:
    """Tell the office of every objection still open that falls due within
    ``REMIND_OBJECTION_HOURS``, once. Safe when two copies run at once: the one whose update marks
    the objection reminded sends the message."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.REMIND_OBJECTION_HOURS)
    due = Objection.objects.filter(
        status=ObjectionStatus.OPEN, reminded_at__isnull=True, due_at__isnull=False, due_at__lte=horizon
    ).select_related("notice__cycle__scheme__authority", "entry")
    reminded = []
    for objection in due.order_by("due_at", "pk"):
        if not Objection.objects.filter(pk=objection.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        scheme = objection.notice.cycle.scheme
        notify(
            recipients=list(authority_staff(scheme.authority)),
            subject=_("Objection %(reference)s is due by %(due)s")
            % {
                "reference": objection.reference,
                "due": timezone.localtime(objection.due_at).strftime("%Y-%m-%d %H:%M"),
            },
            body=_("Examine it and answer the objector in writing before then (%(article)s).")
            % {"article": scheme.objection_window_article},
            url=reverse("publicity:objection-detail", args=[objection.pk]),
        )
        reminded.append(objection.pk)
    return reminded
