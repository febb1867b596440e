"""Apply the shipped scheme data (``cycles.schemes``) to the database.

Idempotent: rows are found by their codes (scheme, tier, category, rubric and section codes;
stage and condition order; sanction cause) and written only when a value differs, so a second
run changes nothing. The shipped data wins for the five shipped schemes: a value the office
changed on one of them is set back, and a row the shipped data does not have is removed unless
something (a cycle, an application, a score) refers to it, in which case it stays and is
reported. Schemes the office created itself are never touched.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.models import Authority
from accounts.services import audit_record

from .models import (
    AwardScheme,
    Category,
    EligibilityCondition,
    Rubric,
    RubricItem,
    RubricSection,
    Sanction,
    StageDefinition,
    Tier,
)
from .schemes import NATIONAL_RUBRICS, SCHEME_MODULES


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: list = field(default_factory=list)  # rows absent from the data but still referred to
    changed_schemes: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _same(current, wanted) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        if current is None or wanted is None:
            return current is wanted
        return Decimal(current) == Decimal(wanted)
    return current == wanted


def _apply(report: LoadReport, model, lookup: dict, values: dict, existing=None):
    """Create or update one row; save only the fields whose value differs."""
    obj = existing if existing is not None else model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1
    return obj


def _remove(report: LoadReport, queryset):
    """Delete rows the data no longer has, keeping (and reporting) those still referred to."""
    for obj in queryset:
        try:
            with transaction.atomic():
                obj.delete()
            report.deleted += 1
        except (ProtectedError, IntegrityError):
            report.kept.append(f"{obj._meta.verbose_name}: {obj}")


def _money(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def load_rubric(data: dict, *, authority=None, report: LoadReport) -> Rubric:
    rubric = _apply(
        report,
        Rubric,
        {"code": data["code"]},
        {"name": data["name"], "standard": data["standard"], "authority": authority},
    )
    section_numbers = []
    for section_order, section in enumerate(data["sections"], start=1):
        section_numbers.append(section["number"])
        row = _apply(
            report,
            RubricSection,
            {"rubric": rubric, "number": section["number"]},
            {"title": section["title"], "points": section["points"], "order": section_order},
        )
        item_numbers = []
        for item_order, (number, title, points, guidance) in enumerate(section["items"], start=1):
            item_numbers.append(number)
            _apply(
                report,
                RubricItem,
                {"section": row, "number": number},
                {"title": title, "points": points, "guidance": guidance, "order": item_order},
            )
        _remove(report, row.items.exclude(number__in=item_numbers))
    _remove(report, rubric.sections.exclude(number__in=section_numbers))
    return rubric


def _stage_values(stage: dict) -> dict:
    return {
        "kind": stage["kind"],
        "name": stage["name"],
        "article": stage.get("article", ""),
        "optional": stage.get("optional", False),
        "notice_days": stage.get("notice_days"),
        "notice_unit": stage.get("notice_unit", "working"),
        "score_weight": stage.get("score_weight"),
        "planned_days": stage.get("planned_days", 14),
    }


def load_scheme(module, *, rubrics: dict, report: LoadReport) -> AwardScheme:
    authority, _ = Authority.objects.get_or_create(
        name=module.AUTHORITY["name"],
        defaults={"region": module.AUTHORITY["region"], "office_name": module.AUTHORITY["office_name"]},
    )
    for data in getattr(module, "RUBRICS", []):
        rubrics[data["code"]] = load_rubric(data, authority=authority, report=report)

    before = report.created + report.updated + report.deleted
    values = {key: value for key, value in module.SCHEME.items() if key != "code"}
    scheme = _apply(report, AwardScheme, {"code": module.SCHEME["code"]}, {**values, "authority": authority})

    tiers, new_tiers = {}, set()
    for tier in module.TIERS:
        tier_values = {
            key: value for key, value in tier.items() if key not in {"code", "prize_after_tier", "prize_after_amount"}
        }
        for money in ("prize_first", "prize_repeat"):
            tier_values[money] = _money(tier_values.get(money))
        created_before = report.created
        tiers[tier["code"]] = _apply(report, Tier, {"scheme": scheme, "code": tier["code"]}, tier_values)
        if report.created > created_before:
            new_tiers.add(tier["code"])
    for tier in module.TIERS:  # the earlier tier a reduced prize refers to exists only now
        row = tiers[tier["code"]]
        after = (tiers.get(tier.get("prize_after_tier")), _money(tier.get("prize_after_amount")))
        if (row.prize_after_tier, row.prize_after_amount) != after:
            row.prize_after_tier, row.prize_after_amount = after
            row.save(update_fields=["prize_after_tier", "prize_after_amount"])
            if tier["code"] not in new_tiers:
                report.updated += 1
    _remove(report, scheme.tiers.exclude(code__in=list(tiers)))

    category_codes = []
    for order, category in enumerate(module.CATEGORIES, start=1):
        category_codes.append(category["code"])
        created_before = report.created
        row = _apply(
            report,
            Category,
            {"scheme": scheme, "code": category["code"]},
            {
                "name": category["name"],
                "applicant_kind": category["applicant_kind"],
                "rubric": rubrics[category["rubric"]],
                "article": category.get("article", ""),
                "order": order,
            },
        )
        wanted = {tiers[code].pk for code in category["tiers"]}
        if set(row.tiers.values_list("pk", flat=True)) != wanted:
            row.tiers.set(wanted)
            if report.created == created_before:  # a new category's tiers are part of creating it
                report.updated += 1
    _remove(report, scheme.categories.exclude(code__in=category_codes))

    for order, stage in enumerate(module.STAGES, start=1):
        _apply(report, StageDefinition, {"scheme": scheme, "order": order}, _stage_values(stage))
    _remove(report, scheme.stages.filter(order__gt=len(module.STAGES)))

    for order, condition in enumerate(module.CONDITIONS, start=1):
        _apply(
            report,
            EligibilityCondition,
            {"scheme": scheme, "order": order},
            {
                "applicant_kind": condition.get("applicant_kind", ""),
                "check_kind": condition["check_kind"],
                "parameter": condition.get("parameter"),
                "text": condition["text"],
                "article": condition.get("article", ""),
            },
        )
    _remove(report, scheme.conditions.exclude(order__in=range(1, len(module.CONDITIONS) + 1)))

    causes = []
    for sanction in module.SANCTIONS:
        causes.append(sanction["cause"])
        _apply(
            report,
            Sanction,
            {"scheme": scheme, "cause": sanction["cause"]},
            {
                "bar_value": sanction["bar_value"],
                "bar_unit": sanction["bar_unit"],
                "consequence": sanction.get("consequence", ""),
                "article": sanction.get("article", ""),
                "grounds": sanction.get("grounds", []),
                "window_years": sanction.get("window_years"),
                "window_within_validity": sanction.get("window_within_validity", False),
                "window_article": sanction.get("window_article", ""),
                "reclaims_prize": sanction.get("reclaims_prize", True),
            },
        )
    _remove(report, scheme.sanctions.exclude(cause__in=causes))

    if report.created + report.updated + report.deleted > before:
        report.changed_schemes.append(scheme.code)
        audit_record(
            actor=None,
            action="scheme.loaded",
            summary=f"{scheme.name}: {scheme.regulation_title} {scheme.regulation_reference}".strip(),
            target=scheme,
            authority=authority,
            reason="load_schemes",
        )
    return scheme


@transaction.atomic
def load_schemes() -> LoadReport:
    """Write the shipped rubrics and the five shipped schemes; leave every other scheme alone."""
    report = LoadReport()
    rubrics = {data["code"]: load_rubric(data, report=report) for data in NATIONAL_RUBRICS}
    for module in SCHEME_MODULES:
        load_scheme(module, rubrics=rubrics, report=report)
    return report
