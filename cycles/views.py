from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import readable_authorities, staff_authorities

from . import selectors, services
from .errors import CycleError
from .forms import ReasonForm
from .models import AwardScheme, Cycle, CycleStage
from .permissions import get_cycle_for_user


def public_home(request):
    """The public front page: the awards this installation hosts and their open calls."""
    return render(request, "cycles/public_home.html", {"schemes": selectors.public_schemes()})


def scheme_detail(request, code):
    """A scheme's rules, each with the article it comes from. Regulations are public."""
    try:
        scheme = selectors.scheme_rulebook(code)
    except AwardScheme.DoesNotExist:
        raise Http404 from None
    return render(request, "cycles/scheme_detail.html", {"scheme": scheme})


def public_cycle(request, cycle_id):
    """The call for applications of a cycle and its timetable, as the public sees them."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    return render(request, "cycles/public_cycle.html", {"cycle": cycle, "stages": selectors.cycle_timetable(cycle)})


@login_required
def cycle_list(request):
    cycles = (
        Cycle.objects.filter(scheme__authority__in=readable_authorities(request.user))
        .select_related("scheme__authority")
        .order_by("state", "-year", "scheme__name")
    )
    schemes = AwardScheme.objects.filter(authority__in=staff_authorities(request.user), is_active=True).select_related(
        "authority"
    )
    return render(request, "cycles/cycle_list.html", {"cycles": cycles, "schemes": schemes})


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
