from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardStatus(models.TextChoices):
    """Where an award's title stands, as the register and the certificate check show it."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    UNDER_REASSESSMENT = "reassessment", _("Under re-assessment")
    RECTIFYING = "rectifying", _("Rectifying after re-assessment")
    CANCELLED = "cancelled", _("Cancelled after re-assessment")
    REVOKED = "revoked", _("Revoked")


class ReassessmentOutcome(models.TextChoices):
    PENDING = "pending", _("Under re-assessment")
    KEEP = "keep", _("Kept: still meets the conditions")
    RECTIFY = "rectify", _("To rectify by a date")
    CANCEL = "cancel", _("Title cancelled")


# A re-assessment is decided once; a rectification is followed up: kept or cancelled.
REASSESSMENT_MOVES = {
    ReassessmentOutcome.PENDING: frozenset(
        {ReassessmentOutcome.KEEP, ReassessmentOutcome.RECTIFY, ReassessmentOutcome.CANCEL}
    ),
    ReassessmentOutcome.RECTIFY: frozenset({ReassessmentOutcome.KEEP, ReassessmentOutcome.CANCEL}),
    ReassessmentOutcome.KEEP: frozenset(),
    ReassessmentOutcome.CANCEL: frozenset(),
}


class VisitOutcome(models.TextChoices):
    OPEN = "open", _("Rectification under way")
    SATISFIED = "satisfied", _("Nothing to rectify, or rectified")
    NOT_RECTIFIED = "not_rectified", _("Not rectified by the deadline")


VISIT_MOVES = {
    VisitOutcome.OPEN: frozenset({VisitOutcome.SATISFIED, VisitOutcome.NOT_RECTIFIED}),
    VisitOutcome.SATISFIED: frozenset(),
    VisitOutcome.NOT_RECTIFIED: frozenset(),
}
