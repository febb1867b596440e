"""Score sheets and the group report of an entry, as .xlsx (openpyxl) and PDF (WeasyPrint)."""

import io

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common.pdf import render_pdf
from common.xlsx import append_row

from .enums import MemberStatus
from .models import GroupReport, ItemScore
from .services.sheets import rubric_items

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def entry_export_data(entry) -> dict:
    """Items with each member's score and comments, the consensus, and the report."""
    items = list(rubric_items(entry))
    members = (
        list(entry.group.members.filter(status=MemberStatus.ACTIVE).select_related("reviewer").order_by("pk"))
        if entry.group
        else []
    )
    scores = {
        (score.sheet.reviewer_id, score.item_id): score
        for score in ItemScore.objects.filter(sheet__entry=entry).select_related("sheet__reviewer")
    }
    consensus = {c.item_id: c for c in entry.consensus.all()}
    rows = [
        {
            "item": item,
            "cells": [scores.get((member.reviewer_id, item.pk)) for member in members],
            "consensus": consensus.get(item.pk),
        }
        for item in items
    ]
    return {
        "entry": entry,
        "members": members,
        "rows": rows,
        "total": sum(c.points for c in consensus.values()),
        "rubric_total": sum(item.points for item in items),
        "report": GroupReport.objects.filter(entry=entry).first(),
        "title": entry.round.report_title,
    }


def _filename(entry, extension):
    return f"review-{entry.round.kind}-{entry.pk}.{extension}"


def entry_xlsx(entry) -> bytes:
    data = entry_export_data(entry)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Score sheets")[:31]
    append_row(sheet, [f"{entry.application.title} · {entry.round.stage.name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    names = [member.reviewer.display_name or member.reviewer.username for member in data["members"]]
    append_row(sheet, [_("Item"), _("Points"), *names, _("Consensus (%)"), _("Consensus points")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in data["rows"]:
        item, consensus = row["item"], row["consensus"]
        append_row(
            sheet,
            [
                f"{item.number} {item.title}",
                item.points,
                *[cell.percent if cell and cell.percent is not None else "" for cell in row["cells"]],
                consensus.percent if consensus else "",
                float(consensus.points) if consensus else "",
            ],
        )
    append_row(sheet, [_("Total"), data["rubric_total"], *["" for _name in names], "", float(data["total"])])
    comments = workbook.create_sheet(_("Comments")[:31])
    append_row(comments, [_("Item"), _("Reviewer"), _("Strengths"), _("Opportunities for improvement")])
    for cell in comments[1]:
        cell.font = Font(bold=True)
    for row in data["rows"]:
        for name, cell in zip(names, row["cells"], strict=True):
            if cell is not None:
                append_row(
                    comments, [f"{row['item'].number} {row['item'].title}", name, cell.strengths, cell.improvements]
                )
    report = workbook.create_sheet(str(data["title"])[:31])
    append_row(report, [str(data["title"])])
    report["A1"].font = Font(bold=True, size=14)
    append_row(report, [data["report"].text if data["report"] else _("Not written yet.")])
    report["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    report.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def entry_pdf(entry) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "reviews/entry_pdf.html", {**entry_export_data(entry), "font_family": settings.PDF_FONT_FAMILY}
        )
    return render_pdf(html)


def entry_xlsx_response(entry) -> HttpResponse:
    response = HttpResponse(entry_xlsx(entry), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(entry, "xlsx")}"'
    return response


def entry_pdf_response(entry) -> HttpResponse:
    response = HttpResponse(entry_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(entry, "pdf")}"'
    return response
