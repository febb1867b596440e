"""The public register of holders, certificate verification, and the office's page of a record."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from common.files import protected_file_response
from common.pagination import paginate
from common.xlsx import append_row
from cycles.models import AwardScheme

from .. import selectors, services
from ..enums import AwardStatus
from ..forms import (
    PaymentForm,
    ReassessmentDecideForm,
    ReassessmentOpenForm,
    RevocationForm,
    VerifyForm,
    VisitCloseForm,
    VisitForm,
)
from ..models import Certificate, FollowUpVisit, Reassessment
from ..permissions import get_record_for_office

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    schemes = AwardScheme.objects.select_related("authority").order_by("authority__name", "name")
    scheme = schemes.filter(code=request.GET.get("award", "")).first()
    query = request.GET.get("q", "").strip()[:100]
    return schemes, scheme, query, selectors.public_register(scheme=scheme, query=query)


def register_list(request):
    """The public register of holders by award, cycle and tier, with validity and status."""
    schemes, scheme, query, records = _filtered(request)
    page = paginate(request, records)
    today = timezone.localdate()
    rows = [(record, selectors.record_status(record, today)) for record in page]
    return render(
        request,
        "register/register_list.html",
        {"schemes": schemes, "scheme": scheme, "query": query, "page": page, "rows": rows, "AwardStatus": AwardStatus},
    )


def register_export(request):
    """The same list as an .xlsx workbook: what the public page shows, nothing more."""
    _schemes, _scheme, _query, records = _filtered(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Register of winners"))[:31]
    headers = [
        _("Holder"),
        _("Award"),
        _("Tier"),
        _("Award year"),
        _("Cycle"),
        _("Status"),
        _("Valid until"),
        _("Revoked on"),
    ]
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    today = timezone.localdate()
    for record in records.iterator(chunk_size=500):
        append_row(
            sheet,
            [
                record.holder_name,
                record.scheme.name,
                record.tier.name,
                record.year,
                record.cycle.name if record.cycle else "",
                str(AwardStatus(selectors.record_status(record, today)).label),
                record.valid_until.isoformat() if record.valid_until else "",
                record.revoked_on.isoformat() if record.revoked_on else "",
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="register.xlsx"'
    return response


def verify(request):
    """Verify a certificate by its number (a bank or a buyer checking a claim to the title)."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("register:verify-code", code=form.cleaned_data["code"].strip().upper())
    return render(request, "register/verify.html", {"form": form})


def verify_code(request, code):
    """The status of the certificate ``code``: valid, expired, under re-assessment, cancelled or
    revoked, with dates and articles. A wrong number says so and reveals nothing else."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return render(
            request, "register/verify.html", {"form": VerifyForm(initial={"code": code}), "unknown": code}, status=404
        )
    record = certificate.record
    return render(
        request,
        "register/verified.html",
        {
            "certificate": certificate,
            "record": record,
            "status": selectors.record_status(record),
            "reassessment": selectors.current_reassessment(record),
            "AwardStatus": AwardStatus,
        },
    )


@login_required
def record_detail(request, pk):
    """The office's page of one award: prize and payment, certificate, re-assessment, visits,
    revocation. Staff act; supervisors read."""
    record, can_manage = get_record_for_office(request.user, pk)
    return render(
        request,
        "register/record_detail.html",
        {
            "record": record,
            "status": selectors.record_status(record),
            "certificate": getattr(record, "certificate", None),
            "reassessments": record.reassessments.order_by("-opened_on", "-id"),
            "visits": record.visits.order_by("-visited_on", "-id"),
            "can_manage": can_manage,
            "payment_form": PaymentForm(),
            "repayment_form": PaymentForm(prefix="repay"),
            "revocation_form": RevocationForm(),
            "reassessment_form": ReassessmentOpenForm(),
            "decide_form": ReassessmentDecideForm(),
            "visit_form": VisitForm(),
            "visit_close_form": VisitCloseForm(),
            "AwardStatus": AwardStatus,
        },
    )


@login_required
def certificate_download(request, pk):
    record, _can_manage = get_record_for_office(request.user, pk)
    certificate = get_object_or_404(Certificate, record=record)
    return protected_file_response(
        request,
        certificate.file,
        filename=f"{record.holder_name}-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def _act(request, pk, form_class, action, success, *, prefix=None):
    record, _can_manage = get_record_for_office(request.user, pk, manage=True)
    form = form_class(request.POST, request.FILES or None, prefix=prefix)
    if form.is_valid():
        action(record, form.cleaned_data)
        messages.success(request, success)
    else:
        messages.error(
            request,
            _("Correct the form: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("register:record", args=[record.pk]))


@login_required
@require_POST
def payment(request, pk):
    return _act(
        request,
        pk,
        PaymentForm,
        lambda record, data: services.prize_payment_record(
            record, by=request.user, paid_on=data["paid_on"], voucher=data["voucher"]
        ),
        _("The payment is recorded."),
    )


@login_required
@require_POST
def repayment(request, pk):
    return _act(
        request,
        pk,
        PaymentForm,
        lambda record, data: services.prize_repayment_record(
            record, by=request.user, repaid_on=data["paid_on"], voucher=data["voucher"]
        ),
        _("The repayment is recorded."),
        prefix="repay",
    )


@login_required
@require_POST
def revoke(request, pk):
    return _act(
        request,
        pk,
        RevocationForm,
        lambda record, data: services.award_revoke(record, by=request.user, **data),
        _("The award is revoked and the ban recorded."),
    )


@login_required
@require_POST
def reassessment_open(request, pk):
    return _act(
        request,
        pk,
        ReassessmentOpenForm,
        lambda record, data: services.reassessment_open(record, by=request.user, opened_on=data["opened_on"]),
        _("The re-assessment is opened."),
    )


@login_required
@require_POST
def reassessment_decide(request, pk, reassessment_id):
    def decide(record, data):
        reassessment = get_object_or_404(Reassessment, pk=reassessment_id, record=record)
        services.reassessment_decide(reassessment, by=request.user, **data)

    return _act(request, pk, ReassessmentDecideForm, decide, _("The re-assessment is decided."))


@login_required
@require_POST
def visit(request, pk):
    return _act(
        request,
        pk,
        VisitForm,
        lambda record, data: services.visit_record(record, by=request.user, article=_visit_article(record), **data),
        _("The visit is recorded."),
    )


@login_required
@require_POST
def visit_close(request, pk, visit_id):
    def close(record, data):
        visit = get_object_or_404(FollowUpVisit, pk=visit_id, record=record)
        services.visit_close(visit, by=request.user, **data)

    return _act(request, pk, VisitCloseForm, close, _("The outcome of the visit is recorded."))


def _visit_article(record) -> str:
    return record.scheme.follow_up_article
