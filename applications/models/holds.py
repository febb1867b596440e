"""Holds on an application: while an objection about it is examined, it does not go on.

"经公示无异议": the stage after a notice does not start for an application objected to until the
objection is decided. The office's objection handling puts the hold and lifts it; every app that
moves an application on asks ``applications.selectors.is_held``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Application


class ApplicationHold(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="holds")
    reference = models.CharField(_("reference"), max_length=30, help_text=_("e.g. the objection's reference number"))
    reason = models.CharField(_("reason"), max_length=300)
    article = models.CharField(_("article"), max_length=100, blank=True)
    created = models.DateTimeField(_("held since"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("hold on an application")
        verbose_name_plural = _("holds on applications")
        ordering = ["application", "created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reference"],
                condition=Q(released_at__isnull=True),
                name="one_open_hold_per_reference",
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.reference}"
