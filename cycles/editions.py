"""Editions of a scheme's rulebook: how a cycle keeps the rules it opened with.

The design, in a few lines:

- An ``AwardScheme`` row is one *edition* of a scheme's rulebook together with its rows: tiers,
  categories (with their rubric and tiers), stages, eligibility conditions and sanctions. ``code``
  names the scheme across its editions (addresses such as ``/cycles/schemes/<code>/`` keep
  working); ``edition`` numbers them 1, 2, …; exactly one edition per code is *current*
  (``is_current``, a partial unique constraint). ``current_edition(code)`` finds it: it is what the
  scheme page shows, what ``/cycles/schemes/<code>/open/`` opens, and what the office edits.
- A cycle points to the edition that was current when it opened (``Cycle.scheme``), so every
  ``cycle.scheme.<rule>`` reads the rules the cycle runs under, without any change to the code
  that reads them.
- An edition that a cycle uses is *locked* (``is_locked``): the admin shows it read-only and the
  services here refuse to write it. To change a rule the office starts a new edition
  (``edition_start``): a copy with all its rows, which becomes current and applies from the next
  cycle. An edition that no cycle uses yet is edited in place.
- A change reaches a running cycle only when staff apply it with a written reason
  (``cycle_rules_apply``): the chosen differences between the cycle's edition and the current one
  are written into the cycle's edition, each with its old and new value in the audit trail and in
  the rows' history. Where earlier, closed cycles ran under that same edition, their decisions
  keep the values they were taken with (notices, votes and findings copy the rule they applied)
  and the history shows what the edition said when they closed.
- The shipped data (``cycles.schemes``) carries a ``VERSION``; ``cycles.loader`` creates a scheme
  only when it is absent and never writes an existing one. When the shipped version is newer than
  the one the current edition follows, staff see the differences and adopt the ones they choose
  as a new edition, or decline (``cycles.loader``).
- The register and every cycle-counted period read across editions: records and cycles are
  matched by the scheme's ``code`` and a tier by its ``code``.

Where a regulation is silent the value is the office's setting and its article stays empty; the
interface then says “the office's setting” instead of citing an article (``article_or_setting``).
"""

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from common.text import join_clauses, join_list

from .enums import CycleState
from .errors import CycleError
from .models import (
    AwardScheme,
    Category,
    Cycle,
    CycleStage,
    EligibilityCondition,
    Rubric,
    Sanction,
    StageDefinition,
    Tier,
)
from .permissions import can_manage_cycle, can_manage_scheme

# Fields of an edition that say which edition it is rather than what the rules are.
BOOKKEEPING = frozenset(
    {
        "id",
        "authority",
        "code",
        "edition",
        "is_current",
        "based_on",
        "edition_note",
        "edition_created_at",
        "shipped_version",
        "shipped_declined",
    }
)
SECTIONS = ("scheme", "tiers", "categories", "stages", "conditions", "sanctions")
ROW_MODELS = {
    "tiers": Tier,
    "categories": Category,
    "stages": StageDefinition,
    "conditions": EligibilityCondition,
    "sanctions": Sanction,
}
# Differences a running cycle cannot take: its timetable, dossiers and scores are built on them.
NOT_FOR_A_RUNNING_CYCLE = frozenset(
    {
        ("stages", "order"),
        ("stages", "kind"),
        ("categories", "rubric"),
        ("categories", "applicant_kind"),
        ("categories", "tiers"),
    }
)


def article_or_setting(article: str) -> str:
    """The article a rule comes from, or, where the text is silent, that it is the office's setting."""
    return article or _("the office's setting")


# Reading the current edition ---------------------------------------------------------------------


def current_edition(code: str) -> AwardScheme:
    """The edition of ``code`` that new cycles open under; ``AwardScheme.DoesNotExist`` if none."""
    return AwardScheme.objects.select_related("authority").get(code=code, is_current=True)


def is_locked(scheme: AwardScheme) -> bool:
    """An edition a cycle uses is never written again (a new edition takes the change)."""
    return scheme.cycles.exists()


def is_editable(scheme: AwardScheme) -> bool:
    return scheme.is_current and not is_locked(scheme)


def cycles_of_code(code: str):
    """Every cycle of the scheme ``code``, whatever edition it ran under."""
    return Cycle.objects.filter(scheme__code=code)


# The rulebook as plain data ----------------------------------------------------------------------


def _rule_fields(model) -> list:
    """The fields of ``model`` that hold a rule: everything but the key, the edition it hangs off and
    (for the scheme) which edition it is."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING and f.name != "scheme" and f.editable
    ]


def normalise(model_field, value):
    """A value as the rulebook compares it: money to its cents, dates as dates, the rest as is."""
    if value is None:
        return None
    if isinstance(model_field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-model_field.decimal_places))
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


@dataclass
class Rulebook:
    """An edition's rules as data: the scheme's fields and its rows keyed by what identifies them
    across editions (tier and category code, stage kind, condition order, sanction cause)."""

    scheme: dict = field(default_factory=dict)
    tiers: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)
    conditions: dict = field(default_factory=dict)
    sanctions: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        return getattr(self, name)


def _defaults(model) -> dict:
    return {f.name: normalise(f, f.get_default()) for f in _rule_fields(model)}


def _row_values(model, obj) -> dict:
    values = {}
    for f in _rule_fields(model):
        if isinstance(f, models.ForeignKey):
            continue
        values[f.name] = normalise(f, getattr(obj, f.name))
    return values


def stage_keys(kinds: list[str]) -> list[str]:
    """A key per stage: its kind, with ``#2``… where a kind comes again."""
    seen, keys = {}, []
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        keys.append(kind if seen[kind] == 1 else f"{kind}#{seen[kind]}")
    return keys


def rulebook_of(scheme: AwardScheme) -> Rulebook:
    """The rules of one edition, as data."""
    book = Rulebook(scheme=_row_values(AwardScheme, scheme))
    tiers = list(scheme.tiers.select_related("prize_after_tier").order_by("rank", "id"))
    for tier in tiers:
        values = _row_values(Tier, tier)
        values["prize_after_tier"] = tier.prize_after_tier.code if tier.prize_after_tier else None
        book.tiers[tier.code] = values
    for category in scheme.categories.select_related("rubric").prefetch_related("tiers").order_by("order", "id"):
        values = _row_values(Category, category)
        values["rubric"] = category.rubric.code
        values["tiers"] = sorted(t.code for t in category.tiers.all())
        book.categories[category.code] = values
    stages = list(scheme.stages.order_by("order"))
    for key, stage in zip(stage_keys([s.kind for s in stages]), stages, strict=True):
        book.stages[key] = _row_values(StageDefinition, stage)
    for condition in scheme.conditions.order_by("order", "id"):
        book.conditions[str(condition.order)] = _row_values(EligibilityCondition, condition)
    for sanction in scheme.sanctions.order_by("cause"):
        book.sanctions[sanction.cause] = _row_values(Sanction, sanction)
    return book


def rulebook_from_lists(*, scheme: dict, tiers, categories, stages, conditions, sanctions) -> Rulebook:
    """A rulebook from the plain lists the shipped modules hold, every unnamed field at its default."""
    book = Rulebook(scheme={**_defaults(AwardScheme), **_normalised(AwardScheme, scheme)})
    for tier in tiers:
        values = {**_defaults(Tier), **_normalised(Tier, tier)}
        values.setdefault("prize_after_tier", None)
        values["prize_after_tier"] = tier.get("prize_after_tier")
        book.tiers[tier["code"]] = values
    for order, category in enumerate(categories, start=1):
        values = {**_defaults(Category), **_normalised(Category, category), "order": order}
        values["rubric"] = category["rubric"]
        values["tiers"] = sorted(category["tiers"])
        book.categories[category["code"]] = values
    for order, (key, stage) in enumerate(zip(stage_keys([s["kind"] for s in stages]), stages, strict=True), start=1):
        book.stages[key] = {**_defaults(StageDefinition), **_normalised(StageDefinition, stage), "order": order}
    for order, condition in enumerate(conditions, start=1):
        book.conditions[str(order)] = {
            **_defaults(EligibilityCondition),
            **_normalised(EligibilityCondition, condition),
            "order": order,
        }
    for sanction in sanctions:
        book.sanctions[sanction["cause"]] = {**_defaults(Sanction), **_normalised(Sanction, sanction)}
    return book


def _normalised(model, data: dict) -> dict:
    fields = {f.name: f for f in _rule_fields(model) if not isinstance(f, models.ForeignKey)}
    return {name: normalise(fields[name], value) for name, value in data.items() if name in fields}


# Differences between two rulebooks ---------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One way in which two rulebooks differ: a changed value, or a row one of them lacks."""

    section: str
    row: str  # the row's key ("" for the scheme's own fields)
    field: str  # "" for a row added or removed
    change: str  # "changed", "added" or "removed"
    old: object = None
    new: object = None
    row_label: str = ""

    @property
    def key(self) -> str:
        return ":".join(part for part in (self.section, self.row, self.field) if part)

    @property
    def label(self) -> str:
        section = {
            "scheme": _("Scheme"),
            "tiers": _("Tier"),
            "categories": _("Category"),
            "stages": _("Stage"),
            "conditions": _("Eligibility condition"),
            "sanctions": _("Sanction"),
        }[self.section]
        where = _("%(section)s “%(row)s”") % {"section": section, "row": self.row_label} if self.row_label else section
        if self.change == "added":
            return _("%(where)s: added") % {"where": where}
        if self.change == "removed":
            return _("%(where)s: removed") % {"where": where}
        return f"{where} · {field_label(self.section, self.field)}"

    @property
    def old_text(self) -> str:
        return value_text(self.section, self.field, self.old)

    @property
    def new_text(self) -> str:
        return value_text(self.section, self.field, self.new)

    @property
    def for_running_cycle(self) -> bool:
        return self.change == "changed" and (self.section, self.field) not in NOT_FOR_A_RUNNING_CYCLE

    def as_data(self) -> dict:
        return {"key": self.key, "label": str(self.label), "old": self.old_text, "new": self.new_text}


def _model_field(section: str, name: str):
    model = AwardScheme if section == "scheme" else ROW_MODELS[section]
    try:
        return model._meta.get_field(name)
    except Exception:  # a key of the data that is no model field
        return None


def field_label(section: str, name: str) -> str:
    model_field = _model_field(section, name)
    return str(model_field.verbose_name) if model_field is not None else name


def value_text(section: str, name: str, value) -> str:
    """A value as a person reads it: choices by their label, yes or no, “—” for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return join_list(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return _("(the whole row)")
    model_field = _model_field(section, name) if name else None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _row_label(section: str, key: str, values: dict) -> str:
    if section == "tiers" or section == "categories" or section == "stages":
        return values.get("name") or key
    if section == "conditions":
        text = values.get("text") or ""
        return f"{key}. {text[:30]}{'…' if len(text) > 30 else ''}"
    if section == "sanctions":
        return value_text("sanctions", "cause", values.get("cause", key))
    return key


def differences(old: Rulebook, new: Rulebook) -> list[Difference]:
    """What changes from ``old`` to ``new``, in the order of the rulebook."""
    result = []
    for name, value in new.scheme.items():
        if name in old.scheme and old.scheme[name] != value:
            result.append(Difference("scheme", "", name, "changed", old.scheme[name], value))
    for section in SECTIONS[1:]:
        before, after = old.section(section), new.section(section)
        for key, values in after.items():
            label = _row_label(section, key, values)
            if key not in before:
                result.append(Difference(section, key, "", "added", None, values, label))
                continue
            for name, value in values.items():
                if before[key].get(name) != value:
                    result.append(Difference(section, key, name, "changed", before[key].get(name), value, label))
        for key, values in before.items():
            if key not in after:
                result.append(Difference(section, key, "", "removed", values, None, _row_label(section, key, values)))
    return result


def with_differences(book: Rulebook, chosen: list[Difference]) -> Rulebook:
    """``book`` with the ``chosen`` differences applied to it (a copy)."""
    result = copy.deepcopy(book)
    for difference in chosen:
        if difference.section == "scheme":
            result.scheme[difference.field] = difference.new
            continue
        rows = result.section(difference.section)
        if difference.change == "added":
            rows[difference.row] = copy.deepcopy(difference.new)
        elif difference.change == "removed":
            rows.pop(difference.row, None)
        elif difference.row in rows:
            rows[difference.row][difference.field] = difference.new
    return result


# Writing an edition ------------------------------------------------------------------------------


def _saved(obj, *, by, reason=""):
    obj._history_user = by if by is not None and getattr(by, "is_authenticated", False) else None
    if reason:
        obj._change_reason = reason[:100]
    obj.save()
    return obj


def edition_build(
    book: Rulebook,
    *,
    authority,
    code: str,
    edition: int,
    by=None,
    based_on: AwardScheme | None = None,
    note: str = "",
    shipped_version: int | None = None,
    shipped_declined: int | None = None,
) -> AwardScheme:
    """Write ``book`` as edition ``edition`` of ``code``, current, with all its rows.

    Stages and conditions are numbered 1, 2, … in their order. Rubrics are referred to by code and
    must exist. The caller deals with the edition that was current before (and holds the locks).
    """
    scheme = AwardScheme(
        authority=authority,
        code=code,
        edition=edition,
        is_current=True,
        based_on=based_on,
        edition_note=note[:200],
        edition_created_at=timezone.now(),
        shipped_version=shipped_version,
        shipped_declined=shipped_declined,
        **book.scheme,
    )
    _saved(scheme, by=by, reason=note)
    tiers = {}
    for tier_code, values in book.tiers.items():
        values = {k: v for k, v in values.items() if k != "prize_after_tier"}
        tiers[tier_code] = _saved(Tier(scheme=scheme, **{**values, "code": tier_code}), by=by, reason=note)
    for tier_code, values in book.tiers.items():
        earlier = values.get("prize_after_tier")
        if earlier and earlier in tiers:
            tier = tiers[tier_code]
            tier.prize_after_tier = tiers[earlier]
            _saved(tier, by=by, reason=note)
    rubrics = {r.code: r for r in Rubric.objects.filter(code__in={c["rubric"] for c in book.categories.values()})}
    for category_code, values in book.categories.items():
        plain = {k: v for k, v in values.items() if k not in {"rubric", "tiers"}}
        if values["rubric"] not in rubrics:
            raise CycleError(_("The rubric %(code)s does not exist.") % {"code": values["rubric"]})
        category = _saved(
            Category(scheme=scheme, rubric=rubrics[values["rubric"]], **{**plain, "code": category_code}),
            by=by,
            reason=note,
        )
        category.tiers.set([tiers[t] for t in values["tiers"] if t in tiers])
    ordered = sorted(book.stages.values(), key=lambda values: values.get("order") or 0)
    for order, values in enumerate(ordered, start=1):
        _saved(StageDefinition(scheme=scheme, **{**values, "order": order}), by=by, reason=note)
    ordered = sorted(book.conditions.items(), key=lambda item: (item[1].get("order") or 0, int(item[0])))
    for order, (_key, values) in enumerate(ordered, start=1):
        _saved(EligibilityCondition(scheme=scheme, **{**values, "order": order}), by=by, reason=note)
    for cause, values in book.sanctions.items():
        _saved(Sanction(scheme=scheme, **{**values, "cause": cause}), by=by, reason=note)
    return scheme


def lock_editions(code: str) -> AwardScheme:
    """Lock every edition of ``code``; return the current one."""
    editions = list(AwardScheme.objects.select_for_update().filter(code=code).order_by("edition"))
    current = next((e for e in editions if e.is_current), None)
    if current is None:
        raise CycleError(_("The scheme %(code)s has no current edition.") % {"code": code})
    return current


def edition_replace(current: AwardScheme, book: Rulebook, *, by, note: str, **bookkeeping) -> AwardScheme:
    """Make ``book`` the next edition of ``current``'s scheme, current from now on. The caller holds
    the locks (``lock_editions``) and has checked the permission."""
    number = (AwardScheme.objects.filter(code=current.code).aggregate(n=Max("edition"))["n"] or 0) + 1
    current.is_current = False
    current._history_user = by if getattr(by, "is_authenticated", False) else None
    current._change_reason = note[:100]
    current.save(update_fields=["is_current"])
    bookkeeping.setdefault("shipped_version", current.shipped_version)
    bookkeeping.setdefault("shipped_declined", current.shipped_declined)
    return edition_build(
        book,
        authority=current.authority,
        code=current.code,
        edition=number,
        by=by,
        based_on=current,
        note=note,
        **bookkeeping,
    )


def edition_start(scheme: AwardScheme, *, by, note: str = "") -> AwardScheme:
    """Start a new edition of ``scheme``'s rulebook: a copy of the current edition with all its rows,
    which becomes current (new cycles open under it) and which the office then edits. Cycles
    already opened keep their edition. Writes ``scheme.edition_started``."""
    if not can_manage_scheme(by, scheme):
        raise CycleError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        current = lock_editions(scheme.code)
        if current.pk != scheme.pk:
            raise CycleError(_("Only the current edition can be copied into a new one."))
        note = note.strip() or _("Copied from edition %(number)s to change its rules") % {"number": current.edition}
        new = edition_replace(current, rulebook_of(current), by=by, note=note)
        audit_record(
            actor=by,
            action="scheme.edition_started",
            summary=_("%(scheme)s: edition %(new)s started from edition %(old)s; it applies from the next cycle")
            % {"scheme": new.name, "new": new.edition, "old": current.edition},
            target=new,
            authority=new.authority,
            from_state=str(current.edition),
            to_state=str(new.edition),
            reason=note,
        )
    return new


# A change applied to a running cycle -------------------------------------------------------------


def running_differences(cycle: Cycle) -> list[Difference]:
    """How the current edition differs from the edition ``cycle`` runs under (empty when the same)."""
    try:
        current = current_edition(cycle.scheme.code)
    except AwardScheme.DoesNotExist:
        return []
    if current.pk == cycle.scheme_id:
        return []
    return differences(rulebook_of(cycle.scheme), rulebook_of(current))


def _row_of(scheme: AwardScheme, section: str, key: str):
    if section == "tiers":
        return scheme.tiers.get(code=key)
    if section == "categories":
        return scheme.categories.get(code=key)
    if section == "conditions":
        return scheme.conditions.get(order=int(key))
    if section == "sanctions":
        return scheme.sanctions.get(cause=key)
    stages = list(scheme.stages.order_by("order"))
    return dict(zip(stage_keys([s.kind for s in stages]), stages, strict=True))[key]


def _write(obj, section: str, name: str, value, scheme: AwardScheme):
    if section == "tiers" and name == "prize_after_tier":
        value = scheme.tiers.get(code=value) if value else None
    setattr(obj, name, value)


def cycle_rules_apply(cycle: Cycle, *, by, keys: list[str], reason: str) -> list[Difference]:
    """Apply to the running ``cycle`` the chosen differences (``keys``) between its edition and the
    current one, with ``reason``; other cycles and the current edition are untouched.

    Only changed values of rows both editions have can reach a running cycle; a stage's order or
    kind and a category's rubric, kind or tiers cannot. A stage's name and article also change in
    the cycle's timetable. Writes ``scheme.applied_to_cycle`` with each old and new value; the
    rows' history keeps them too.
    """
    if not can_manage_cycle(by, cycle):
        raise CycleError(_("You do not run the awards of this authority."))
    if not reason.strip():
        raise CycleError(_("Give the reason for applying the change to the running cycle."))
    if not keys:
        raise CycleError(_("Choose the changes to apply."))
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("scheme__authority").get(pk=cycle.pk)
        if cycle.state != CycleState.OPEN:
            raise CycleError(_("Only a running cycle takes a change of its rules."))
        current = lock_editions(cycle.scheme.code)
        by_key = {d.key: d for d in running_differences(cycle)}
        unknown = [key for key in keys if key not in by_key]
        if unknown:
            raise CycleError(_("The current edition no longer differs in this way; reload the page."))
        chosen = [by_key[key] for key in keys]
        refused = [d for d in chosen if not d.for_running_cycle]
        if refused:
            raise CycleError(
                _("These changes cannot reach a running cycle and apply from the next one: %(changes)s")
                % {"changes": join_clauses(d.label for d in refused)}
            )
        scheme = cycle.scheme
        for difference in chosen:
            if difference.section == "scheme":
                _write(scheme, "scheme", difference.field, difference.new, scheme)
                _saved(scheme, by=by, reason=reason)
                continue
            row = _row_of(scheme, difference.section, difference.row)
            _write(row, difference.section, difference.field, difference.new, scheme)
            _saved(row, by=by, reason=reason)
            if difference.section == "stages" and difference.field in {"name", "article"}:
                CycleStage.objects.filter(cycle=cycle, definition=row).update(**{difference.field: difference.new})
        audit_record(
            actor=by,
            action="scheme.applied_to_cycle",
            summary=_("%(cycle)s now runs with %(count)s rules of edition %(edition)s")
            % {"cycle": cycle, "count": len(chosen), "edition": current.edition},
            target=cycle,
            authority=scheme.authority,
            from_state=str(scheme.edition),
            to_state=str(current.edition),
            reason=reason,
            data={"changes": [d.as_data() for d in chosen]},
        )
    return chosen
