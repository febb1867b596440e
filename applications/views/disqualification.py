"""The office disqualifies a running application for fraud found during the cycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import DisqualifyForm
from ..permissions import get_application_for_office
from ..services.disqualification import application_disqualify


@login_required
@require_POST
def disqualify(request, pk):
    application, _can_manage = get_application_for_office(request.user, pk, manage=True)
    form = DisqualifyForm(request.POST)
    if form.is_valid():
        application_disqualify(application, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The application is disqualified and the holder barred."))
    else:
        messages.error(request, _("State the fraud found and confirm the disqualification."))
    return redirect("pipeline:dossier-view", pk=application.pk)
