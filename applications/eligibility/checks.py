"""The automatic eligibility conditions: each reads the data and the scheme's numbers, never its own.

An evaluator is ``evaluator(condition, application, facts) -> Finding``. ``facts`` gathers what
every evaluator needs once per application (the organisation, the team, the register of awards
and sanctions). Each finding says whether the condition is met and why, citing the article.

The register is read across the scheme's editions (matched by the scheme's code), and an earlier
award is judged by the rules of the cycle now applied to (its tier matched by code): the rules in
force decide who may apply. Cycle-counted periods count the cycles held before the platform.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import join_list
from cycles.enums import ConditionCheck, PeriodUnit
from register.models import AwardRecord, SanctionRecord
from register.selectors import cycles_held_between

from ..models.eligibility import ConditionOutcome


@dataclass(frozen=True)
class Finding:
    outcome: str
    explanation: str


@dataclass
class Facts:
    """What the evaluators read, loaded once per application."""

    application: object
    cycle: object
    scheme: object
    deadline: datetime.date
    organisation: object | None
    members: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    sanctions: list = field(default_factory=list)
    scheme_sanctions: dict = field(default_factory=dict)
    tiers: dict = field(default_factory=dict)  # the cycle's tiers by code


def full_years(start: datetime.date, end: datetime.date) -> int:
    """Whole years from ``start`` to ``end`` (a birthday count: 2020-03-01 → 2025-02-28 is 4)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def team_members(application) -> list:
    """The individuals of an individual or team application (Jinzhong), in the dossier's order."""
    return list(application.team_members.all())


def gather_facts(application) -> Facts:
    cycle = application.cycle
    scheme = cycle.scheme
    organisation = application.organisation
    members = team_members(application)
    codes = [organisation.credit_code] if organisation is not None else []
    ids = [m.id_number for m in members if m.id_number]
    awards, sanctions = [], []
    if codes or ids:
        awards = list(
            # Revoked awards too: a revocation bars its holder by its own ban and never frees it
            # from the cooling-off that the award imposed. Across the scheme's editions (its code).
            AwardRecord.objects.filter(scheme__code=scheme.code)
            .filter(_holder_filter(codes, ids))
            .select_related("tier", "cycle", "earlier_cycle")
            .order_by("-awarded_on")
        )
        sanctions = list(
            SanctionRecord.objects.filter(scheme__code=scheme.code)
            .filter(_holder_filter(codes, ids))
            .select_related("cycle", "earlier_cycle")
            .order_by("-decided_on")
        )
    return Facts(
        application=application,
        cycle=cycle,
        scheme=scheme,
        deadline=timezone.localdate(cycle.submission_deadline),
        organisation=organisation,
        members=members,
        awards=awards,
        sanctions=sanctions,
        scheme_sanctions={sanction.cause: sanction for sanction in scheme.sanctions.all()},
        tiers={tier.code: tier for tier in scheme.tiers.all()},
    )


def _holder_filter(codes, ids):
    query = Q(pk__in=[])
    if codes:
        query |= Q(credit_code__in=codes)
    if ids:
        query |= Q(person_id_number__in=ids)
        for id_number in ids:
            query |= Q(holder_id_numbers__contains=id_number)
    return query


def _under(article: str, requirement: str, finding: str) -> str:
    # "依据第十条第（一）项：正常运行满5年；……"
    head = _("Under %(article)s: %(requirement)s") % {"article": article, "requirement": requirement}
    separator = _("; ")
    return f"{head}{separator}{finding}" if finding else head


def _period_running(
    facts: Facts, *, value: int, unit: str, since_date, since_cycle, since_earlier=None
) -> tuple[bool, str]:
    """Whether a period of ``value`` years, award years or cycles that began at an award or a
    decision still runs, and how much of it has passed."""
    if unit == PeriodUnit.CYCLES:
        if since_cycle is not None and since_cycle.pk == facts.cycle.pk:
            return True, _("it was in this very cycle")
        between = cycles_held_between(
            facts.scheme.code,
            current=facts.cycle,
            since_cycle=since_cycle,
            since_earlier=since_earlier,
            since_year=since_date.year,
        )
        return between < value, _("%(count)s cycles have been held since") % {"count": between}
    if unit == PeriodUnit.AWARD_YEARS:
        # Counted from the award year (年度): an award of year Y allows applying from year Y + value.
        allowed_from = since_date.year + value
        return facts.cycle.year < allowed_from, _(
            "counted from the award year %(year)s it may apply again from %(from)s; this cycle is of %(cycle)s"
        ) % {"year": since_date.year, "from": allowed_from, "cycle": facts.cycle.year}
    elapsed = full_years(since_date, facts.deadline)
    return elapsed < value, _("%(count)s full years have passed by the submission deadline") % {"count": elapsed}


def check_years_operating(condition, application, facts: Facts) -> Finding:
    years = condition.parameter or 0
    requirement = _("operating for at least %(years)s years") % {"years": years}
    organisation = facts.organisation
    if organisation is None:
        return Finding(
            ConditionOutcome.NOT_APPLICABLE, _under(condition.article, requirement, _("not an organisation"))
        )
    elapsed = full_years(organisation.registered_on, facts.deadline)
    finding = _("registered on %(date)s, %(years)s full years before the submission deadline %(deadline)s") % {
        "date": organisation.registered_on.isoformat(),
        "years": elapsed,
        "deadline": facts.deadline.isoformat(),
    }
    outcome = ConditionOutcome.MET if elapsed >= years else ConditionOutcome.NOT_MET
    return Finding(outcome, _under(condition.article, requirement, finding))


def check_years_in_quality_work(condition, application, facts: Facts) -> Finding:
    years = condition.parameter or 0
    requirement = _("at least %(years)s years in quality work") % {"years": years}
    if not facts.members:
        return Finding(ConditionOutcome.NOT_MET, _under(condition.article, requirement, _("no team member is named")))
    short = [m for m in facts.members if (getattr(m, "years_in_quality_work", 0) or 0) < years]
    if short:
        names = _(", ").join(
            _("%(name)s (%(years)s years)") % {"name": m.name, "years": m.years_in_quality_work or 0} for m in short
        )
        return Finding(
            ConditionOutcome.NOT_MET,
            _under(condition.article, requirement, _("not met by %(names)s") % {"names": names}),
        )
    return Finding(
        ConditionOutcome.MET,
        _under(condition.article, requirement, _("met by all %(count)s members") % {"count": len(facts.members)}),
    )


def check_team_size(condition, application, facts: Facts) -> Finding:
    category = application.category
    limit = category.max_team_size
    article = facts.scheme.team_size_article or condition.article
    if limit == 1 and facts.scheme.max_team_size > 1:
        # Jinzhong 第十一条: joint entries only for quality research or quality-improvement teams.
        joint = [
            c.name
            for c in facts.scheme.categories.all()
            if c.applicant_kind == category.applicant_kind and c.allows_teams
        ]
        requirement = _("one person under %(category)s; a joint entry of up to %(max)s only under %(joint)s") % {
            "category": category.name,
            "max": facts.scheme.max_team_size,
            "joint": join_list(joint) or "—",
        }
    else:
        requirement = _("a team of at most %(limit)s") % {"limit": limit}
    count = len(facts.members)
    finding = _("the application names %(count)s persons") % {"count": count}
    if count == 0:
        return Finding(ConditionOutcome.NOT_MET, _under(article, requirement, finding))
    outcome = ConditionOutcome.MET if count <= limit else ConditionOutcome.NOT_MET
    return Finding(outcome, _under(article, requirement, finding))


def check_cooling_off(condition, application, facts: Facts) -> Finding:
    requirement = _("no award of this scheme within its cooling-off period")
    for award in facts.awards:
        # The rules of the cycle applied to decide; the award's own tier where this edition has none.
        tier = facts.tiers.get(award.tier.code, award.tier)
        if not tier.cooling_off_value:
            continue  # e.g. nominees, whom the regulation does not restrict
        running, how_long = _period_running(
            facts,
            value=tier.cooling_off_value,
            unit=tier.cooling_off_unit,
            since_date=award.awarded_on,
            since_cycle=award.cycle,
            since_earlier=award.earlier_cycle,
        )
        if running:
            article = tier.cooling_off_article or condition.article
            finding = _(
                "%(holder)s won the %(tier)s on %(date)s; it may apply again after %(value)s %(unit)s, and %(elapsed)s"
            ) % {
                "holder": award.holder_name,
                "tier": award.tier.name,
                "date": award.awarded_on.isoformat(),
                "value": tier.cooling_off_value,
                "unit": tier.get_cooling_off_unit_display(),
                "elapsed": how_long,
            }
            if tier.cooling_off_is_reading:
                article = _("the office's reading of %(article)s") % {"article": article}
            return Finding(ConditionOutcome.NOT_MET, _under(article, requirement, finding))
    if facts.awards:
        finding = _("earlier awards found, their cooling-off has ended or does not apply")
    else:
        finding = _("no earlier award of this scheme found in the register")
    return Finding(ConditionOutcome.MET, _under(condition.article, requirement, finding))


def check_sanction(condition, application, facts: Facts) -> Finding:
    requirement = _("not barred after fraud, bribery or revocation")
    for record in facts.sanctions:
        bar = facts.scheme_sanctions.get(record.cause)
        if bar is None:
            continue
        running, how_long = _period_running(
            facts,
            value=bar.bar_value,
            unit=bar.bar_unit,
            since_date=record.decided_on,
            since_cycle=record.cycle,
            since_earlier=record.earlier_cycle,
        )
        if running:
            finding = _(
                "%(holder)s was sanctioned on %(date)s for %(cause)s and is barred for %(value)s %(unit)s; %(elapsed)s"
            ) % {
                "holder": record.holder_name,
                "date": record.decided_on.isoformat(),
                "cause": record.get_cause_display(),
                "value": bar.bar_value,
                "unit": bar.get_bar_unit_display(),
                "elapsed": how_long,
            }
            return Finding(ConditionOutcome.NOT_MET, _under(bar.article or condition.article, requirement, finding))
    if facts.sanctions:
        finding = _("earlier sanctions found, their bar has ended")
    else:
        finding = _("no sanction of this scheme found in the register")
    return Finding(ConditionOutcome.MET, _under(condition.article, requirement, finding))


EVALUATORS = {
    ConditionCheck.YEARS_OPERATING: check_years_operating,
    ConditionCheck.YEARS_IN_QUALITY_WORK: check_years_in_quality_work,
    ConditionCheck.TEAM_SIZE: check_team_size,
    ConditionCheck.COOLING_OFF: check_cooling_off,
    ConditionCheck.SANCTION: check_sanction,
}


def evaluate(condition, application, facts: Facts) -> Finding:
    return EVALUATORS[condition.check_kind](condition, application, facts)
