"""The register of awards and of sanctions: what cooling-off and bans are computed from.

An ``AwardRecord`` is written when a government's approval of a cycle's winners is announced, or
entered by the office for awards given before this platform (``cycle`` empty). A
``SanctionRecord`` is a ban decided after fraud, bribery or a revocation; its length comes from
the scheme's ``Sanction``. The register sits below the applications, which read it at eligibility.

Earlier years: the office records the cycles held before the platform (``EarlierCycle``) and the
awards, nominee titles and sanctions of those years, one by one or from a spreadsheet. A record
entered by hand for an earlier year points to its ``earlier_cycle``; cycle-counted periods (晋中
第六条, 第二十五条, 第二十七条) count those earlier cycles too. Records belong to a scheme across
its editions: they are matched by the scheme's code. Every change is kept with its author and its
old and new values (django-simple-history).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register as track_history

from cycles.enums import RevocationGround, SanctionCause
from cycles.models import AwardScheme, Cycle, Tier

from .enums import AwardStatus, ReassessmentOutcome, VisitOutcome
from .prize_rules import prize_rule_text
from .storage import certificate_upload_to


class EarlierCycle(models.Model):
    """A cycle (届) of a scheme held before this platform, as the office records it."""

    scheme = models.ForeignKey(
        AwardScheme,
        on_delete=models.PROTECT,
        related_name="earlier_cycles",
        help_text=_("Any edition of the scheme: earlier cycles count for all its editions."),
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 第三届"))
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier cycle")
        verbose_name_plural = _("cycles before the platform")
        ordering = ["scheme__code", "year", "id"]

    def __str__(self):
        return f"{self.scheme.name} {self.name} ({self.year})"


class AwardRecord(models.Model):
    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="award_records")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="award_records")
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        help_text=_("Empty for an award given before this platform."),
    )
    holder_name = models.CharField(_("winner"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        db_index=True,
        help_text=_("For organisations; how later applications are matched to this award."),
    )
    person_id_number = models.CharField(_("identity document number"), max_length=30, blank=True, db_index=True)
    holder_id_numbers = models.CharField(
        _("identity document numbers of a team"),
        max_length=300,
        blank=True,
        help_text=_("For a team of individuals (晋中 第十一条): every member's number, separated by commas."),
    )
    awarded_on = models.DateField(_("awarded on"))
    award_year = models.PositiveSmallIntegerField(
        _("award year"), null=True, blank=True, help_text=_("The year named beside the title (获奖年度).")
    )
    decision_body = models.CharField(_("approved by"), max_length=200, blank=True)
    decision_reference = models.CharField(_("approval document number"), max_length=100, blank=True)
    is_repeat = models.BooleanField(_("repeat winner"), default=False)
    counts_toward_quota = models.BooleanField(_("counts toward the quota"), default=True)
    prize_amount = models.DecimalField(_("prize (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    prize_rule = models.CharField(_("prize rule"), max_length=200, blank=True)
    prize_article = models.CharField(_("article of the prize"), max_length=100, blank=True)
    paid_on = models.DateField(_("prize paid on"), null=True, blank=True)
    payment_voucher = models.CharField(_("payment voucher number"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    validity_article = models.CharField(_("article of the validity"), max_length=100, blank=True)
    validity_reminded_at = models.DateTimeField(_("office reminded of the end of validity"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_ground = models.CharField(
        _("ground of revocation"), max_length=20, choices=RevocationGround.choices, blank=True
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_article = models.CharField(_("article"), max_length=100, blank=True)
    revocation_reference = models.CharField(_("approval of the revocation"), max_length=100, blank=True)
    reclaim_amount = models.DecimalField(
        _("prize to reclaim (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reclaimed_on = models.DateField(_("prize repaid on"), null=True, blank=True)
    reclaim_voucher = models.CharField(_("repayment voucher number"), max_length=100, blank=True)
    cancelled_on = models.DateField(
        _("title cancelled on"), null=True, blank=True, help_text=_("After a re-assessment found it no longer met.")
    )
    cancel_article = models.CharField(_("article of the cancellation"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    # Entered by hand for a cycle held before the platform.
    earlier_cycle = models.ForeignKey(
        EarlierCycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name=_("cycle before the platform"),
    )

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("register of winners")
        ordering = ["-awarded_on", "holder_name"]
        indexes = [models.Index(fields=["scheme", "cycle", "tier"], name="register_by_award_cycle_tier")]

    def __str__(self):
        return f"{self.holder_name} · {self.tier} ({self.awarded_on.year})"

    @property
    def prize_rule_text(self) -> str:
        return prize_rule_text(self.prize_rule)

    @property
    def year(self) -> int:
        return self.award_year or self.awarded_on.year

    def status(self, today: datetime.date | None = None, reassessment=None) -> str:
        """Where the title stands on ``today``: revoked, cancelled after re-assessment, under
        re-assessment or rectification, expired at the end of its validity, or valid."""
        today = today or timezone.localdate()
        if self.revoked_on:
            return AwardStatus.REVOKED
        if self.cancelled_on:
            return AwardStatus.CANCELLED
        if reassessment is not None and reassessment.outcome == ReassessmentOutcome.RECTIFY:
            return AwardStatus.RECTIFYING
        if reassessment is not None and reassessment.outcome == ReassessmentOutcome.PENDING:
            return AwardStatus.UNDER_REASSESSMENT
        if self.valid_until and today > self.valid_until:
            kept = reassessment is not None and reassessment.outcome == ReassessmentOutcome.KEEP
            return AwardStatus.VALID if kept else AwardStatus.EXPIRED
        return AwardStatus.VALID


class SanctionRecord(models.Model):
    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="sanction_records")
    cause = models.CharField(_("cause"), max_length=20, choices=SanctionCause.choices)
    holder_name = models.CharField(_("sanctioned"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    person_id_number = models.CharField(_("identity document number"), max_length=30, blank=True, db_index=True)
    holder_id_numbers = models.CharField(_("identity document numbers of a team"), max_length=300, blank=True)
    decided_on = models.DateField(_("decided on"))
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanction_records",
        help_text=_("The cycle in which the fraud or bribery happened, if any."),
    )
    reason = models.TextField(_("reason"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    # Entered by hand for a cycle held before the platform.
    earlier_cycle = models.ForeignKey(
        EarlierCycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sanction_records",
        verbose_name=_("cycle before the platform"),
    )

    class Meta:
        verbose_name = _("sanction record")
        verbose_name_plural = _("sanction records")
        ordering = ["-decided_on"]

    def __str__(self):
        return f"{self.holder_name} · {self.get_cause_display()} ({self.decided_on})"


class Certificate(models.Model):
    """The certificate (证书) of an award record: its PDF, and the code that verifies it publicly."""

    record = models.OneToOneField(AwardRecord, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    file = models.FileField(upload_to=certificate_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["record__tier__rank", "record__holder_name"]

    def __str__(self):
        return self.code


class CertificateBatch(models.Model):
    """Issuing every certificate of a cycle, as a task whose progress the office follows."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="certificate_batches")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(_("certificates to issue"), default=0)
    done = models.PositiveIntegerField(_("issued"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("issue of certificates")
        verbose_name_plural = _("issues of certificates")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.cycle} · {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


class Reassessment(models.Model):
    """A re-assessment of an award at the end of its validity (兰州 第六条): kept, rectified, or cancelled."""

    record = models.ForeignKey(AwardRecord, on_delete=models.PROTECT, related_name="reassessments")
    opened_on = models.DateField(_("opened on"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReassessmentOutcome.choices, default=ReassessmentOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    rectify_by = models.DateField(_("to rectify by"), null=True, blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("re-assessment")
        verbose_name_plural = _("re-assessments")
        ordering = ["record", "-opened_on", "-id"]

    def __str__(self):
        return f"{self.record} · {self.get_outcome_display()}"


class FollowUpVisit(models.Model):
    """A visit of the office to a holder (随州 第三十四条, 晋中 第二十六条): findings, rectification, outcome."""

    record = models.ForeignKey(AwardRecord, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    findings = models.TextField(_("findings"))
    rectify_by = models.DateField(_("to rectify by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=VisitOutcome.choices, default=VisitOutcome.OPEN)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["record", "-visited_on", "-id"]

    def __str__(self):
        return f"{self.record} · {self.visited_on}"


# Registered here rather than as fields, so that the two record models' bodies stay as they are.
for model in (EarlierCycle, SanctionRecord):
    track_history(model)
track_history(AwardRecord, excluded_fields=["validity_reminded_at"])  # a reminder is no change of the award
