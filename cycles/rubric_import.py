"""A rubric from a spreadsheet: the office enters a standard's items, points and guidance in Excel.

So that Jinzhong can enter DB14/T 1464 and DB14/T 1463 (第十七条) in place of the labelled
stand-in. One row per item; the section's number, title and points are given on its first row
(and may be repeated). Each section's points must equal the sum of its items'. The rubric belongs
to the office's authority; choosing it for a category is an edit of the scheme's current edition.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority
from accounts.services import audit_record
from common.text import join_clauses
from common.xlsx import Sheet, SpreadsheetError, as_int, read_sheet, workbook_bytes

from .errors import CycleError
from .models import Rubric, RubricItem, RubricSection


def _columns() -> dict:
    return {
        "section_number": _("Section number"),
        "section_title": _("Section title"),
        "section_points": _("Section points"),
        "item_number": _("Item number"),
        "item_title": _("Item title"),
        "item_points": _("Item points"),
        "guidance": _("Guidance"),
    }


def _sheet_title():
    return _("Rubric")


def rubric_template() -> bytes:
    """The empty template, with two example rows."""
    return workbook_bytes(
        [
            Sheet(
                _sheet_title(),
                list(_columns().values()),
                [
                    ["1", "领导", 110, "1.1", "高层领导的作用", 50, "愿景、价值观的确立与贯彻。"],
                    ["", "", "", "1.2", "组织治理", 60, "治理结构、问责与合规。"],
                ],
                note=_("One row per item; give the section's number, title and points on its first row."),
            )
        ]
    )


def _text(value) -> str:
    """A cell as text; a number typed into a number column (1, 1.0, 4.1) reads as it looks."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_rubric(uploaded) -> list[dict]:
    """The sections of an uploaded rubric, each with its items; ``SpreadsheetError`` lists every problem."""
    section_number, section_title, section_points = "section_number", "section_title", "section_points"
    item_number, item_title, item_points, guidance = "item_number", "item_title", "item_points", "guidance"
    rows = read_sheet(uploaded, _sheet_title, _columns)
    sections, problems, current = [], [], None
    for number, row in rows:
        try:
            if row[section_number] not in (None, ""):
                key = _text(row[section_number])
                if current is None or current["number"] != key:
                    if any(s["number"] == key for s in sections):
                        raise SpreadsheetError(_("section %(number)s appears twice") % {"number": key})
                    current = {
                        "number": key,
                        "title": _text(row[section_title]),
                        "points": as_int(row[section_points]),
                        "items": [],
                    }
                    if not current["title"] or current["points"] is None:
                        raise SpreadsheetError(_("a new section needs its title and points"))
                    sections.append(current)
            if current is None:
                raise SpreadsheetError(_("the first row must name its section"))
            points = as_int(row[item_points])
            if not row[item_number] or not row[item_title] or points is None:
                raise SpreadsheetError(_("an item needs its number, title and points"))
            current["items"].append(
                {
                    "number": _text(row[item_number]),
                    "title": _text(row[item_title]),
                    "points": points,
                    "guidance": _text(row[guidance]),
                }
            )
        except SpreadsheetError as error:
            problems.append(_("row %(row)s: %(problem)s") % {"row": number, "problem": error})
    for section in sections:
        total = sum(item["points"] for item in section["items"])
        if total != section["points"]:
            problems.append(
                _("section %(number)s is worth %(points)s points but its items add up to %(total)s")
                % {"number": section["number"], "points": section["points"], "total": total}
            )
    if not sections and not problems:
        problems.append(_("the sheet holds no item"))
    if problems:
        raise SpreadsheetError(join_clauses(problems))
    return sections


def rubric_import(uploaded, *, by, authority, code: str, name: str, standard: str) -> Rubric:
    """Create the authority's rubric ``code`` from an uploaded spreadsheet. Writes ``rubric.imported``."""
    if not can_manage_authority(by, authority):
        raise CycleError(_("You do not run the awards of this authority."))
    code, name, standard = code.strip(), name.strip(), standard.strip()
    if not code or not name or not standard:
        raise CycleError(_("Give the rubric's code, name and standard."))
    sections = parse_rubric(uploaded)
    with transaction.atomic():
        if Rubric.objects.filter(code=code).exists():
            raise CycleError(_("A rubric with the code %(code)s exists already.") % {"code": code})
        rubric = Rubric(code=code, name=name, standard=standard, authority=authority)
        rubric._history_user = by
        rubric.save()
        for section_order, section in enumerate(sections, start=1):
            row = RubricSection(
                rubric=rubric,
                number=section["number"],
                title=section["title"],
                points=section["points"],
                order=section_order,
            )
            row._history_user = by
            row.save()
            for item_order, item in enumerate(section["items"], start=1):
                entry = RubricItem(section=row, order=item_order, **item)
                entry._history_user = by
                entry.save()
        audit_record(
            actor=by,
            action="rubric.imported",
            summary=_("Rubric %(name)s imported: %(sections)s sections, %(points)s points")
            % {"name": name, "sections": len(sections), "points": rubric.total_points},
            target=rubric,
            authority=authority,
        )
    return rubric
