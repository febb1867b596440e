"""Reads of the register: the public list of holders, a certificate's verification, a record's state;
an authority's records, earlier cycles, their history, and the periods that count cycles across the
platform's cycles and those held before it."""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from cycles.models import AwardScheme, Cycle, Tier

from .enums import ReassessmentOutcome
from .models import AwardRecord, Certificate, EarlierCycle, Reassessment, SanctionRecord


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


def schemes_of(authority):
    """The current editions of the authority's schemes: what a register entry is entered under."""
    return AwardScheme.objects.current().filter(authority=authority).order_by("name")


def earlier_cycles(authority):
    return (
        EarlierCycle.objects.filter(scheme__authority=authority)
        .select_related("scheme")
        .order_by("scheme__name", "year", "pk")
    )


def award_records(authority):
    return (
        AwardRecord.objects.filter(scheme__authority=authority)
        .select_related("scheme", "tier", "cycle", "earlier_cycle", "entered_by")
        .order_by("-awarded_on", "holder_name")
    )


def sanction_records(authority):
    return (
        SanctionRecord.objects.filter(scheme__authority=authority)
        .select_related("scheme", "cycle", "earlier_cycle", "entered_by")
        .order_by("-decided_on", "holder_name")
    )


def cycles_held_between(code: str, *, current: Cycle, since_cycle=None, since_earlier=None, since_year=None) -> int:
    """How many cycles of the scheme ``code`` were held after an award or decision and before
    ``current``: the platform's cycles and the cycles held before it (which all came earlier).

    The award's own cycle is the platform's ``since_cycle``, an ``EarlierCycle`` or, for a record
    with neither, the year ``since_year``.
    """
    platform = Cycle.objects.filter(scheme__code=code, opened_at__lt=current.opened_at).exclude(pk=current.pk)
    earlier = EarlierCycle.objects.filter(scheme__code=code)
    if since_cycle is not None:
        return platform.filter(opened_at__gt=since_cycle.opened_at).count()
    if since_earlier is not None:
        later_earlier = (
            earlier.filter(year__gt=since_earlier.year).count()
            + earlier.filter(year=since_earlier.year, pk__gt=since_earlier.pk).count()
        )
        return later_earlier + platform.count()
    return earlier.filter(year__gt=since_year).count() + platform.filter(year__gt=since_year).count()


def register_history(authority, *, limit: int = 300) -> list:
    """Every change of the authority's register, the newest first: who, when, old and new values."""
    schemes = list(AwardScheme.objects.filter(authority=authority).values_list("pk", flat=True))
    names = {(Tier, pk): name for pk, name in Tier.objects.filter(scheme_id__in=schemes).values_list("pk", "name")}
    names.update({(AwardScheme, s.pk): s.name for s in AwardScheme.objects.filter(pk__in=schemes)})
    names.update(
        {(EarlierCycle, e.pk): f"{e.name} ({e.year})" for e in EarlierCycle.objects.filter(scheme_id__in=schemes)}
    )
    rows = history.changes(
        EarlierCycle.history.filter(scheme_id__in=schemes).select_related("history_user"),
        model=EarlierCycle,
        section=str(_("Cycle before the platform")),
        label=lambda r: f"{r.name} ({r.year})",
        exclude={"entered_at"},
        names=names,
    )
    rows += history.changes(
        AwardRecord.history.filter(scheme_id__in=schemes).select_related("history_user"),
        model=AwardRecord,
        section=str(_("Award record")),
        label=lambda r: r.holder_name,
        names=names,
    )
    rows += history.changes(
        SanctionRecord.history.filter(scheme_id__in=schemes).select_related("history_user"),
        model=SanctionRecord,
        section=str(_("Sanction record")),
        label=lambda r: r.holder_name,
        names=names,
    )
    rows.sort(key=lambda change: change.when, reverse=True)
    return rows[:limit]
