"""Pages that bring the apps together: the home page's tasks, a cycle's page with its pipeline,
ending a stage (with its conditions and a confirmation in the page), and the dossier as each
party may read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.enums import Role
from accounts.models import Department
from accounts.permissions import readable_authorities, staff_authorities
from applications.models import Evidence
from applications.permissions import Access, get_application_for_user
from applications.views.dossier import dossier_pdf_response, dossier_view_response, evidence_response
from cycles.calendar import UnknownCalendarYear
from cycles.enums import CycleState, StageStatus
from cycles.errors import CycleError, EarlyCycleNeedsConfirmation
from cycles.forms import CycleOpenForm, ReasonForm
from cycles.models import AwardScheme, CycleStage
from cycles.permissions import can_manage_cycle, get_cycle_for_user
from cycles.selectors import cycle_timetable, edition_warnings
from publicity.permissions import can_prepare_notice_at

from . import overview, services
from .access import dossier_access
from .errors import AdvanceNeedsConfirmation, StageCannotEnd, StaleAdvance
from .forms import AdvanceForm
from .home import tasks_for


@login_required
def home(request):
    """The person's landing page: what to do next."""
    authorities = readable_authorities(request.user) if request.user.role in (Role.STAFF, Role.SUPERVISOR) else []
    return render(request, "pipeline/home.html", {"tasks": tasks_for(request.user), "authorities": authorities})


# A cycle and its pipeline ----------------------------------------------------------------------


@login_required
def cycle_detail(request, cycle_id):
    """Where the cycle stands: the current stage, what must hold before it ends, the applications in
    each state, the timetable as a timeline and the spread of each review round's scores."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    stages = cycle_timetable(cycle)
    current = next((s for s in stages if s.status == StageStatus.CURRENT), None)
    upcoming = [s for s in stages if s.status == StageStatus.PENDING and not s.skipped]
    state_counts, applications_total = overview.application_counts(cycle)
    return render(
        request,
        "pipeline/cycle_detail.html",
        {
            "cycle": cycle,
            "stages": stages,
            "current": current,
            "checks": services.stage_checks(current) if current else [],
            "next_stage": upcoming[0] if upcoming else None,
            "can_manage": can_manage_cycle(request.user, cycle),
            "reason_form": ReasonForm(),
            "is_open": cycle.state == CycleState.OPEN,
            "optional_stages": [s for s in stages if s.definition.optional and s.status == StageStatus.PENDING],
            "edition_warnings": edition_warnings(cycle.scheme),
            "newer_edition": AwardScheme.objects.current()
            .filter(code=cycle.scheme.code)
            .exclude(pk=cycle.scheme_id)
            .first(),
            "timeline": overview.cycle_timeline(stages, is_open=cycle.state == CycleState.OPEN),
            "state_counts": state_counts,
            "applications_total": applications_total,
            "spreads": overview.round_spreads(cycle),
            "chart": overview.chart_geometry(),
        },
    )


@login_required
def cycle_open(request, code):
    scheme = get_object_or_404(AwardScheme.objects.current().select_related("authority"), code=code)
    if scheme.authority not in staff_authorities(request.user):
        raise Http404
    form = CycleOpenForm(request.POST or None)
    needs_confirmation = ""
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(
                scheme,
                by=request.user,
                confirm_early=form.cleaned_data["confirm_early"],
                **{k: form.cleaned_data[k] for k in ("name", "year", "call_text", "submission_deadline")},
            )
        except EarlyCycleNeedsConfirmation as error:
            needs_confirmation = str(error)
            form.add_error("confirm_early", _("Tick to confirm opening sooner than the interval."))
        except (CycleError, UnknownCalendarYear) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(cycle)s is open.") % {"cycle": cycle})
            return redirect("pipeline:cycle", cycle_id=cycle.pk)
    return render(
        request, "pipeline/cycle_open.html", {"scheme": scheme, "form": form, "needs_confirmation": needs_confirmation}
    )


@login_required
def cycle_advance(request, cycle_id):
    """End the current stage, in two steps on the page: its conditions and the applications it
    leaves undecided are shown, the office confirms, then the stage named in the form ends."""
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    stage_id = request.POST.get("stage") or request.GET.get("stage")
    stage = get_object_or_404(CycleStage.objects.select_related("cycle__scheme__authority"), pk=stage_id, cycle=cycle)
    form = AdvanceForm(request.POST or None, initial={"stage": stage.pk})
    undecided = services.stage_undecided(stage) if stage.status == StageStatus.CURRENT else []
    if request.method == "POST" and form.is_valid():
        try:
            following = services.cycle_advance(
                cycle,
                by=request.user,
                ending=form.cleaned_data["stage"],
                confirm=form.cleaned_data["confirm_undecided"],
                reason=form.cleaned_data["reason"],
            )
        except StaleAdvance as error:
            messages.error(request, str(error))
            return redirect("pipeline:cycle", cycle_id=cycle.pk)
        except AdvanceNeedsConfirmation as error:
            form.add_error("confirm_undecided", str(error))
        except StageCannotEnd as error:
            for reason in error.unmet:
                messages.error(request, reason)
            return redirect("pipeline:cycle", cycle_id=cycle.pk)
        else:
            if following is None:
                messages.success(request, _("The cycle is closed."))
            else:
                messages.success(request, _("%(stage)s has begun.") % {"stage": following.name})
            return redirect("pipeline:cycle", cycle_id=cycle.pk)
    if stage.status != StageStatus.CURRENT:
        messages.error(request, _("%(stage)s is not in progress; the cycle has moved on.") % {"stage": stage.name})
        return redirect("pipeline:cycle", cycle_id=cycle.pk)
    return render(
        request,
        "pipeline/advance.html",
        {
            "cycle": cycle,
            "stage": stage,
            "next_stage": services.next_stage(stage),
            "checks": services.stage_checks(stage),
            "undecided": undecided,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def notice_prepare(request, stage_id):
    """Draft a notice its stage did not draft when it began, with the pipeline's list."""
    stage = get_object_or_404(CycleStage.objects.select_related("cycle__scheme__authority"), pk=stage_id)
    department = None
    if request.POST.get("department"):
        department = get_object_or_404(Department, pk=request.POST["department"])
    if not can_prepare_notice_at(request.user, stage, department):
        raise Http404
    notice = services.notice_prepare_missing(stage, by=request.user, department=department)
    messages.success(request, _("The draft is ready; check the list, then publish it."))
    return redirect("publicity:manage", notice_id=notice.pk)


# The dossier, for whoever may read it ----------------------------------------------------------


@login_required
def dossier_view(request, pk):
    application, access = get_application_for_user(request.user, pk, access_of=dossier_access)
    return dossier_view_response(request, application, access)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    _application, access = get_application_for_user(request.user, evidence.application_id, access_of=dossier_access)
    return evidence_response(request, evidence, access)


@login_required
def dossier_pdf(request, pk):
    application, access = get_application_for_user(request.user, pk, need=Access.FULL, access_of=dossier_access)
    return dossier_pdf_response(request, application, access)
