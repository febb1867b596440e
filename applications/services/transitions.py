"""The one place an application's status changes."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify

from ..enums import TRANSITIONS, ApplicationStatus
from ..errors import ApplicationError
from ..models import Application


def application_set_status(
    application: Application,
    status: str,
    *,
    by,
    article: str = "",
    reason: str = "",
    notify_owner: bool = True,
    summary: str = "",
    at: datetime.datetime | None = None,
) -> Application:
    """Move ``application`` to ``status`` if its pipeline allows it (``enums.TRANSITIONS``).

    Locks the application's own row only (never its cycle's, scheme's or authority's: fifty
    applicants of one city submit in the same second), saves, writes the audit entry with the
    previous state, the article and the reason, and tells the applicant in its inbox (and by
    e-mail) unless ``notify_owner`` is False. A submission is dated ``at``, when its request was
    accepted (now by default). Call it inside the caller's transaction when other rows change with it.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority")
            .get(pk=application.pk)
        )
        previous = locked.status
        if status not in TRANSITIONS[previous]:
            raise ApplicationError(
                _("An application that is “%(from)s” cannot become “%(to)s”.")
                % {"from": ApplicationStatus(previous).label, "to": ApplicationStatus(status).label}
            )
        locked.status = status
        fields = ["status"]
        if status == ApplicationStatus.SUBMITTED:
            locked.submitted_at = at or timezone.now()
            fields.append("submitted_at")
        locked.save(update_fields=fields)
        label = ApplicationStatus(status).label
        audit_record(
            actor=by,
            action=f"application.{status}",
            summary=summary or _("%(application)s: %(status)s") % {"application": locked.title, "status": label},
            target=locked,
            authority=locked.cycle.scheme.authority,
            from_state=previous,
            to_state=status,
            article=article,
            reason=reason,
        )
        if notify_owner:
            body = "\n".join(
                part for part in [article and _("Under %(article)s.") % {"article": article}, reason] if part
            )
            notify(
                recipients=[locked.owner],
                subject=_("Your application to %(cycle)s: %(status)s") % {"cycle": locked.cycle, "status": label},
                body=body,
            )
    application.status = locked.status
    application.submitted_at = locked.submitted_at
    return application
