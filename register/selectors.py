"""Reads of the register: the public list of holders, a certificate's verification, a record's state."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from .enums import ReassessmentOutcome
from .models import AwardRecord, Certificate, Reassessment


def _open_reassessments():
    return Prefetch(
        "reassessments",
        queryset=Reassessment.objects.exclude(outcome=ReassessmentOutcome.CANCEL).order_by("-opened_on", "-id"),
        to_attr="current_reassessments",
    )


def current_reassessment(record):
    """The latest re-assessment that still decides the title (prefetched when listed)."""
    reassessments = getattr(record, "current_reassessments", None)
    if reassessments is None:
        reassessments = list(
            record.reassessments.exclude(outcome=ReassessmentOutcome.CANCEL).order_by("-opened_on", "-id")[:1]
        )
    return reassessments[0] if reassessments else None


def record_status(record, today=None):
    return record.status(today or timezone.localdate(), current_reassessment(record))


def public_register(*, scheme=None, cycle=None, tier=None, query=""):
    """Every award of the register, earlier years' included, with what the public may read of it."""
    records = (
        AwardRecord.objects.select_related("scheme__authority", "tier", "cycle", "certificate")
        .prefetch_related(_open_reassessments())
        .order_by("-award_year", "scheme__name", "tier__rank", "holder_name", "pk")
    )
    if scheme is not None:
        records = records.filter(scheme=scheme)
    if cycle is not None:
        records = records.filter(cycle=cycle)
    if tier is not None:
        records = records.filter(tier=tier)
    if query:
        records = records.filter(Q(holder_name__icontains=query) | Q(credit_code__iexact=query))
    return records


def certificate_by_code(code: str):
    return (
        Certificate.objects.select_related("record__scheme__authority", "record__tier", "record__cycle")
        .filter(code=code.strip().upper())
        .first()
    )
