"""Rows for .xlsx exports that no value can turn into a formula (spreadsheet formula injection).

openpyxl stores every string that begins with ``=`` as a formula, so an organisation named
``=HYPERLINK("http://evil","x")`` would become a live link in the office's Excel or WPS. Excel also
reads ``+``, ``-`` and ``@`` as the start of a formula when a cell is edited, and a leading tab or
carriage return hides what follows. Every export writes its rows through ``append_row``: such a
value becomes a text cell with the quote prefix (Excel's leading apostrophe), so it shows as typed
and stays text when someone edits it. Numbers and dates are written as they are.
"""

from collections.abc import Iterable

from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

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
