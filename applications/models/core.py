from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District
from cycles.models import Category, Cycle

from ..enums import ApplicationStatus


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing (including construction)")
    SERVICES = "services", _("Services")
    AGRICULTURE = "agriculture", _("Agriculture")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An applicant organisation; several users may act for it. One registration per credit code."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    registered_on = models.DateField(_("date of registration"))
    legal_person = models.BooleanField(_("has legal-person status"), default=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_sme = models.BooleanField(_("small or medium-sized enterprise"), default=False)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("county or district")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="organisations", blank=True)
    created = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Application(models.Model):
    """One applicant's entry in one cycle under one category. Never deleted, only withdrawn."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="applications")
    title = models.CharField(
        _("applicant"), max_length=200, help_text=_("The organisation, or the individuals' names.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    correction_deadline = models.DateTimeField(
        _("correct by"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the application is returned for correction: it may be corrected and resubmitted until then."
        ),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["cycle", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"],
                condition=models.Q(organisation__isnull=False) & ~models.Q(status=ApplicationStatus.WITHDRAWN),
                name="one_live_application_per_organisation_and_cycle",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.cycle})"
