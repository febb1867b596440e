"""The applicant's pages: registration, organisation, applications, the dossier and its evidence."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.enums import Role
from accounts.models import District
from accounts.permissions import can_manage_authority
from common.files import protected_file_response
from common.ratelimits import post_field, rate_limited
from cycles.enums import ApplicantKind, CycleState, SanctionCause
from cycles.models import Category, Cycle, RubricItem

from .. import selectors
from ..enums import EDITABLE_STATES, TRANSITIONS, ApplicationStatus
from ..forms import (
    AccountForm,
    ApplicationFormForm,
    DisqualifyForm,
    EvidenceForm,
    MemberAddForm,
    OrganisationForm,
    WithdrawForm,
    team_formset,
)
from ..models import EligibilityReview, Evidence, Organisation
from ..permissions import Access, get_own_application
from ..services import dossier as services
from ..services import registration
from ..services.dossier_pdf import dossier_pdf_status
from ..services.transitions import ApplicationError
from ..storage import CONTENT_TYPES
from ..tasks import REQUEUE_AFTER
from .recommendation import correction_deadline_form

ORGANISATION_FIELDS = OrganisationForm.Meta.fields


@rate_limited("registration", target=post_field("account-username"))
def register(request):
    """A person creates an applicant account and registers its organisation in one go."""
    if request.user.is_authenticated:
        return redirect("applications:organisation-new")
    account_form = AccountForm(request.POST or None, prefix="account")
    organisation_form = OrganisationForm(request.POST or None, prefix="organisation")
    if request.method == "POST" and account_form.is_valid() and organisation_form.is_valid():
        data = account_form.cleaned_data
        try:
            user = registration.applicant_register(
                username=data["username"],
                password=data["password1"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                organisation={f: organisation_form.cleaned_data[f] for f in ORGANISATION_FIELDS},
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account and organisation are registered."))
            return redirect("applications:my-applications")
    return render(
        request,
        "applications/register.html",
        {"account_form": account_form, "organisation_form": organisation_form},
    )


@rate_limited("registration", target=post_field("account-username"))
def register_individual(request):
    """An individual (applying alone or in a team, where the scheme allows it) creates an applicant account."""
    if request.user.is_authenticated:
        return redirect("applications:my-applications")
    account_form = AccountForm(request.POST or None, prefix="account")
    if request.method == "POST" and account_form.is_valid():
        data = account_form.cleaned_data
        try:
            user = registration.applicant_register(
                username=data["username"],
                password=data["password1"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                organisation=None,
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is registered."))
            return redirect("applications:my-applications")
    return render(request, "applications/register.html", {"account_form": account_form, "organisation_form": None})


@login_required
def organisation_new(request):
    """A logged-in applicant registers a further organisation."""
    if request.user.role != Role.APPLICANT:
        raise Http404
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ORGANISATION_FIELDS}
        try:
            organisation = registration.organisation_register(by=request.user, **data)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(organisation)s is registered.") % {"organisation": organisation})
            return redirect("applications:organisation-detail", organisation.pk)
    return render(request, "applications/organisation_form.html", {"form": form})


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.select_related("district__authority").filter(members=request.user), pk=pk
    )
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = registration.organisation_add_member(
                organisation, by=request.user, username=form.cleaned_data["username"]
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(user)s may now act for the organisation.") % {"user": user})
            return redirect("applications:organisation-detail", organisation.pk)
    return render(
        request,
        "applications/organisation_detail.html",
        {"organisation": organisation, "members": organisation.members.order_by("username"), "form": form},
    )


@login_required
def my_applications(request):
    """The applicant's organisations and applications, and the open calls it can answer: those of the
    authorities where it is registered (its organisations' regions, or where it has applied as an
    individual), only while their application stage takes new applications."""
    applications = list(selectors.applications_of(request.user))
    organisations = list(request.user.organisations.select_related("district__authority"))
    authority_ids = {o.district.authority_id for o in organisations} | {
        a.district.authority_id for a in applications if a.district_id
    }
    open_cycles = list(
        Cycle.objects.filter(state=CycleState.OPEN)
        .select_related("scheme__authority")
        .prefetch_related(Prefetch("scheme__categories", queryset=Category.objects.order_by("order", "id")), "stages")
        .order_by("submission_deadline")
    )
    calls = []
    for cycle in open_cycles:
        if services.cycle_refusal(cycle) is not None:
            continue
        # An applicant registered nowhere yet (an individual) may answer any authority's call for individuals.
        if authority_ids and cycle.scheme.authority_id not in authority_ids:
            continue
        for category in cycle.scheme.categories.all():
            if category.applicant_kind == ApplicantKind.ORGANISATION:
                choices = [o for o in organisations if o.district.authority_id == cycle.scheme.authority_id]
                if not choices:
                    continue
            elif request.user.role != Role.APPLICANT:
                continue
            else:
                choices = []
            calls.append({"cycle": cycle, "category": category, "organisations": choices})
    return render(
        request,
        "applications/my_applications.html",
        {
            "applications": applications,
            "organisations": organisations,
            "calls": calls,
            "authority_ids": authority_ids,
        },
    )


@login_required
def application_start(request, cycle_id, category_id):
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    category = get_object_or_404(Category, pk=category_id, scheme_id=cycle.scheme_id)
    if request.user.role != Role.APPLICANT:
        raise Http404
    districts = District.objects.filter(authority_id=cycle.scheme.authority_id).order_by("name")
    if request.method == "POST":
        organisation = None
        district = None
        if category.applicant_kind == ApplicantKind.ORGANISATION:
            organisation = request.user.organisations.filter(pk=request.POST.get("organisation") or 0).first()
        else:
            district = districts.filter(pk=request.POST.get("district") or 0).first()
        try:
            application = services.application_start(
                by=request.user, cycle=cycle, category=category, organisation=organisation, district=district
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application is started; fill in the dossier."))
            return redirect("applications:dossier", application.pk)
    return render(
        request,
        "applications/application_start.html",
        {
            "cycle": cycle,
            "category": category,
            "organisations": request.user.organisations.filter(district__authority=cycle.scheme.authority_id),
            "districts": districts,
            "refusal": services.cycle_refusal(cycle),
        },
    )


def _dossier_context(application):
    return {
        "application": application,
        "editable": application.status in EDITABLE_STATES and not services.application_deadline_passed(application),
        "deadline": services.application_deadline(application),
        "correction_closed": application.status == ApplicationStatus.RETURNED
        and services.application_deadline_passed(application),
        "individual": selectors.is_individual(application),
    }


@login_required
def dossier(request, pk):
    """The applicant's overview of its dossier: how much is done, what is missing (each linked to
    where it is filled in), submit, withdraw."""
    application = get_own_application(request.user, pk)
    context = _dossier_context(application)
    corrections = list(application.correction_requests.select_related("department").order_by("-returned_at"))
    pdf = application.pdfs.first()
    status = dossier_pdf_status(application, now=timezone.now(), late_after=REQUEUE_AFTER)
    checklist = selectors.dossier_checklist(application) if context["editable"] else None
    context.update(
        {
            "checklist": checklist,
            "missing": checklist.missing if checklist else [],
            "dossier": selectors.dossier_for_display(application, Access.FULL),
            "withdraw_form": WithdrawForm(),
            "can_withdraw": application.status in services.WITHDRAWABLE_STATES,
            "pdf": pdf,
            # The kept PDF of the latest submission is rendered by a worker a moment after it; the page
            # shows how it stands and follows it (pdf_status, polled by static/js/busy.js).
            "pdf_status": status,
            "pdf_message": _pdf_message(status),
            "corrections": corrections,
            "review": EligibilityReview.objects.filter(application=application).first(),
            "departments": list(
                application.district.departments.filter(authority_id=application.cycle.scheme.authority_id)
            ),
        }
    )
    return render(request, "applications/dossier.html", context)


def dossier_view_response(request, application, access):
    """The dossier read-only for a reader whose access was decided (``pipeline.access``);
    trade secrets only for Access.FULL."""
    can_disqualify = ApplicationStatus.DISQUALIFIED in TRANSITIONS[application.status] and can_manage_authority(
        request.user, application.cycle.scheme.authority
    )
    return render(
        request,
        "applications/dossier_view.html",
        {
            "application": application,
            "dossier": selectors.dossier_for_display(application, access),
            "access": access,
            "disqualify_form": DisqualifyForm() if can_disqualify else None,
            "fraud_sanction": application.cycle.scheme.sanctions.filter(cause=SanctionCause.FRAUD).first()
            if can_disqualify
            else None,
            "deadline_form": correction_deadline_form(application)
            if application.status == ApplicationStatus.RETURNED
            and can_manage_authority(request.user, application.cycle.scheme.authority)
            else None,
        },
    )


@login_required
def dossier_form(request, pk):
    application = get_own_application(request.user, pk)
    stored = selectors.application_form(application)
    form = ApplicationFormForm(
        request.POST or None, application=application, initial=ApplicationFormForm.initial_from(stored)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_form_save(application, by=request.user, data=form.service_data())
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application form is saved."))
            return redirect("applications:dossier", application.pk)
    context = _dossier_context(application)
    context["form"] = form
    return render(request, "applications/dossier_form.html", context)


@login_required
def dossier_team(request, pk):
    application = get_own_application(request.user, pk)
    if not selectors.is_individual(application):
        raise Http404
    formset = team_formset(application, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        members = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for member in members:
            member.pop("DELETE", None)
        try:
            services.team_set(application, by=request.user, members=members)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The team is saved."))
            return redirect("applications:dossier", application.pk)
    context = _dossier_context(application)
    scheme = application.cycle.scheme
    context.update(
        {"formset": formset, "max_team_size": application.category.max_team_size, "article": scheme.team_size_article}
    )
    return render(request, "applications/dossier_team.html", context)


@login_required
def dossier_report(request, pk):
    """The self-evaluation report, item by item, with autosave and the evidence of each item, and an
    index of the items with the state of each."""
    application = get_own_application(request.user, pk)
    items = selectors.rubric_items(application)
    context = _dossier_context(application)
    dossier = selectors.dossier_for_display(application, Access.FULL)
    context.update(
        {
            "dossier": dossier,
            "written": sum(1 for section in dossier.sections if section.text.strip()),
            "evidence_form": EvidenceForm(
                items=items, confidentiality_article=application.cycle.scheme.confidentiality_article
            ),
            "confidentiality_article": application.cycle.scheme.confidentiality_article,
            "used": selectors.dossier_size(application),
        }
    )
    return render(request, "applications/dossier_report.html", context)


@login_required
@require_POST
def report_autosave(request, pk, item_id):
    """Save one report item as the applicant types (fetch or navigator.sendBeacon); answers JSON."""
    application = get_own_application(request.user, pk)
    item = get_object_or_404(RubricItem, pk=item_id, section__rubric_id=application.category.rubric_id)
    secret = request.POST.get("is_trade_secret")
    try:
        section = services.report_section_save(
            application,
            by=request.user,
            item=item,
            text=request.POST.get("text", ""),
            is_trade_secret=None if secret is None else secret in ("1", "true", "on"),
        )
    except ApplicationError as error:
        return JsonResponse({"saved": False, "error": str(error)}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "words": section.word_count,
            "updated": section.updated.isoformat(),
            "secret": section.is_trade_secret,
        }
    )


@login_required
@require_POST
def evidence_upload(request, pk):
    application = get_own_application(request.user, pk)
    items = selectors.rubric_items(application)
    form = EvidenceForm(request.POST, request.FILES, items=items)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("applications:dossier-report", application.pk)
    item = next((i for i in items if i.pk == form.cleaned_data["item"]), None)
    try:
        evidence = services.evidence_add(
            application,
            by=request.user,
            uploaded=form.cleaned_data["file"],
            item=item,
            description=form.cleaned_data["description"],
            is_trade_secret=form.cleaned_data["is_trade_secret"],
        )
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is attached.") % {"name": evidence.original_name})
    return redirect("applications:dossier-report", application.pk)


@login_required
@require_POST
def evidence_secret(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("application"), pk=pk)
    get_own_application(request.user, evidence.application_id)
    try:
        services.evidence_set_secret(evidence, by=request.user, is_trade_secret=request.POST.get("secret") == "1")
    except ApplicationError as error:
        messages.error(request, str(error))
    return redirect("applications:dossier-report", evidence.application_id)


def evidence_response(request, evidence, access):
    """Serve an evidence file to a reader whose access was decided; trade secrets to Access.FULL only."""
    if evidence.is_trade_secret and access < Access.FULL:
        raise Http404
    return protected_file_response(
        request, evidence.file, filename=evidence.original_name, content_type=CONTENT_TYPES[evidence.kind]
    )


def dossier_pdf_response(request, application, access):
    """The kept PDF of the submitted dossier; it contains the trade secrets, so Access.FULL only."""
    if access < Access.FULL:
        raise Http404
    pdf = application.pdfs.first()  # the latest submission's
    if pdf is None:
        raise Http404
    return protected_file_response(
        request,
        pdf.file,
        filename=f"{application.title}-{pdf.submitted_at:%Y%m%d%H%M}.pdf",
        content_type="application/pdf",
    )


def _pdf_message(status) -> str:
    if status.state == "ready":
        return _("The PDF of the submitted dossier is ready.")
    if status.state == "late":
        return _(
            "The PDF is taking longer than usual; it is queued again automatically. "
            "You may leave this page: the PDF will be here when you come back."
        )
    if status.state == "pending":
        return _("The PDF of the submitted dossier is being prepared (%(seconds)s s so far).") % {
            "seconds": status.waited
        }
    return ""


@login_required
@require_GET
def dossier_pdf_state(request, pk):
    """How the kept PDF of the latest submission stands, as JSON for the dossier page that waits for
    it; polled, so it only reads. The owner's only, as the dossier page is."""
    application = get_own_application(request.user, pk)
    status = dossier_pdf_status(application, now=timezone.now(), late_after=REQUEUE_AFTER)
    return JsonResponse(
        {
            "state": status.state,
            "ready": status.ready,
            "waited": status.waited,
            "message": _pdf_message(status),
            "url": reverse("pipeline:dossier-pdf", args=[application.pk]) if status.ready else None,
            "sha256": status.pdf.sha256 if status.ready else None,
        }
    )


@login_required
@require_POST
def dossier_submit(request, pk):
    application = get_own_application(request.user, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the confirmation to submit: a submitted dossier can no longer be changed."))
        return redirect("applications:dossier", application.pk)
    try:
        services.application_submit(application, by=request.user, at=getattr(request, "received_at", None))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your dossier is submitted; it can no longer be changed."))
    return redirect("applications:dossier", application.pk)


@login_required
@require_POST
def dossier_withdraw(request, pk):
    application = get_own_application(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the application is withdrawn."))
        return redirect("applications:dossier", application.pk)
    try:
        services.application_withdraw(application, by=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("applications:dossier", application.pk)
