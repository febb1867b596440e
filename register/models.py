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

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register as track_history

from cycles.enums import SanctionCause
from cycles.models import AwardScheme, Cycle, Tier


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
    awarded_on = models.DateField(_("awarded on"))
    prize_amount = models.DecimalField(_("prize (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    counts_toward_quota = models.BooleanField(_("counts toward the quota"), default=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_article = models.CharField(_("article"), max_length=100, blank=True)
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

    def __str__(self):
        return f"{self.holder_name} · {self.tier} ({self.awarded_on.year})"


class SanctionRecord(models.Model):
    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="sanction_records")
    cause = models.CharField(_("cause"), max_length=20, choices=SanctionCause.choices)
    holder_name = models.CharField(_("sanctioned"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    person_id_number = models.CharField(_("identity document number"), max_length=30, blank=True, db_index=True)
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


# Registered here rather than as fields, so that the two record models' bodies stay as they are.
for model in (EarlierCycle, AwardRecord, SanctionRecord):
    track_history(model)
