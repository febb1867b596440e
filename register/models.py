"""The register of awards and of sanctions: what cooling-off and bans are computed from.

An ``AwardRecord`` is written when a government's approval of a cycle's winners is announced, or
entered by the office for awards given before this platform (``cycle`` empty). A
``SanctionRecord`` is a ban decided after fraud, bribery or a revocation; its length comes from
the scheme's ``Sanction``. The register sits below the applications, which read it at eligibility.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.enums import SanctionCause
from cycles.models import AwardScheme, Cycle, Tier


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

    class Meta:
        verbose_name = _("sanction record")
        verbose_name_plural = _("sanction records")
        ordering = ["-decided_on"]

    def __str__(self):
        return f"{self.holder_name} · {self.get_cause_display()} ({self.decided_on})"
