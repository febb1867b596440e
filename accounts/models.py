from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import DepartmentKind, Role


class Authority(models.Model):
    """A city or county government that hosts awards on this installation."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=50, help_text=_("e.g. 随州市"))
    office_name = models.CharField(
        _("quality office"), max_length=100, help_text=_("The secretariat that runs its awards, e.g. 市质强办")
    )
    # The office's contact, shown to the public on every notice and objection page.
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=50, blank=True)
    office_email = models.EmailField(_("office e-mail"), blank=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        permissions = [
            ("manage_awards", _("Can run the awards of this authority")),
            ("supervise_awards", _("Can read everything of this authority's awards")),
            ("sit_on_committee", _("Is a member of this authority's award committee")),
            ("review_for_authority", _("Is in this authority's expert pool")),
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    """A county, district or development zone of an authority's region."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("county or district")
        verbose_name_plural = _("counties and districts")
        ordering = ["authority", "name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="unique_district_per_authority")]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A recommending department; its jurisdiction is a set of districts."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices)
    districts = models.ManyToManyField(District, related_name="departments", verbose_name=_("jurisdiction"))

    class Meta:
        verbose_name = _("recommending department")
        verbose_name_plural = _("recommending departments")
        ordering = ["authority", "name"]
        permissions = [("act_for_department", _("Can act for this department"))]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="unique_department_per_authority")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit trail cannot be deleted.")


class AuditEntry(models.Model):
    """One change of state: who, when, what, and the article or reason.

    Rows are written once by ``accounts.services.audit_record`` and never changed.
    """

    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("by")
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=60, db_index=True)
    summary = models.CharField(_("what"), max_length=300)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    article = models.CharField(_("article"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The hash chain of the entry's authority (accounts.audit_chain): its position, and the SHA-256 of the
    # previous entry's digest with this entry's content. Both stay empty until the entry is sealed.
    seal = models.PositiveBigIntegerField(_("position in the chain"), null=True, blank=True)
    digest = models.CharField(_("digest"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["authority", "id"], condition=models.Q(seal__isnull=True), name="audit_unsealed"),
        ]
        # The unique constraints are also the indexes that verification walks the chains by.
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "seal"], condition=models.Q(authority__isnull=False), name="one_entry_per_seal"
            ),
            models.UniqueConstraint(
                fields=["seal"], condition=models.Q(authority__isnull=True), name="one_national_entry_per_seal"
            ),
        ]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail cannot be deleted.")


class Notification(models.Model):
    """An in-app message; the same text goes out by e-mail when the user has an address."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.subject
