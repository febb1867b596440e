"""The shipped scheme data (``cycles.schemes``) and the office's rulebook: the office always wins.

``load_schemes`` creates each shipped rubric and scheme that is absent, and writes nothing that
exists: an office edit (钦州's notice period, 晋中's prize amount) survives every restart and
every later run. Each shipped module carries a ``VERSION``; the current edition of a scheme
remembers the version it follows (``shipped_version``). When the shipped version is newer, staff
are shown what differs (``shipped_differences``) and adopt the differences they choose as a new
edition (``edition_adopt_shipped``), or decline that version (``edition_decline_shipped``).
Schemes the office created itself have no shipped data and are never touched.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Authority
from accounts.services import audit_record

from .editions import (
    Difference,
    Rulebook,
    differences,
    edition_build,
    edition_replace,
    lock_editions,
    rulebook_from_lists,
    rulebook_of,
    with_differences,
)
from .errors import CycleError
from .models import AwardScheme, Rubric, RubricItem, RubricSection
from .permissions import can_manage_scheme
from .schemes import NATIONAL_RUBRICS, SCHEME_MODULES


@dataclass
class LoadReport:
    created: list = field(default_factory=list)  # codes of the schemes created
    rubrics: list = field(default_factory=list)  # codes of the rubrics created
    present: list = field(default_factory=list)  # codes of the schemes left as the office keeps them
    newer: list = field(default_factory=list)  # (code, version followed, shipped version)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.rubrics)


def rubric_create(data: dict, *, authority=None) -> Rubric:
    """Write a shipped rubric with its sections and items (the caller checked it is absent)."""
    rubric = Rubric.objects.create(code=data["code"], name=data["name"], standard=data["standard"], authority=authority)
    for section_order, section in enumerate(data["sections"], start=1):
        row = RubricSection.objects.create(
            rubric=rubric,
            number=section["number"],
            title=section["title"],
            points=section["points"],
            order=section_order,
        )
        for item_order, (number, title, points, guidance) in enumerate(section["items"], start=1):
            RubricItem.objects.create(
                section=row, number=number, title=title, points=points, guidance=guidance, order=item_order
            )
    return rubric


def _ensure_rubric(data: dict, *, authority, report: LoadReport) -> None:
    if not Rubric.objects.filter(code=data["code"]).exists():
        rubric_create(data, authority=authority)
        report.rubrics.append(data["code"])


def module_rulebook(module) -> Rulebook:
    """The rules a shipped module holds, as data comparable with an edition's."""
    return rulebook_from_lists(
        scheme=module.SCHEME,
        tiers=module.TIERS,
        categories=module.CATEGORIES,
        stages=module.STAGES,
        conditions=module.CONDITIONS,
        sanctions=module.SANCTIONS,
    )


def _authority(module) -> Authority:
    authority, _created = Authority.objects.get_or_create(
        name=module.AUTHORITY["name"],
        defaults={"region": module.AUTHORITY["region"], "office_name": module.AUTHORITY["office_name"]},
    )
    return authority


def load_scheme(module, *, report: LoadReport) -> AwardScheme:
    """Create the shipped scheme of ``module`` if no edition of it exists; else leave it alone."""
    code = module.SCHEME["code"]
    current = AwardScheme.objects.filter(code=code, is_current=True).first()
    if current is not None:
        report.present.append(code)
        followed = max(filter(None, [current.shipped_version, current.shipped_declined]), default=0)
        if followed < module.VERSION:
            report.newer.append((code, current.shipped_version, module.VERSION))
        return current
    authority = _authority(module)
    for data in getattr(module, "RUBRICS", []):
        _ensure_rubric(data, authority=authority, report=report)
    scheme = edition_build(
        module_rulebook(module),
        authority=authority,
        code=code,
        edition=1,
        note=_("Shipped rulebook, version %(version)s") % {"version": module.VERSION},
        shipped_version=module.VERSION,
    )
    report.created.append(code)
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
    """Create the shipped rubrics and schemes that are absent; never write one that exists."""
    report = LoadReport()
    for data in NATIONAL_RUBRICS:
        _ensure_rubric(data, authority=None, report=report)
    for module in SCHEME_MODULES:
        load_scheme(module, report=report)
    return report


# Newer shipped editions --------------------------------------------------------------------------


def shipped_module(code: str):
    return next((module for module in SCHEME_MODULES if module.SCHEME["code"] == code), None)


def shipped_update(scheme: AwardScheme):
    """The shipped module of ``scheme`` when it holds a version newer than the one its current
    edition follows and the office has not declined; else None."""
    module = shipped_module(scheme.code)
    if module is None or not scheme.is_current:
        return None
    followed = max(filter(None, [scheme.shipped_version, scheme.shipped_declined]), default=0)
    return module if followed < module.VERSION else None


def shipped_differences(scheme: AwardScheme) -> list[Difference]:
    """How the shipped data differs from the current edition: “old” is the office's value, “new”
    the shipped one."""
    module = shipped_module(scheme.code)
    if module is None:
        return []
    return differences(rulebook_of(scheme), module_rulebook(module))


def edition_adopt_shipped(scheme: AwardScheme, *, by, keys: list[str]) -> AwardScheme:
    """Adopt the newer shipped rulebook as a new edition: the current edition with the shipped
    values of the differences ``keys`` (the office keeps its own value of every other one). The new
    edition is current and applies from the next cycle. Writes ``scheme.shipped_adopted``."""
    if not can_manage_scheme(by, scheme):
        raise CycleError(_("You do not run the awards of this authority."))
    module = shipped_module(scheme.code)
    if module is None:
        raise CycleError(_("This scheme has no shipped rulebook."))
    with transaction.atomic():
        current = lock_editions(scheme.code)
        if shipped_update(current) is None:
            raise CycleError(_("There is no newer shipped rulebook to adopt."))
        by_key = {d.key: d for d in shipped_differences(current)}
        chosen = [by_key[key] for key in keys if key in by_key]
        for data in getattr(module, "RUBRICS", []):
            _ensure_rubric(data, authority=current.authority, report=LoadReport())
        note = _("Shipped rulebook, version %(version)s, adopted") % {"version": module.VERSION}
        new = edition_replace(
            current,
            with_differences(rulebook_of(current), chosen),
            by=by,
            note=note,
            shipped_version=module.VERSION,
            shipped_declined=None,
        )
        audit_record(
            actor=by,
            action="scheme.shipped_adopted",
            summary=_("%(scheme)s: edition %(new)s follows the shipped rulebook, version %(version)s")
            % {"scheme": new.name, "new": new.edition, "version": module.VERSION},
            target=new,
            authority=new.authority,
            from_state=str(current.edition),
            to_state=str(new.edition),
            data={
                "adopted": [d.as_data() for d in chosen],
                "kept": [d.as_data() for d in by_key.values() if d.key not in set(keys)],
            },
        )
    return new


def edition_decline_shipped(scheme: AwardScheme, *, by, reason: str = "") -> AwardScheme:
    """Keep the current edition and stop offering this shipped version. Writes ``scheme.shipped_declined``."""
    if not can_manage_scheme(by, scheme):
        raise CycleError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        current = lock_editions(scheme.code)
        module = shipped_update(current)
        if module is None:
            raise CycleError(_("There is no newer shipped rulebook to decline."))
        current.shipped_declined = module.VERSION
        current.save(update_fields=["shipped_declined"])
        audit_record(
            actor=by,
            action="scheme.shipped_declined",
            summary=_("%(scheme)s: the shipped rulebook, version %(version)s, is not adopted")
            % {"scheme": current.name, "version": module.VERSION},
            target=current,
            authority=current.authority,
            reason=reason,
        )
    return current
