"""The recommending department's pages: its jurisdiction's applications, return or recommend."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import departments_for
from common.pagination import paginate, state_filter

from ..enums import ApplicationStatus
from ..errors import ApplicationError
from ..models import Application
from ..permissions import DEPARTMENT_VISIBLE, get_application_for_department
from ..services import recommendation as services


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What the applicant must correct"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RecommendForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("Recommendation opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), max_length=50)
    signed_on = forms.DateField(label=gettext_lazy("Date signed"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())


@login_required
def recommendation_list(request):
    departments = list(departments_for(request.user).prefetch_related("districts"))
    if not departments:
        raise Http404
    scope = Q(pk__in=[])
    for department in departments:
        scope |= Q(
            cycle__scheme__authority_id=department.authority_id,
            district__in=[district.pk for district in department.districts.all()],
        )
    applications = (
        Application.objects.filter(scope, status__in=DEPARTMENT_VISIBLE, submitted_at__isnull=False)
        .select_related("cycle__scheme", "category", "district", "organisation")
        .order_by("cycle__scheme__name", "-submitted_at", "title")
    )
    others, states = state_filter(
        request, applications.exclude(status=ApplicationStatus.SUBMITTED), "status", ApplicationStatus
    )
    return render(
        request,
        "applications/recommendation_list.html",
        {
            "departments": departments,
            "awaiting": paginate(
                request,
                applications.filter(status=ApplicationStatus.SUBMITTED).order_by(
                    "cycle__scheme__name", "-submitted_at", "title", "pk"
                ),
                param="awaiting_page",
            ),
            "others": paginate(request, others.order_by("cycle__scheme__name", "-submitted_at", "title", "pk")),
            "states": states,
        },
    )


def _detail_context(request, application, *, return_form=None, recommend_form=None):
    return {
        "application": application,
        "department": services.department_for(request.user, application),
        "article": services.recommendation_article(application.cycle.scheme),
        "corrections": application.correction_requests.select_related("department", "returned_by"),
        "recommendation": getattr(application, "recommendation", None),
        "can_act": application.status == ApplicationStatus.SUBMITTED,
        "return_form": return_form or ReturnForm(),
        "recommend_form": recommend_form or RecommendForm(),
    }


@login_required
def recommendation_detail(request, pk):
    application = get_application_for_department(request.user, pk)
    return render(request, "applications/recommendation_detail.html", _detail_context(request, application))


@login_required
@require_POST
def recommendation_return(request, pk):
    application = get_application_for_department(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.application_return_for_correction(
                application, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application was returned to the applicant for correction."))
            return redirect("applications:recommendation-list")
    return render(
        request,
        "applications/recommendation_detail.html",
        _detail_context(request, application, return_form=form),
        status=400 if not form.is_valid() else 200,
    )


@login_required
@require_POST
def recommendation_sign(request, pk):
    application = get_application_for_department(request.user, pk)
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            services.application_recommend(application, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The recommendation opinion was signed."))
            return redirect("applications:recommendation-list")
    return render(
        request,
        "applications/recommendation_detail.html",
        _detail_context(request, application, recommend_form=form),
        status=400 if not form.is_valid() else 200,
    )
