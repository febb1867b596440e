"""Changes to the register that the office makes by hand: the cycles held before the platform and
the awards, nominee titles and sanctions of earlier years, one by one or from a spreadsheet.

Each function checks that the office runs the scheme's authority, writes the rows with their
author (the rows' history keeps every value) and one audit entry.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record
from common.text import join_clauses, join_list
from common.xlsx import Sheet, SpreadsheetError, as_date, as_int, read_sheet, workbook_bytes
from cycles.enums import SanctionCause
from cycles.models import AwardScheme, Cycle

from .errors import RegisterError
from .models import AwardRecord, EarlierCycle, SanctionRecord
from .permissions import can_manage_register
from .selectors import schemes_of


def _check(by, scheme: AwardScheme) -> None:
    if not can_manage_register(by, scheme.authority):
        raise RegisterError(_("You do not keep the register of this authority."))


def _by(user):
    return user if user is not None and user.is_authenticated else None


def _save(obj, by):
    obj._history_user = _by(by)
    obj.save()
    return obj


def _holder(credit_code: str, person_id_number: str):
    credit_code, person_id_number = (credit_code or "").strip().upper(), (person_id_number or "").strip().upper()
    if not credit_code and not person_id_number:
        raise RegisterError(
            _("Give the unified social credit code (an organisation) or the identity document number (a person).")
        )
    if credit_code and len(credit_code) != 18:
        raise RegisterError(_("A unified social credit code has 18 characters."))
    return credit_code, person_id_number


def earlier_cycle_add(*, by, scheme: AwardScheme, name: str, year: int, note: str = "") -> EarlierCycle:
    """Record a cycle of ``scheme`` held before the platform. Refuses a name the scheme has used and
    a year after the platform's first cycle. Writes ``register.earlier_cycle_added``."""
    _check(by, scheme)
    name = name.strip()
    if not name or not year:
        raise RegisterError(_("Give the cycle's name and year."))
    with transaction.atomic():
        if (
            EarlierCycle.objects.filter(scheme__code=scheme.code, name=name).exists()
            or Cycle.objects.filter(scheme__code=scheme.code, name=name).exists()
        ):
            raise RegisterError(
                _("%(scheme)s already has a cycle named %(name)s.") % {"scheme": scheme.name, "name": name}
            )
        first = Cycle.objects.filter(scheme__code=scheme.code).order_by("year").values_list("year", flat=True).first()
        if first is not None and year > first:
            raise RegisterError(
                _("A cycle before the platform is held by %(year)s, the year of the platform's first cycle.")
                % {"year": first}
            )
        earlier = _save(EarlierCycle(scheme=scheme, name=name, year=year, note=note.strip(), entered_by=_by(by)), by)
        audit_record(
            actor=by,
            action="register.earlier_cycle_added",
            summary=_("Cycle before the platform recorded: %(cycle)s") % {"cycle": earlier},
            target=earlier,
            authority=scheme.authority,
        )
    return earlier


def _tier(scheme: AwardScheme, wanted: str):
    wanted = (wanted or "").strip()
    for tier in scheme.tiers.all():
        if wanted in (tier.code, tier.name):
            return tier
    raise RegisterError(
        _("%(scheme)s has no tier “%(tier)s”; its tiers are %(tiers)s.")
        % {"scheme": scheme.name, "tier": wanted, "tiers": join_list(t.name for t in scheme.tiers.all())}
    )


def _earlier(scheme: AwardScheme, earlier_cycle):
    if earlier_cycle is not None and earlier_cycle.scheme.code != scheme.code:
        raise RegisterError(_("That earlier cycle belongs to another scheme."))
    return earlier_cycle


def award_record_add(
    *,
    by,
    scheme: AwardScheme,
    tier,
    holder_name: str,
    awarded_on,
    earlier_cycle: EarlierCycle | None = None,
    credit_code: str = "",
    person_id_number: str = "",
    prize_amount=None,
    decision_body: str = "",
    decision_reference: str = "",
) -> AwardRecord:
    """Record an award (or a nominee title) given before the platform; it bars its holder for the
    tier's cooling-off like any award. ``tier`` is a tier of ``scheme`` or its code or name; the
    government's decision (issuer and document number), where the office has it, goes on the
    certificate. Writes ``register.award_added``."""
    _check(by, scheme)
    tier = tier if hasattr(tier, "scheme_id") else _tier(scheme, tier)
    if tier.scheme_id != scheme.pk:
        raise RegisterError(_("That tier belongs to another scheme."))
    earlier_cycle = _earlier(scheme, earlier_cycle)
    credit_code, person_id_number = _holder(credit_code, person_id_number)
    if not holder_name.strip() or awarded_on is None:
        raise RegisterError(_("Give the winner's name and the date of the award."))
    if earlier_cycle is not None and awarded_on.year < earlier_cycle.year:
        raise RegisterError(
            _("An award of %(cycle)s is given in %(year)s or later.")
            % {"cycle": earlier_cycle, "year": earlier_cycle.year}
        )
    with transaction.atomic():
        record = _save(
            AwardRecord(
                scheme=scheme,
                tier=tier,
                earlier_cycle=earlier_cycle,
                holder_name=holder_name.strip(),
                credit_code=credit_code,
                person_id_number=person_id_number,
                awarded_on=awarded_on,
                prize_amount=prize_amount,
                decision_body=decision_body.strip(),
                decision_reference=decision_reference.strip(),
                entered_by=_by(by),
            ),
            by,
        )
        audit_record(
            actor=by,
            action="register.award_added",
            summary=_("Earlier award recorded: %(record)s") % {"record": record},
            target=record,
            authority=scheme.authority,
        )
    return record


def sanction_record_add(
    *,
    by,
    scheme: AwardScheme,
    cause: str,
    holder_name: str,
    decided_on,
    reason: str,
    earlier_cycle: EarlierCycle | None = None,
    credit_code: str = "",
    person_id_number: str = "",
    article: str = "",
) -> SanctionRecord:
    """Record a sanction decided before the platform; the scheme's ``Sanction`` of that cause gives
    its length. Writes ``register.sanction_added``."""
    _check(by, scheme)
    if cause not in SanctionCause.values:
        raise RegisterError(_("Choose the cause of the sanction."))
    earlier_cycle = _earlier(scheme, earlier_cycle)
    credit_code, person_id_number = _holder(credit_code, person_id_number)
    if not holder_name.strip() or decided_on is None or not reason.strip():
        raise RegisterError(_("Give the name, the date of the decision and its reason."))
    rule = scheme.sanctions.filter(cause=cause).first()
    with transaction.atomic():
        record = _save(
            SanctionRecord(
                scheme=scheme,
                cause=cause,
                earlier_cycle=earlier_cycle,
                holder_name=holder_name.strip(),
                credit_code=credit_code,
                person_id_number=person_id_number,
                decided_on=decided_on,
                reason=reason.strip(),
                article=article.strip() or (rule.article if rule else ""),
                entered_by=_by(by),
            ),
            by,
        )
        audit_record(
            actor=by,
            action="register.sanction_added",
            summary=_("Earlier sanction recorded: %(record)s") % {"record": record},
            target=record,
            authority=scheme.authority,
            article=record.article,
            reason=record.reason,
        )
    return record


# The spreadsheet ---------------------------------------------------------------------------------


def _cycles_sheet():
    return _("Earlier cycles")


def _cycles_columns():
    return {"scheme": _("Scheme"), "name": _("Cycle"), "year": _("Year")}


def _awards_sheet():
    return _("Award records")


def _awards_columns():
    return {
        "scheme": _("Scheme"),
        "cycle": _("Cycle"),
        "tier": _("Tier"),
        "holder": _("Winner"),
        "credit_code": _("Unified social credit code"),
        "id_number": _("Identity document number"),
        "awarded_on": _("Awarded on"),
        "prize": _("Prize (yuan)"),
    }


def _sanctions_sheet():
    return _("Sanction records")


def _sanctions_columns():
    return {
        "scheme": _("Scheme"),
        "cycle": _("Cycle"),
        "cause": _("Cause"),
        "holder": _("Sanctioned"),
        "credit_code": _("Unified social credit code"),
        "id_number": _("Identity document number"),
        "decided_on": _("Decided on"),
        "reason": _("Reason"),
        "article": _("Article"),
    }


def register_template(authority) -> bytes:
    """The template for an authority's earlier years, with its schemes and tiers as examples."""
    schemes = list(schemes_of(authority).prefetch_related("tiers"))
    example = schemes[0] if schemes else None
    tiers = list(example.tiers.all()) if example else []
    name = example.name if example else ""
    return workbook_bytes(
        [
            Sheet(
                _cycles_sheet(),
                list(_cycles_columns().values()),
                [[name, "第一届", 2019], [name, "第二届", 2021]] if example else [],
                note=_("The cycles held before the platform, one a line. Schemes: %(schemes)s")
                % {"schemes": join_list(s.name for s in schemes)},
            ),
            Sheet(
                _awards_sheet(),
                list(_awards_columns().values()),
                [[name, "第二届", tiers[0].name, "示例有限公司", "91000000MA00000000", "", "2021-12-20", 0]]
                if tiers
                else [],
                note=_("Awards and nominee titles of those cycles. Tiers: %(tiers)s")
                % {"tiers": join_list(t.name for t in tiers)},
            ),
            Sheet(
                _sanctions_sheet(),
                list(_sanctions_columns().values()),
                [],
                note=_("Sanctions decided before the platform. Causes: %(causes)s")
                % {"causes": join_list(str(label) for label in SanctionCause.labels)},
            ),
        ]
    )


@dataclass
class ImportReport:
    earlier_cycles: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    sanctions: list = field(default_factory=list)


def _scheme_by_name(authority, wanted: str) -> AwardScheme:
    for scheme in schemes_of(authority):
        if wanted in (scheme.code, scheme.name):
            return scheme
    raise RegisterError(_("“%(scheme)s” is not a scheme of this authority.") % {"scheme": wanted})


def _cause(wanted: str) -> str:
    wanted = (wanted or "").strip()
    for value, label in SanctionCause.choices:
        if wanted in (value, str(label)):
            return value
    raise RegisterError(
        _("“%(cause)s” is not a cause; write one of %(causes)s.")
        % {"cause": wanted, "causes": join_list(str(label) for label in SanctionCause.labels)}
    )


def _money(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise RegisterError(_("“%(value)s” is not an amount.") % {"value": value}) from None


def register_import(uploaded, *, by, authority) -> ImportReport:
    """Import an authority's earlier cycles, awards and sanctions from the template; all or nothing.

    Every row is checked as if entered by hand; the error lists each refused row with its sheet and
    row number, and nothing is written. Writes one audit entry per row and ``register.imported``.
    """
    if not can_manage_register(by, authority):
        raise RegisterError(_("You do not keep the register of this authority."))
    cycles = read_sheet(uploaded, _cycles_sheet, _cycles_columns, required=False)
    awards = read_sheet(uploaded, _awards_sheet, _awards_columns, required=False)
    sanctions = read_sheet(uploaded, _sanctions_sheet, _sanctions_columns, required=False)
    if not (cycles or awards or sanctions):
        raise SpreadsheetError(_("The workbook holds no row to import."))
    report, problems = ImportReport(), []

    def row_problem(sheet, number, error):
        problems.append(_("%(sheet)s, row %(row)s: %(problem)s") % {"sheet": sheet, "row": number, "problem": error})

    def earlier_of(scheme, name):
        if not name:
            return None
        found = EarlierCycle.objects.filter(scheme__code=scheme.code, name=str(name)).first()
        if found is None:
            raise RegisterError(
                _("%(scheme)s has no cycle before the platform named %(name)s.") % {"scheme": scheme.name, "name": name}
            )
        return found

    with transaction.atomic():
        for number, row in cycles:
            try:
                scheme = _scheme_by_name(authority, str(row["scheme"] or ""))
                report.earlier_cycles.append(
                    earlier_cycle_add(by=by, scheme=scheme, name=str(row["name"] or ""), year=as_int(row["year"]))
                )
            except (RegisterError, SpreadsheetError) as error:
                row_problem(_cycles_sheet(), number, error)
        for number, row in awards:
            try:
                scheme = _scheme_by_name(authority, str(row["scheme"] or ""))
                report.awards.append(
                    award_record_add(
                        by=by,
                        scheme=scheme,
                        tier=str(row["tier"] or ""),
                        earlier_cycle=earlier_of(scheme, row["cycle"]),
                        holder_name=str(row["holder"] or ""),
                        credit_code=str(row["credit_code"] or ""),
                        person_id_number=str(row["id_number"] or ""),
                        awarded_on=as_date(row["awarded_on"]),
                        prize_amount=_money(row["prize"]),
                    )
                )
            except (RegisterError, SpreadsheetError) as error:
                row_problem(_awards_sheet(), number, error)
        for number, row in sanctions:
            try:
                scheme = _scheme_by_name(authority, str(row["scheme"] or ""))
                report.sanctions.append(
                    sanction_record_add(
                        by=by,
                        scheme=scheme,
                        cause=_cause(str(row["cause"] or "")),
                        earlier_cycle=earlier_of(scheme, row["cycle"]),
                        holder_name=str(row["holder"] or ""),
                        credit_code=str(row["credit_code"] or ""),
                        person_id_number=str(row["id_number"] or ""),
                        decided_on=as_date(row["decided_on"]),
                        reason=str(row["reason"] or ""),
                        article=str(row["article"] or ""),
                    )
                )
            except (RegisterError, SpreadsheetError) as error:
                row_problem(_sanctions_sheet(), number, error)
        if problems:
            raise RegisterError(join_clauses(problems))
        audit_record(
            actor=by,
            action="register.imported",
            summary=_(
                "Register of earlier years imported: %(cycles)s cycles, %(awards)s awards, %(sanctions)s sanctions"
            )
            % {"cycles": len(report.earlier_cycles), "awards": len(report.awards), "sanctions": len(report.sanctions)},
            authority=authority,
        )
    return report
