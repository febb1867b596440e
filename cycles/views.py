from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_manage_authority, can_read_authority, readable_authorities, staff_authorities
from common.pagination import paginate
from common.xlsx import SpreadsheetError

from . import editions, loader, selectors, services
from .enums import CycleState
from .errors import CycleError
from .forms import DifferencesForm, ReasonForm, RubricImportForm, RulesApplyForm
from .models import AwardScheme, Cycle, CycleStage
from .permissions import can_manage_cycle, get_cycle_for_user
from .rubric_import import rubric_import, rubric_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def public_home(request):
    """The public front page: the awards this installation hosts and their open calls."""
    return render(request, "cycles/public_home.html", {"schemes": selectors.public_schemes()})


def scheme_detail(request, code):
    """The current edition of a scheme's rules, each with the article it comes from (or saying it
    is the office's setting). Regulations are public; staff and supervisors also see the
    editions, the warnings, and the way to the history and to a newer shipped rulebook."""
    try:
        scheme = selectors.scheme_rulebook(code)
    except AwardScheme.DoesNotExist:
        raise Http404 from None
    reader = can_read_authority(request.user, scheme.authority)
    return render(
        request,
        "cycles/scheme_detail.html",
        {
            "scheme": scheme,
            "warnings": selectors.edition_warnings(scheme),
            "reader": reader,
            "can_manage": can_manage_authority(request.user, scheme.authority),
            "editions": selectors.scheme_editions(code) if reader else [],
            "locked": reader and editions.is_locked(scheme),
            "shipped_update": loader.shipped_update(scheme) if reader else None,
        },
    )


def _readable_scheme(request, code) -> AwardScheme:
    """The current edition of ``code`` if the user is staff or a supervisor of its authority; else 404."""
    scheme = get_object_or_404(AwardScheme.objects.current().select_related("authority"), code=code)
    if not can_read_authority(request.user, scheme.authority):
        raise Http404
    return scheme


@login_required
def scheme_history(request, code):
    """Every change of the scheme's rules in all its editions: who, when, the old and new values."""
    scheme = _readable_scheme(request, code)
    return render(request, "cycles/scheme_history.html", {"scheme": scheme, "changes": selectors.scheme_history(code)})


@login_required
def calendar_history(request):
    """Every change of the office's working-day calendar, for staff and supervisors."""
    if not readable_authorities(request.user).exists():
        raise Http404
    return render(request, "cycles/calendar_history.html", {"changes": selectors.calendar_history()})


@login_required
def shipped(request, code):
    """How a newer shipped rulebook differs from the current edition; staff adopt what they choose
    as a new edition, or decline it."""
    scheme = _readable_scheme(request, code)
    module = loader.shipped_update(scheme)
    differences = loader.shipped_differences(scheme) if module else []
    can_manage = can_manage_authority(request.user, scheme.authority)
    form = DifferencesForm(request.POST or None, differences=differences, preselect=True)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            if "decline" in request.POST:
                loader.edition_decline_shipped(scheme, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("The shipped rulebook is not adopted; the current edition stays."))
                return redirect("cycles:scheme", code=code)
            if form.is_valid():
                new = loader.edition_adopt_shipped(scheme, by=request.user, keys=form.cleaned_data["keys"])
                messages.success(
                    request,
                    _("Edition %(number)s is current; it applies from the next cycle.") % {"number": new.edition},
                )
                return redirect("cycles:scheme", code=code)
        except CycleError as error:
            messages.error(request, str(error))
    return render(
        request,
        "cycles/shipped.html",
        {
            "scheme": scheme,
            "module": module,
            "differences": differences,
            "form": form,
            "can_manage": can_manage,
            "selectable_keys": {d.key for d in differences},
            "checked": set(request.POST.getlist("keys")) if request.method == "POST" else {d.key for d in differences},
        },
    )


@login_required
def cycle_rules(request, cycle_id):
    """The edition a cycle runs under and how the current edition differs; staff may apply chosen
    changes to the running cycle, with a reason."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    differences = editions.running_differences(cycle)
    can_manage = can_manage_cycle(request.user, cycle)
    applicable = [d for d in differences if d.for_running_cycle]
    form = RulesApplyForm(request.POST or None, differences=applicable)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                chosen = editions.cycle_rules_apply(
                    cycle, by=request.user, keys=form.cleaned_data["keys"], reason=form.cleaned_data["reason"]
                )
            except CycleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(count)s changes apply to this cycle.") % {"count": len(chosen)})
                return redirect("cycles:cycle-rules", cycle_id=cycle.pk)
    return render(
        request,
        "cycles/cycle_rules.html",
        {
            "cycle": cycle,
            "scheme": cycle.scheme,
            "current": editions.current_edition(cycle.scheme.code),
            "differences": differences,
            "applicable": applicable,
            "form": form,
            "can_manage": can_manage and cycle.state == CycleState.OPEN,
            "selectable_keys": {d.key for d in applicable},
            "checked": set(request.POST.getlist("keys")),
            "warnings": selectors.edition_warnings(cycle.scheme),
        },
        status=400 if form.errors else 200,
    )


@login_required
def rubric_import_view(request):
    """Staff import a rubric (items, points, guidance) from a spreadsheet for their authority."""
    authorities = staff_authorities(request.user)
    if not authorities.exists():
        raise Http404
    form = RubricImportForm(request.POST or None, request.FILES or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rubric = rubric_import(
                data["file"],
                by=request.user,
                authority=data["authority"],
                code=data["code"],
                name=data["name"],
                standard=data["standard"],
            )
        except (CycleError, SpreadsheetError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(rubric)s imported: %(points)s points. Choose it for a category in the scheme's current edition.")
                % {"rubric": rubric.name, "points": rubric.total_points},
            )
            return redirect("admin:cycles_rubric_change", rubric.pk)
    return render(request, "cycles/rubric_import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def rubric_template_view(request):
    if not staff_authorities(request.user).exists():
        raise Http404
    response = HttpResponse(rubric_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="rubric-template.xlsx"'
    return response


def public_cycle(request, cycle_id):
    """The call for applications of a cycle and its timetable, as the public sees them."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    return render(request, "cycles/public_cycle.html", {"cycle": cycle, "stages": selectors.cycle_timetable(cycle)})


@login_required
def cycle_list(request):
    cycles = paginate(
        request,
        Cycle.objects.filter(scheme__authority__in=readable_authorities(request.user))
        .select_related("scheme__authority")
        .order_by("state", "-year", "scheme__name", "pk"),
    )
    schemes = (
        AwardScheme.objects.current()
        .filter(authority__in=staff_authorities(request.user), is_active=True)
        .select_related("authority")
    )
    return render(request, "cycles/cycle_list.html", {"cycles": cycles, "page": cycles, "schemes": schemes})


@login_required
@require_POST
def stage_set_held(request, cycle_id, stage_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    stage = get_object_or_404(CycleStage, pk=stage_id, cycle=cycle)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.cycle_stage_set_held(
            stage, by=request.user, held=request.POST.get("held") == "1", reason=form.cleaned_data.get("reason", "")
        )
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("pipeline:cycle", cycle_id=cycle.pk)
