import io

import pytest
from openpyxl import Workbook, load_workbook

from common.xlsx import append_row

HYPERLINK = '=HYPERLINK("http://evil","x")'


def written(values):
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])


@pytest.mark.parametrize("value", [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_formula_like_values_are_written_as_text_with_the_quote_prefix(value):
    [cell] = written([value])
    # XML keeps no bare carriage return: it reads back as a line feed, still inside a text cell.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)


def test_plain_text_numbers_and_empty_cells_are_written_as_they_are():
    cells = written(["随州编钟制造有限公司", 12, -3, 1.5, None, "a=b"])
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in cells] == [
        ("随州编钟制造有限公司", "s", False),
        (12, "n", False),
        (-3, "n", False),
        (1.5, "n", False),
        (None, "n", False),
        ("a=b", "s", False),
    ]


def test_without_the_helper_openpyxl_would_store_a_formula():
    # The attack this module stops: a plain append keeps the value as a live formula.
    workbook = Workbook()
    workbook.active.append([HYPERLINK])
    assert workbook.active["A1"].data_type == "f"
