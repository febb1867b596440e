"""Spreadsheets: exports that no value can turn into a formula, and templates the office fills in.

Formula injection: openpyxl stores every string that begins with ``=`` as a formula, so an
organisation named ``=HYPERLINK("http://evil","x")`` would become a live link in the office's Excel
or WPS. Excel also reads ``+``, ``-`` and ``@`` as the start of a formula when a cell is edited, and a
leading tab or carriage return hides what follows. Every export writes its rows through
``append_row``: such a value becomes a text cell with the quote prefix (Excel's leading apostrophe),
so it shows as typed and stays text when someone edits it. Numbers and dates are written as they are.

Templates the office downloads, fills in Excel or WPS, and uploads again: one sheet per kind of
row, a bold header row and, below it, the rows. Reading takes the header row as the column names,
so a column moved by the office is still found; a missing column or a file that is no workbook
raises ``SpreadsheetError`` with a sentence for the person who uploaded it.
"""

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from .errors import DomainError
from .text import join_list

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """A cell that holds ``value`` as text, whatever it begins with."""
    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """``sheet.append(values)``, with every formula-like string written as text."""
    sheet.append([text_cell(sheet, value) if is_formula_like(value) else value for value in values])


class SpreadsheetError(DomainError):
    """An uploaded workbook that cannot be read as the template says."""


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list  # column titles, in order
    rows: list  # example or exported rows
    note: str = ""  # a first line explaining how to fill it


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        page = workbook.create_sheet(title=str(sheet.title)[:31])
        if sheet.note:
            page.append([str(sheet.note)])
            page["A1"].font = Font(italic=True)
        page.append([str(header) for header in sheet.headers])
        for cell in page[page.max_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            append_row(page, row)
        for index, header in enumerate(sheet.headers, start=1):
            page.column_dimensions[page.cell(row=1, column=index).column_letter].width = max(12, len(str(header)) * 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _load(uploaded):
    try:
        uploaded.seek(0)
        return load_workbook(uploaded, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx).")) from None


def _rows(workbook, title: str, columns: dict) -> list[tuple[int, dict]]:
    rows = list(workbook[title].iter_rows(values_only=True))
    wanted = [str(label) for label in columns.values()]
    found = _header_row(rows, wanted)
    if found is None:
        raise SpreadsheetError(
            _("The sheet “%(sheet)s” lacks the header row: %(headers)s.")
            % {"sheet": title, "headers": join_list(wanted)}
        )
    index, positions = found
    result = []
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        values = {}
        for key, label in columns.items():
            position = positions[str(label)]
            values[key] = _clean(row[position] if position < len(row) else None)
        if any(value not in (None, "") for value in values.values()):
            result.append((number, values))
    return result


def read_sheet(uploaded, title, columns, *, required: bool = True) -> list[tuple[int, dict]]:
    """The rows of the sheet ``title()`` as ``(row number, {key: value})``, blank rows skipped.

    ``columns()`` maps each key to its column title; the header row is the first row holding them
    all, wherever the office moved them. Titles are tried in the active language, then in the
    site's other languages, so a template downloaded in Chinese reads in an English session.
    """
    workbook = _load(uploaded)
    active = translation.get_language() or settings.LANGUAGE_CODE
    languages = [active] + [code for code, _name in settings.LANGUAGES if code != active]
    for language in languages:
        with translation.override(language):
            sheet_title = str(title())
            sheet_columns = {key: str(label) for key, label in columns().items()}
        if sheet_title in workbook.sheetnames:
            return _rows(workbook, sheet_title, sheet_columns)
    if not required:
        return []
    raise SpreadsheetError(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": title()})


def _header_row(rows, wanted):
    """The index of the first row holding every header of ``wanted``, and each header's column."""
    for index, row in enumerate(rows):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if all(header in cells for header in wanted):
            return index, {header: cells.index(header) for header in wanted}
    return None


def _clean(value):
    if isinstance(value, str):
        return value.strip()
    return value


def as_date(value) -> datetime.date | None:
    """A cell as a date: an Excel date, or text such as 2021-06-30 or 2021/6/30."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise SpreadsheetError(_("“%(value)s” is not a date (write it as 2021-06-30).") % {"value": value}) from None


def as_int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SpreadsheetError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if number != int(number):
        raise SpreadsheetError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)
