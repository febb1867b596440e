"""The register of an authority: staff keep it (earlier cycles, awards, sanctions, the spreadsheet),
supervisors read it and its history; nobody else sees it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import readable_authorities
from common.pagination import paginate
from common.xlsx import SpreadsheetError

from .. import keeping, selectors
from ..errors import RegisterError
from ..forms import AwardRecordForm, EarlierCycleForm, RegisterImportForm, SanctionRecordForm
from ..permissions import can_manage_register, get_register_authority_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def register_home(request):
    authorities = list(readable_authorities(request.user).order_by("name"))
    if not authorities:
        raise Http404
    return render(request, "register/index.html", {"authorities": authorities})


def _page(request, authority, *, status=200, **forms):
    can_manage = can_manage_register(request.user, authority)
    context = {
        "authority": authority,
        "can_manage": can_manage,
        "earlier_cycles": paginate(request, selectors.earlier_cycles(authority), param="cycles_page"),
        "awards": paginate(request, selectors.award_records(authority), param="awards_page"),
        "sanctions": paginate(request, selectors.sanction_records(authority), param="sanctions_page"),
    }
    if can_manage:
        context.update(
            {
                "cycle_form": forms.get("cycle_form") or EarlierCycleForm(authority=authority),
                "award_form": forms.get("award_form") or AwardRecordForm(authority=authority),
                "sanction_form": forms.get("sanction_form") or SanctionRecordForm(authority=authority),
                "import_form": forms.get("import_form") or RegisterImportForm(),
            }
        )
    return render(request, "register/detail.html", context, status=status)


@login_required
def register_detail(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id)
    return _page(request, authority)


@login_required
@require_POST
def earlier_cycle_new(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id, manage=True)
    form = EarlierCycleForm(request.POST, authority=authority)
    if form.is_valid():
        try:
            keeping.earlier_cycle_add(by=request.user, **form.cleaned_data)
        except RegisterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The cycle is recorded."))
            return redirect("register:detail", authority_id=authority.pk)
    return _page(request, authority, status=400, cycle_form=form)


@login_required
@require_POST
def award_new(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id, manage=True)
    form = AwardRecordForm(request.POST, authority=authority)
    if form.is_valid():
        data = form.cleaned_data
        try:
            keeping.award_record_add(by=request.user, scheme=data["tier"].scheme, **data)
        except RegisterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The award is recorded."))
            return redirect("register:detail", authority_id=authority.pk)
    return _page(request, authority, status=400, award_form=form)


@login_required
@require_POST
def sanction_new(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id, manage=True)
    form = SanctionRecordForm(request.POST, authority=authority)
    if form.is_valid():
        try:
            keeping.sanction_record_add(by=request.user, **form.cleaned_data)
        except RegisterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The sanction is recorded."))
            return redirect("register:detail", authority_id=authority.pk)
    return _page(request, authority, status=400, sanction_form=form)


@login_required
@require_POST
def register_import(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id, manage=True)
    form = RegisterImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = keeping.register_import(form.cleaned_data["file"], by=request.user, authority=authority)
        except (RegisterError, SpreadsheetError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Imported %(cycles)s cycles, %(awards)s awards and %(sanctions)s sanctions.")
                % {
                    "cycles": len(report.earlier_cycles),
                    "awards": len(report.awards),
                    "sanctions": len(report.sanctions),
                },
            )
            return redirect("register:detail", authority_id=authority.pk)
    return _page(request, authority, status=400, import_form=form)


@login_required
def register_template(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id, manage=True)
    response = HttpResponse(keeping.register_template(authority), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="register-earlier-years.xlsx"'
    return response


@login_required
def register_history(request, authority_id):
    authority = get_register_authority_for_user(request.user, authority_id)
    return render(
        request, "register/history.html", {"authority": authority, "changes": selectors.register_history(authority)}
    )
