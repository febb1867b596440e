from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history

from .enums import CycleState, RegulationStatus, StageStatus
from .models import (
    AwardScheme,
    CalendarDay,
    CalendarYear,
    Category,
    Cycle,
    CycleStage,
    EligibilityCondition,
    Rubric,
    RubricItem,
    RubricSection,
    Sanction,
    StageDefinition,
    Tier,
)


def public_schemes():
    """The current edition of each active scheme with its open cycles (of whatever edition) and
    their current stage: three queries in all."""
    schemes = list(AwardScheme.objects.current().filter(is_active=True).select_related("authority"))
    open_cycles = (
        Cycle.objects.filter(state=CycleState.OPEN, scheme__code__in=[s.code for s in schemes])
        .select_related("scheme")
        .prefetch_related(
            Prefetch("stages", queryset=CycleStage.objects.filter(status=StageStatus.CURRENT), to_attr="current_stages")
        )
    )
    by_code = {}
    for cycle in open_cycles:
        by_code.setdefault(cycle.scheme.code, []).append(cycle)
    for scheme in schemes:
        scheme.open_cycles = by_code.get(scheme.code, [])
    return sorted(schemes, key=lambda s: (s.authority.name, s.name))


def scheme_editions(code: str):
    """Every edition of a scheme with its cycles, the newest first."""
    return list(AwardScheme.objects.of_code(code).prefetch_related("cycles"))


def scheme_rulebook(code: str):
    """The current edition of the scheme ``code`` with all its rules."""
    return (
        AwardScheme.objects.current()
        .select_related("authority")
        .prefetch_related(
            "tiers__prize_after_tier",
            "categories__tiers",
            "categories__rubric",
            "stages",
            "conditions",
            "sanctions",
        )
        .get(code=code)
    )


def cycle_timetable(cycle: Cycle):
    return list(cycle.stages.select_related("definition").order_by("order"))


def scheme_history(code: str, *, limit: int = 300) -> list:
    """Every change to the rules of the scheme ``code``, in all its editions, the newest first:
    who, when, which rule, old and new values. One query per kind of row."""
    editions = {e.pk: e for e in AwardScheme.objects.of_code(code)}
    if not editions:
        return []

    def edition_of(record):
        scheme = editions.get(record.scheme_id)
        return scheme.edition_label if scheme else ""

    tiers = Tier.objects.filter(scheme__code=code)
    names = {(Tier, t.pk): t.name for t in tiers}
    names.update({(Rubric, r.pk): r.name for r in Rubric.objects.filter(categories__scheme__code=code).distinct()})
    names.update({(AwardScheme, pk): e.edition_label for pk, e in editions.items()})
    rows = history.changes(
        AwardScheme.history.filter(code=code).select_related("history_user"),
        model=AwardScheme,
        section=str(_("Scheme")),
        label=lambda r: r.name,
        exclude={"edition_created_at"},
        context=lambda r: editions[r.id].edition_label if r.id in editions else "",
        names=names,
    )
    for model, section, label in (
        (Tier, _("Tier"), lambda r: r.name),
        (Category, _("Category"), lambda r: r.name),
        (StageDefinition, _("Stage"), lambda r: r.name),
        (EligibilityCondition, _("Eligibility condition"), lambda r: f"{r.order}. {r.text[:30]}"),
        (Sanction, _("Sanction"), lambda r: r.get_cause_display()),
    ):
        rows += history.changes(
            model.history.filter(scheme_id__in=list(editions)).select_related("history_user"),
            model=model,
            section=str(section),
            label=label,
            exclude={"scheme"},
            context=edition_of,
            names=names,
        )
    rubric_ids = list(Rubric.objects.filter(categories__scheme__code=code).values_list("pk", flat=True).distinct())
    rows += history.changes(
        Rubric.history.filter(id__in=rubric_ids).select_related("history_user"),
        model=Rubric,
        section=str(_("Rubric")),
        label=lambda r: r.name,
    )
    rows += history.changes(
        RubricSection.history.filter(rubric_id__in=rubric_ids).select_related("history_user"),
        model=RubricSection,
        section=str(_("Rubric section")),
        label=lambda r: f"{r.number} {r.title}",
        exclude={"rubric"},
    )
    rows += history.changes(
        RubricItem.history.filter(section__rubric_id__in=rubric_ids).select_related("history_user"),
        model=RubricItem,
        section=str(_("Rubric item")),
        label=lambda r: f"{r.number} {r.title}",
        exclude={"section"},
    )
    rows.sort(key=lambda change: change.when, reverse=True)
    return rows[:limit]


def calendar_history(*, limit: int = 300) -> list:
    """Every change to the office's working-day calendar, the newest first."""
    rows = history.changes(
        CalendarYear.history.select_related("history_user"),
        model=CalendarYear,
        section=str(_("Holiday arrangement")),
        label=lambda r: str(r.year),
        exclude={"entered_at"},
    )
    rows += history.changes(
        CalendarDay.history.select_related("history_user"),
        model=CalendarDay,
        section=str(_("Calendar day")),
        label=lambda r: f"{r.date.isoformat()} {r.name}",
    )
    rows.sort(key=lambda change: change.when, reverse=True)
    return rows[:limit]


def edition_warnings(scheme, *, on=None) -> list[str]:
    """What staff should know about the regulation an edition follows: a draft, an expired text."""
    on = on or timezone.localdate()
    warnings = []
    if scheme.is_draft:
        warnings.append(
            _("%(edition)s follows a %(status)s of the regulation, not a text in force.")
            % {"edition": scheme.edition_label, "status": scheme.get_regulation_status_display()}
        )
    if scheme.regulation_status == RegulationStatus.REPEALED:
        warnings.append(_("The regulation this edition follows has been repealed."))
    if scheme.has_expired(on):
        warnings.append(
            _("The regulation expired on %(date)s (%(article)s).")
            % {"date": scheme.expires_on.isoformat(), "article": scheme.expiry_article or _("its own term")}
        )
    return warnings
