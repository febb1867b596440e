"""Eligibility review (资格审核) pages for the quality office, the accepted-list export, and the
applicant's page showing the decision."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.pagination import paginate, state_filter
from cycles.enums import ConditionCheck
from cycles.permissions import get_cycle_for_office, get_cycle_for_user

from ..enums import ApplicationStatus
from ..errors import ApplicationError
from ..models import Application, ConditionResult, EligibilityReview
from ..permissions import get_application_for_office, get_application_for_owner_or_office
from ..selectors import is_recused
from ..services.recusal import recusal_declare
from . import exports, services

REVIEW_VISIBLE = [
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.CANDIDATE,
    ApplicationStatus.ELIMINATED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
]


class JudgeForm(forms.Form):
    met = forms.TypedChoiceField(
        label=gettext_lazy("Result"),
        choices=[("1", gettext_lazy("Met")), ("0", gettext_lazy("Not met"))],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("met") is False and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the condition is not met."))
        return cleaned


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Written reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when no condition was found not met; sent to the applicant."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def get_application_for_staff(user, pk) -> Application:
    application, _can_manage = get_application_for_office(user, pk, manage=True)
    return application


@login_required
def eligibility_list(request, cycle_id):
    """Staff decide; supervisors read the same list (they change nothing). A page at a time,
    filtered by status, with each status's count from the database."""
    cycle, can_manage = get_cycle_for_office(request.user, cycle_id)
    applications, states = state_filter(
        request, Application.objects.filter(cycle=cycle, status__in=REVIEW_VISIBLE), "status", ApplicationStatus
    )
    page = paginate(
        request,
        applications.select_related("category", "district", "recommendation__department", "eligibility_review")
        .annotate(
            unmet=Count("eligibility_review__results", filter=Q(eligibility_review__results__outcome="not_met")),
            unchecked=Count("eligibility_review__results", filter=Q(eligibility_review__results__outcome="unchecked")),
        )
        .order_by("status", "title", "pk"),
    )
    return render(
        request,
        "applications/eligibility_list.html",
        {
            "cycle": cycle,
            "applications": page,
            "page": page,
            "states": states,
            "stage": services.eligibility_stage(cycle),
            "can_manage": can_manage,
        },
    )


def _review_context(application, *, refuse_form=None, judge_forms=None, can_manage=True, user=None):
    review = (
        EligibilityReview.objects.filter(application=application)
        .select_related("decided_by")
        .prefetch_related("results__checked_by")
        .first()
    )
    results = list(review.results.all()) if review else []
    judge_forms = judge_forms or {}
    for result in results:
        if not result.is_automatic:
            result.form = judge_forms.get(
                result.pk,
                JudgeForm(
                    prefix=f"r{result.pk}",
                    initial={"met": {"met": "1", "not_met": "0"}.get(result.outcome), "note": result.note},
                ),
            )
    recused = user is not None and is_recused(user, application)
    return {
        "application": application,
        "review": review,
        "results": results,
        "judged": any(not result.is_automatic for result in results),
        "recused": recused,
        "recusals": application.recusals.select_related("person"),
        "can_recuse": can_manage and not recused,
        "recommendation": getattr(application, "recommendation", None),
        "stage": services.eligibility_stage(application.cycle),
        "can_decide": can_manage
        and not recused
        and application.status == ApplicationStatus.RECOMMENDED
        and not (review and review.is_final),
        "refuse_form": refuse_form or RefuseForm(),
    }


@login_required
def eligibility_review(request, pk):
    """The review of one application: staff decide, supervisors read it without any form."""
    application, can_manage = get_application_for_office(request.user, pk)
    return render(
        request,
        "applications/eligibility_review.html",
        _review_context(application, can_manage=can_manage, user=request.user),
    )


@login_required
@require_POST
def application_recuse(request, pk):
    """Staff declare an interest in an application and withdraw from deciding on it (随州 第二十八条)."""
    application = get_application_for_staff(request.user, pk)
    return _act(
        request,
        application,
        lambda: recusal_declare(application, by=request.user, statement=request.POST.get("statement", "")),
        _("You have withdrawn from deciding on this application; a colleague decides."),
    )


def _act(request, application, action, success):
    try:
        action()
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("applications:eligibility-review", application.pk)


@login_required
@require_POST
def eligibility_evaluate(request, pk):
    application = get_application_for_staff(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.eligibility_evaluate(application, by=request.user),
        _("The conditions were evaluated."),
    )


@login_required
@require_POST
def eligibility_judge(request, pk):
    """One form records every condition staff ticked; untouched ones stay as they were. When one
    is invalid, nothing is recorded and the page comes back with every tick as it was sent."""
    application = get_application_for_staff(request.user, pk)
    results = ConditionResult.objects.filter(
        review__application=application, check_kind=ConditionCheck.JUDGMENT
    ).order_by("order", "pk")
    forms_by_result = {result.pk: JudgeForm(request.POST, prefix=f"r{result.pk}") for result in results}
    invalid = [pk for pk, form in forms_by_result.items() if not form.is_valid()]  # each form shows its errors
    valid = not invalid
    judgments = {
        pk: (form.cleaned_data["met"], form.cleaned_data["note"])
        for pk, form in forms_by_result.items()
        if valid and form.cleaned_data["met"] is not None
    }
    if not valid or not judgments:
        messages.error(
            request,
            _("Tick at least one condition.")
            if valid
            else _("Nothing was recorded: give the reason for each condition not met."),
        )
        return render(
            request,
            "applications/eligibility_review.html",
            _review_context(application, judge_forms=forms_by_result, user=request.user),
            status=400,
        )
    return _act(
        request,
        application,
        lambda: services.conditions_judge(application, by=request.user, judgments=judgments),
        _("The conditions were recorded."),
    )


@login_required
@require_POST
def eligibility_accept(request, pk):
    application = get_application_for_staff(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.eligibility_accept(application, by=request.user),
        _("The application was accepted."),
    )


@login_required
@require_POST
def eligibility_refuse(request, pk):
    application = get_application_for_staff(request.user, pk)
    form = RefuseForm(request.POST)
    form.is_valid()
    return _act(
        request,
        application,
        lambda: services.eligibility_refuse(application, by=request.user, reason=form.cleaned_data.get("reason", "")),
        _("The application was refused; the applicant has been sent the reasons."),
    )


@login_required
def accepted_list_export(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    response = HttpResponse(
        exports.accepted_list_xlsx(cycle),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="accepted-{cycle.scheme.code}-{cycle.pk}.xlsx"'
    return response


@login_required
def eligibility_decision(request, pk):
    """The applicant's view of its eligibility decision, with the reasons and articles of a refusal."""
    application = get_application_for_owner_or_office(request.user, pk)
    review = EligibilityReview.objects.filter(application=application).first()
    return render(request, "applications/eligibility_decision.html", {"application": application, "review": review})
