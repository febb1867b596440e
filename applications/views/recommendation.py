"""The recommending department's pages: its jurisdiction's applications, return or recommend."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import departments_for
from common.pagination import paginate, state_filter

from ..enums import ApplicationStatus
from ..errors import ApplicationError
from ..models import Application
from ..permissions import DEPARTMENT_VISIBLE, get_application_for_correction, get_application_for_department
from ..services import recommendation as services


class CorrectByForm(forms.Form):
    correct_by = forms.DateField(
        label=gettext_lazy("To be corrected and submitted again by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # what a date input reads
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        field = self.fields["correct_by"]
        try:
            bound = services.correction_bound(application)
        except ApplicationError as error:
            field.help_text = str(error)
        else:
            field.help_text = services.correction_rule(application.cycle.scheme)
            field.widget.attrs.update({"min": timezone.localdate().isoformat(), "max": bound.isoformat()})
            if not self.is_bound:
                self.initial.setdefault("correct_by", bound)


def correction_deadline_form(application) -> CorrectByForm:
    deadline = application.correction_deadline
    return CorrectByForm(
        application=application, initial={"correct_by": timezone.localdate(deadline)} if deadline else None
    )


class ReturnForm(CorrectByForm):
    comment = forms.CharField(
        label=gettext_lazy("What the applicant must correct"), widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["comment", "correct_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correct_by"].required = False  # empty: the latest day allowed


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
        "return_form": return_form or ReturnForm(application=application),
        "deadline_form": correction_deadline_form(application)
        if application.status == ApplicationStatus.RETURNED
        else None,
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
    form = ReturnForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.application_return_for_correction(
                application,
                by=request.user,
                comment=form.cleaned_data["comment"],
                correct_by=form.cleaned_data["correct_by"],
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


@login_required
@require_POST
def correction_deadline_change(request, pk):
    """The department of the jurisdiction or the office's staff move a returned application's
    correction deadline, within what the scheme and the stage allow."""
    application = get_application_for_correction(request.user, pk)
    form = CorrectByForm(request.POST, application=application)
    if not form.is_valid():
        messages.error(request, _("Give the date by which the application must be corrected."))
    else:
        try:
            services.correction_deadline_set(application, by=request.user, correct_by=form.cleaned_data["correct_by"])
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The correction deadline was changed; the applicant has been told."))
    return redirect(request.POST.get("next") if _safe_next(request) else "applications:recommendation-list")


def _safe_next(request) -> bool:
    return url_has_allowed_host_and_scheme(
        request.POST.get("next"), allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
