"""A reviewer's comment cannot become a live formula in the review export (formula injection)."""

import io

from openpyxl import load_workbook

from reviews import exports
from reviews.services import declarations, sheets

from .conftest import drawn, items_of

FORMULA = '=HYPERLINK("http://evil","x")'


def test_reviewer_comment_starting_with_equals_is_a_text_cell_in_the_review_export(world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    reviewer = group.members.order_by("pk").first().reviewer
    declarations.declaration_make(entry, by=reviewer, has_conflict=False)
    scores = {
        item.pk: {"percent": 80, "strengths": FORMULA, "improvements": "-1+1"} for item in items_of(entry.application)
    }
    sheets.sheet_save(entry, by=reviewer, scores=scores)
    entry.refresh_from_db()
    comments = load_workbook(io.BytesIO(exports.entry_xlsx(entry))).worksheets[1]
    cells = [cell for row in comments.iter_rows(min_row=2) for cell in row[2:4]]
    assert len(cells) == 2 * len(scores)
    assert {(cell.value, cell.data_type, cell.quotePrefix) for cell in cells} == {
        (FORMULA, "s", True),
        ("-1+1", "s", True),
    }
