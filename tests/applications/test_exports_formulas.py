"""An applicant's name cannot become a live formula in the office's accepted list (formula injection)."""

import io

import pytest
from openpyxl import load_workbook

from applications.eligibility.exports import accepted_list_xlsx
from tests.applications.test_exports import S, cycle, decided  # noqa: F401 -- the fixture and helper

HYPERLINK = '=HYPERLINK("http://evil","x")'


@pytest.mark.django_db
def test_organisation_named_like_a_formula_is_a_text_cell_in_the_accepted_list(cycle, district, department, applicant):  # noqa: F811
    decided(cycle, district, department, applicant, HYPERLINK, S.ACCEPTED, on=(2026, 7, 6))
    sheet = load_workbook(io.BytesIO(accepted_list_xlsx(cycle))).active
    [cell] = [row[1] for row in sheet.iter_rows(min_row=3)]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
