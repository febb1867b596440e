"""Eligibility review (资格审核): each basic condition's result, and the office's decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.enums import ConditionCheck
from cycles.models import EligibilityCondition

from .core import Application


class EligibilityDecision(models.TextChoices):
    PENDING = "pending", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


# A decision is final: pending is the only state that moves.
DECISION_MOVES = {
    EligibilityDecision.PENDING: frozenset({EligibilityDecision.ACCEPTED, EligibilityDecision.REFUSED}),
    EligibilityDecision.ACCEPTED: frozenset(),
    EligibilityDecision.REFUSED: frozenset(),
}


class ConditionOutcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")
    UNCHECKED = "unchecked", _("To be checked")


class EligibilityReview(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="eligibility_review")
    decision = models.CharField(
        _("decision"), max_length=20, choices=EligibilityDecision.choices, default=EligibilityDecision.PENDING
    )
    reasons = models.TextField(_("reasons"), blank=True)
    articles = models.CharField(_("articles"), max_length=300, blank=True)
    evaluated_at = models.DateTimeField(_("conditions evaluated"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility review")
        verbose_name_plural = _("eligibility reviews")

    def __str__(self):
        return f"{self.application}: {self.get_decision_display()}"

    @property
    def is_final(self):
        return self.decision != EligibilityDecision.PENDING


class ConditionResult(models.Model):
    """One condition of the scheme for one application: computed, or ticked by staff with a note."""

    review = models.ForeignKey(EligibilityReview, on_delete=models.CASCADE, related_name="results")
    condition = models.ForeignKey(EligibilityCondition, on_delete=models.PROTECT, related_name="+")
    check_kind = models.CharField(_("how it is checked"), max_length=30, choices=ConditionCheck.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("condition"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    outcome = models.CharField(
        _("result"), max_length=20, choices=ConditionOutcome.choices, default=ConditionOutcome.UNCHECKED
    )
    explanation = models.TextField(_("explanation"), blank=True)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("condition result")
        verbose_name_plural = _("condition results")
        ordering = ["review", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "condition"], name="one_result_per_condition")]

    def __str__(self):
        return f"{self.article} {self.get_outcome_display()}"

    @property
    def is_automatic(self):
        return self.check_kind != ConditionCheck.JUDGMENT
