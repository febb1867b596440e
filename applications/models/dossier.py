"""The dossier of an application: the form (申报表), the team, the self-evaluation report, the
evidence (佐证材料) and the PDF kept at submission."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.models import RubricItem

from ..storage import dossier_pdf_upload_to, evidence_upload_to
from .core import Application


class ApplicationForm(models.Model):
    """The application form (申报表): basic facts, three years of indicators, certifications, declarations."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="form")
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    main_business = models.TextField(_("main products or services"), blank=True)
    profile = models.TextField(_("profile of the applicant"), blank=True)
    certifications = models.TextField(
        _("certifications"), blank=True, help_text=_("Management-system and product certifications, one a line.")
    )
    # {"2023": {"revenue": "123.45", "profit": "…", "tax": "…", "exports": "…"}, …}, in 10,000 yuan
    indicators = models.JSONField(_("economic indicators"), default=dict, blank=True)
    # {"<EligibilityCondition id>": true}: the declarations the scheme asks for, affirmed
    declarations = models.JSONField(_("declarations"), default=dict, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")

    def __str__(self):
        return str(self.application)


class TeamMember(models.Model):
    """An individual applying (Jinzhong): alone, or one of a team up to the scheme's ``max_team_size``."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="team_members")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("identity document number"), max_length=30)
    years_in_quality_work = models.PositiveSmallIntegerField(_("years in quality work"))
    employer = models.CharField(_("employer"), max_length=200)
    title = models.CharField(_("position or title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["application", "order", "id"]

    def __str__(self):
        return self.name


class ReportSection(models.Model):
    """The self-evaluation report (自评报告) on one rubric item."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="report_sections")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    is_trade_secret = models.BooleanField(_("trade secret"), default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["application", "item__section__order", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="one_section_per_item")]

    def __str__(self):
        return f"{self.application} · {self.item}"

    @property
    def word_count(self):
        return count_words(self.text)


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    DOCX = "docx", "Word (.docx)"
    DOC = "doc", "Word (.doc)"
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel (.xls)"


class Evidence(models.Model):
    """An evidence file (佐证材料), stored under a random name outside the static tree."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="evidence")
    item = models.ForeignKey(
        RubricItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rubric item")
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_trade_secret = models.BooleanField(_("trade secret"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["application", "item_id", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class DossierPdf(models.Model):
    """The PDF of a submitted dossier, complete with trade secrets: served to FULL access only."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="pdfs")
    submitted_at = models.DateTimeField(_("submitted"))
    file = models.FileField(upload_to=dossier_pdf_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier PDF")
        verbose_name_plural = _("dossier PDFs")
        ordering = ["application", "-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["application", "submitted_at"], name="one_pdf_per_submission")]

    def __str__(self):
        return f"{self.application} {self.submitted_at:%Y-%m-%d %H:%M}"


def count_words(text: str) -> int:
    """Chinese characters count one each; runs of Latin letters or digits count one word each."""
    return len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*", text or ""))
