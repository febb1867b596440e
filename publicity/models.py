"""Public notices (公示), the lists they publish, and the objections (异议) filed against them.

A notice's entries are a snapshot taken when it is published: the applicant's name, category
and district, never anything from the dossier (trade secrets stay in the dossier).

An objection belongs to a cycle. Most are filed against a listed applicant while a notice runs;
where the scheme lets anyone object to acceptance or review work at any time (随州 第三十条,
兰州 第二十八条) one is filed against the cycle, naming what it concerns and, if it is about one,
the applicant. An objection to the final notice may need an investigation report and each
committee member's written opinion before it is decided (钦州 第二十条, 庆元 四(五)); the
objector's confirmation of the written result, or its silence, is recorded (兰州 第二十九条).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from applications.models import Application
from cycles.calendar import period_description
from cycles.enums import DayUnit
from cycles.models import Cycle, CycleStage

from .enums import NoticeStatus, ObjectionStatus, ObjectorKind


class Notice(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="notices")
    stage = models.ForeignKey(CycleStage, on_delete=models.PROTECT, related_name="notices")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("For a county notice: the county office that publishes it."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    period_days = models.PositiveSmallIntegerField(_("notice period"))
    period_unit = models.CharField(_("unit"), max_length=10, choices=DayUnit.choices)
    starts_on = models.DateField(_("published on"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "department"], nulls_distinct=False, name="one_notice_per_stage_and_department"
            ),
            models.CheckConstraint(
                condition=Q(status=NoticeStatus.DRAFT) | Q(starts_on__isnull=False, ends_at__isnull=False),
                name="published_notice_has_period",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def authority(self):
        return self.cycle.scheme.authority

    @property
    def period_text(self) -> str:
        return period_description(self.period_days, self.period_unit)

    def is_open_for_objections(self, now=None) -> bool:
        return self.status == NoticeStatus.PUBLISHED and (now or timezone.now()) < self.ends_at

    def has_ended(self, now=None) -> bool:
        """The period has run, whether or not the periodic task has closed the notice yet."""
        if self.status == NoticeStatus.CLOSED:
            return True
        return self.status == NoticeStatus.PUBLISHED and (now or timezone.now()) >= self.ends_at


class NoticeEntry(models.Model):
    """One applicant on a notice's list, as published."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notice_entries")
    order = models.PositiveIntegerField(_("order"), default=0)
    display_name = models.CharField(_("applicant"), max_length=200)
    category = models.CharField(_("category"), max_length=100)
    district = models.CharField(_("county or district"), max_length=50)
    award = models.CharField(
        _("proposed for"), max_length=100, blank=True, help_text=_("On the notice of the proposed winners: the award.")
    )
    removed = models.BooleanField(_("removed from the list"), default=False)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_article = models.CharField(_("article"), max_length=100, blank=True)
    removed_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("notice entry")
        verbose_name_plural = _("notice entries")
        ordering = ["notice", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "application"], name="one_entry_per_application_and_notice")
        ]

    def __str__(self):
        return self.display_name


class Objection(models.Model):
    """An objection (异议): to a listed applicant during a notice, or to the work of a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="objections")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="objections")
    entry = models.ForeignKey(NoticeEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="objections")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    subject = models.CharField(
        _("what it concerns"), max_length=300, blank=True, help_text=_("For an objection outside a notice.")
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    objector_kind = models.CharField(_("objector"), max_length=12, choices=ObjectorKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    id_number = models.CharField(_("identity document number"), max_length=40, blank=True)
    identity_document = models.FileField(_("copy of the identity document"), upload_to="objections/%Y/", blank=True)
    sealed_letter = models.FileField(_("letter with the unit's seal"), upload_to="objections/%Y/", blank=True)
    content = models.TextField(_("objection"))
    created = models.DateTimeField(_("filed"), default=timezone.now)
    due_at = models.DateTimeField(_("to be examined by"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("office reminded"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("written answer"), blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    report = models.TextField(_("investigation report"), blank=True)
    report_at = models.DateTimeField(_("report written"), null=True, blank=True)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objector_answered_at = models.DateTimeField(_("the objector replied"), null=True, blank=True)
    objector_agrees = models.BooleanField(_("the objector confirms the result"), null=True, blank=True)
    objector_comment = models.TextField(_("the objector's comment"), blank=True)
    silence_recorded_at = models.DateTimeField(_("silence recorded"), null=True, blank=True)
    silence_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.OPEN) | ~Q(answer=""), name="decided_objection_has_answer"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def concerns(self) -> str:
        """What the objection is about: the listed applicant, the applicant named, or its subject."""
        if self.entry_id:
            return self.entry.display_name
        if self.application_id:
            return f"{self.application.title} · {self.subject}" if self.subject else self.application.title
        return self.subject

    def is_overdue(self, now=None) -> bool:
        return self.status == ObjectionStatus.OPEN and self.due_at is not None and (now or timezone.now()) > self.due_at


class ObjectionEvidence(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="objections/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("evidence of an objection")
        verbose_name_plural = _("evidence of objections")
        ordering = ["objection", "id"]

    def __str__(self):
        return self.original_name


class ObjectionNote(models.Model):
    """A note of the investigation (调查), visible to staff and supervisors only."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ["objection", "created", "id"]

    def __str__(self):
        return self.text[:60]


class ObjectionOpinion(models.Model):
    """A committee member's written opinion on an objection's investigation (钦州 第二十条)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("opinion"))
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee member's opinion")
        verbose_name_plural = _("committee members' opinions")
        ordering = ["objection", "given_at", "id"]
        constraints = [models.UniqueConstraint(fields=["objection", "member"], name="one_opinion_per_member")]

    def __str__(self):
        return f"{self.objection} · {self.member}"
