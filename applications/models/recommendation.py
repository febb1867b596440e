"""The recommendation chain: a department returns an application for correction or signs its opinion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Department

from .core import Application


class Recommendation(models.Model):
    """The recommending department's signed opinion (推荐意见); one per application."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="recommendation")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="recommendations")
    opinion = models.TextField(_("recommendation opinion"))
    signer_name = models.CharField(_("signed by"), max_length=50)
    signed_on = models.DateField(_("date signed"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.department} → {self.application}"


class CorrectionRequest(models.Model):
    """An application returned by its department for correction, with the comment the applicant reads."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="correction_requests")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="correction_requests")
    comment = models.TextField(_("what to correct"))
    correct_by = models.DateTimeField(_("correct by"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("returned"), auto_now_add=True)

    class Meta:
        verbose_name = _("return for correction")
        verbose_name_plural = _("returns for correction")
        ordering = ["-returned_at", "-id"]

    def __str__(self):
        return f"{self.application} ({self.returned_at:%Y-%m-%d})"
