"""Holding an application while an objection about it is examined, and releasing it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record

from ..models import Application, ApplicationHold


def application_hold(
    application: Application, *, by, reference: str, reason: str, article: str = ""
) -> ApplicationHold:
    """Hold ``application``: it does not go on to a next stage until the hold is released.
    Idempotent per reference. Writes ``application.held``."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority")
            .get(pk=application.pk)
        )
        hold = ApplicationHold.objects.filter(application=locked, reference=reference, released_at__isnull=True).first()
        if hold is not None:
            return hold
        hold = ApplicationHold.objects.create(
            application=locked, reference=reference, reason=reason[:300], article=article
        )
        audit_record(
            actor=by,
            action="application.held",
            summary=_("%(application)s is held: %(reason)s") % {"application": locked.title, "reason": reason},
            target=locked,
            authority=locked.cycle.scheme.authority,
            article=article,
            data={"reference": reference},
        )
    return hold


def application_release(application: Application, *, by, reference: str, reason: str, article: str = "") -> int:
    """Lift the hold of ``reference`` on ``application``; returns how many holds were lifted.
    Writes ``application.released``."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle__scheme__authority")
            .get(pk=application.pk)
        )
        released = ApplicationHold.objects.filter(
            application=locked, reference=reference, released_at__isnull=True
        ).update(released_at=timezone.now())
        if released:
            audit_record(
                actor=by,
                action="application.released",
                summary=_("%(application)s is no longer held: %(reason)s")
                % {"application": locked.title, "reason": reason},
                target=locked,
                authority=locked.cycle.scheme.authority,
                article=article,
                data={"reference": reference},
            )
    return released
