"""The accepted list of a cycle as an .xlsx workbook (openpyxl). Public facts only: no trade secrets."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from common.xlsx import append_row

from ..enums import ApplicationStatus
from ..models import Application

# Statuses of applications that passed eligibility, whatever happened to them later.
PASSED_ELIGIBILITY = [
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CANDIDATE,
    ApplicationStatus.ELIMINATED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
]


def accepted_applications(cycle):
    return (
        Application.objects.filter(cycle=cycle, status__in=PASSED_ELIGIBILITY)
        .select_related("category", "district", "recommendation__department", "eligibility_review")
        .order_by("category__order", "district__name", "title")
    )


def accepted_list_xlsx(cycle) -> bytes:
    """Applicant, category, district, recommending department, decision date: one row each."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Accepted list")[:31]
    append_row(sheet, [_("%(cycle)s: accepted applications") % {"cycle": cycle}])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        _("No."),
        _("Applicant"),
        _("Category"),
        _("County or district"),
        _("Recommending department"),
        _("Decision date"),
    ]
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, application in enumerate(accepted_applications(cycle).iterator(chunk_size=500), start=1):
        recommendation = getattr(application, "recommendation", None)
        review = getattr(application, "eligibility_review", None)
        decided = timezone.localtime(review.decided_at).date().isoformat() if review and review.decided_at else ""
        append_row(
            sheet,
            [
                number,
                application.title,
                application.category.name,
                application.district.name,
                recommendation.department.name if recommendation else "",
                decided,
            ],
        )
    for column, width in zip("ABCDEF", (6, 40, 20, 16, 30, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
