"""Reading django-simple-history records as a list of changes: who, when, what, old and new values.

Each tracked model keeps one historical row per save (``+`` created, ``~`` changed, ``-``
deleted) with the values after it; the change of a row is the difference from the previous
record of the same object. ``changes`` reads many records in one pass, without a query per row.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

KIND_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime.datetime
    who: object  # the user, or None for the system
    kind: str  # "created", "changed" or "deleted"
    section: str
    label: str
    fields: list = field(default_factory=list)
    reason: str = ""
    context: str = ""  # e.g. the edition the row belongs to

    @property
    def kind_label(self) -> str:
        return {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}[self.kind]


def display(model_field, value, names: dict | None = None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey) and names is not None:
        return str(names.get((model_field.related_model, value), value))
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def tracked_fields(model, *, exclude: Iterable[str] = ()) -> list:
    exclude = set(exclude)
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in exclude]


def changes(
    records,
    *,
    model,
    section: str,
    label: Callable,
    exclude: Iterable[str] = (),
    context: Callable | None = None,
    names: dict | None = None,
) -> list[Change]:
    """The changes ``records`` (historical rows of ``model``) describe, oldest first.

    ``label(record)`` names the row, ``context(record)`` says where it belongs; ``names`` maps
    ``(related model, id)`` to a name for foreign keys. A change that alters none of the tracked
    fields (a save with the same values) is left out.
    """
    fields = tracked_fields(model, exclude=exclude)
    previous: dict = {}
    result = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        previous[record.id] = record
        kind = KIND_LABELS[record.history_type]
        if kind == "changed" and before is not None:
            altered = [
                FieldChange(
                    str(f.verbose_name),
                    display(f, getattr(before, f.attname), names),
                    display(f, getattr(record, f.attname), names),
                )
                for f in fields
                if getattr(before, f.attname) != getattr(record, f.attname)
            ]
            if not altered:
                continue
        else:
            altered = []
        result.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                kind=kind,
                section=section,
                label=label(record),
                fields=altered,
                reason=record.history_change_reason or "",
                context=context(record) if context else "",
            )
        )
    return result
