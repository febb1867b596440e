from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.files import protected_file_response
from common.pagination import paginate, state_filter
from common.ratelimits import rate_limited, url_argument
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.models import Cycle, CycleStage
from cycles.permissions import can_manage_cycle, get_cycle_for_user

from . import selectors
from .enums import NoticeStatus, ObjectionStatus
from .errors import PublicityError
from .forms import (
    AnyTimeObjectionForm,
    NoticePrepareForm,
    ObjectionConfirmForm,
    ObjectionDecideForm,
    ObjectionForm,
    ObjectionNoteForm,
    ObjectionOpinionForm,
    ObjectionReportForm,
    ObjectionStatusForm,
)
from .models import Notice, Objection
from .pdf import render_answer_pdf
from .permissions import (
    can_handle_objection,
    can_manage_notice,
    can_prepare_notice_at,
    get_departments_for_user,
    get_notice_for_user,
    get_objection_for_user,
    get_public_notice,
    is_committee_member,
)
from .services import investigation, notices, objections

# Public pages ----------------------------------------------------------------------------------


def public_list(request):
    """Notices running now, read from the time: the page writes nothing."""
    page = paginate(request, selectors.current_notices())
    return render(request, "publicity/public_list.html", {"notices": page, "page": page, "past": False})


def public_past(request):
    page = paginate(request, selectors.past_notices())
    return render(request, "publicity/public_list.html", {"notices": page, "page": page, "past": True})


def public_detail(request, notice_id):
    notice = get_public_notice(notice_id)
    scheme = notice.cycle.scheme
    return render(
        request,
        "publicity/public_detail.html",
        {
            "notice": notice,
            "scheme": scheme,
            "authority": scheme.authority,
            "entries": paginate(request, notice.entries.order_by("order", "id")),
            "open": notice.is_open_for_objections(),
        },
    )


@rate_limited("objection", target=url_argument("notice_id"))
def objection_new(request, notice_id):
    """Anyone may object to a listed applicant while the notice runs; no account needed."""
    notice = get_public_notice(notice_id)
    if not notice.is_open_for_objections():
        messages.error(request, _("This notice has ended; objections are no longer received."))
        return redirect("publicity:public-detail", notice_id=notice.pk)
    form = ObjectionForm(request.POST or None, request.FILES or None, notice=notice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection = objections.objection_file(
                notice,
                entry=data["entry"],
                kind=data["kind"],
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                address=data["address"],
                email=data["email"],
                id_number=data["id_number"],
                identity_document=data["identity_document"],
                sealed_letter=data["sealed_letter"],
                evidence=data["evidence"],
            )
        except PublicityError as error:
            form.add_error(None, str(error))
        else:
            return redirect("publicity:objection-filed", reference=objection.reference)
    return render(
        request,
        "publicity/objection_form.html",
        {
            "notice": notice,
            "scheme": notice.cycle.scheme,
            "authority": notice.cycle.scheme.authority,
            "form": form,
            "files_dropped": files_dropped(request, form),
        },
    )


def objection_any_time(request, cycle_id):
    """Anyone may object to the acceptance or review work of a running cycle, outside any notice,
    where the scheme allows it (随州 第三十条, 兰州 第二十八条); no account needed."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    scheme = cycle.scheme
    if not scheme.objection_any_time_article:
        raise Http404
    if cycle.state != CycleState.OPEN:
        messages.error(request, _("This cycle has closed; objections are no longer received."))
        return redirect("cycles:public", cycle_id=cycle.pk)
    form = AnyTimeObjectionForm(
        request.POST or None, request.FILES or None, applications=selectors.publicly_listed(cycle)
    )
    if request.method == "POST" and form.is_valid():
        try:
            objection = objections.objection_file_any_time(
                cycle,
                subject=form.cleaned_data["subject"],
                application=form.cleaned_data["application"],
                **form.objector(),
            )
        except PublicityError as error:
            form.add_error(None, str(error))
        else:
            return redirect("publicity:objection-filed", reference=objection.reference)
    return render(
        request,
        "publicity/objection_any_time.html",
        {
            "cycle": cycle,
            "scheme": scheme,
            "authority": scheme.authority,
            "form": form,
            "files_dropped": files_dropped(request, form),
        },
    )


def files_dropped(request, form) -> list[str]:
    """The names of the files sent with a form that came back with errors: a browser never keeps
    a chosen file across pages, so the objector is told by name which ones to choose again."""
    if request.method != "POST":
        return []
    return [uploaded.name for name in form.FILE_FIELDS for uploaded in request.FILES.getlist(name)]


def objection_filed(request, reference):
    """The answer to a filed objection, reached by a redirect, so that a refresh files nothing."""
    objection = get_object_or_404(
        Objection.objects.select_related("cycle__scheme__authority", "notice"), reference=reference.strip().upper()
    )
    return render(
        request,
        "publicity/objection_filed.html",
        {"objection": objection, "notice": objection.notice, "authority": objection.cycle.scheme.authority},
    )


def objection_status(request):
    """The objector's own view by reference number: the status and, once given, the answer; where
    the scheme asks it, the objector confirms the result or says why it disagrees."""
    form = ObjectionStatusForm(request.GET or None)
    objection = None
    if form.is_valid():
        objection = (
            Objection.objects.select_related("cycle__scheme__authority")
            .filter(reference=form.cleaned_data["reference"])
            .first()
        )
        if objection is None:
            form.add_error("reference", _("No objection has this reference number."))
    return render(
        request,
        "publicity/objection_status.html",
        {"form": form, "objection": objection, "confirm_form": _confirm_form(objection)},
    )


def _confirm_form(objection, data=None):
    if (
        objection is None
        or not objection.cycle.scheme.objection_confirmation_article
        or objection.status == ObjectionStatus.OPEN
        or objection.objector_answered_at
        or objection.silence_recorded_at
    ):
        return None
    return ObjectionConfirmForm(data)


@require_POST
def objection_confirm(request, reference):
    """The objector, holding the reference number, replies to the written result (兰州 第二十九条)."""
    objection = get_object_or_404(
        Objection.objects.select_related("cycle__scheme"), reference=reference.strip().upper()
    )
    form = _confirm_form(objection, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            investigation.objection_confirm(
                objection, agrees=form.cleaned_data["agrees"], comment=form.cleaned_data["comment"]
            )
        except PublicityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your reply is recorded."))
    else:
        messages.error(request, _("Choose your reply."))
    return redirect(f"{reverse('publicity:objection-status')}?reference={objection.reference}")


def objection_answer_pdf(request, reference):
    """The written answer as a PDF letter, for whoever holds the reference number, once answered."""
    objection = get_object_or_404(
        Objection.objects.select_related("cycle__scheme__authority", "notice", "entry", "application").exclude(
            status=ObjectionStatus.OPEN
        ),
        reference=reference.strip().upper(),
    )
    response = HttpResponse(render_answer_pdf(objection), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{objection.reference}.pdf"'
    return response


# Staff and county offices ----------------------------------------------------------------------


@login_required
def cycle_notices(request, cycle_id):
    """The notices of a cycle, with their objections: staff act, supervisors read."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    current = cycle.stages.filter(status=StageStatus.CURRENT).select_related("cycle__scheme").first()
    can_prepare = (
        current is not None
        and cycle.state == CycleState.OPEN
        and can_prepare_notice_at(request.user, current)
        and not current.notices.exists()
    )
    objections, states = state_filter(request, Objection.objects.filter(cycle=cycle), "status", ObjectionStatus)
    objections = paginate(request, selectors.objections_of(objections), param="objections_page")
    now = timezone.now()
    return render(
        request,
        "publicity/cycle_notices.html",
        {
            "cycle": cycle,
            "current": current,
            "notices": selectors.cycle_notices(cycle),
            "objections": objections,
            "states": states,
            "overdue_ids": {o.pk for o in selectors.overdue(objections, now)},
            "can_manage": can_manage_cycle(request.user, cycle),
            "form": NoticePrepareForm(initial={"title": _default_title(current)}) if can_prepare else None,
        },
    )


@login_required
def county_notices(request):
    """A county office's notices (Lanzhou 第十三条): publish one for its jurisdiction when due."""
    departments = get_departments_for_user(request.user)
    stages = CycleStage.objects.filter(
        kind=StageKind.COUNTY_NOTICE,
        status=StageStatus.CURRENT,
        cycle__state=CycleState.OPEN,
        cycle__scheme__authority__in={d.authority_id for d in departments},
    ).select_related("cycle__scheme")
    notices = {
        (n.stage_id, n.department_id): n
        for n in Notice.objects.filter(department__in=departments).select_related("stage")
    }
    rows = [
        {"stage": stage, "department": department, "notice": notices.get((stage.pk, department.pk))}
        for stage in stages
        for department in departments
        if department.authority_id == stage.cycle.scheme.authority_id
    ]
    past = [n for n in notices.values() if n.status != NoticeStatus.DRAFT]
    return render(
        request,
        "publicity/county_notices.html",
        {"rows": rows, "past": past, "form": NoticePrepareForm()},
    )


def _default_title(stage):
    if stage is None:
        return ""
    return f"{stage.cycle.scheme.name}{stage.cycle.name}{stage.name}"


@login_required
def notice_manage(request, notice_id):
    notice = get_notice_for_user(request.user, notice_id)
    objections, states = state_filter(request, notice.objections.all(), "status", ObjectionStatus)
    objections = paginate(request, selectors.objections_of(objections), param="objections_page")
    return render(
        request,
        "publicity/notice_manage.html",
        {
            "notice": notice,
            "entries": paginate(request, notice.entries.order_by("order", "id")),
            "objections": objections,
            "states": states,
            "overdue_ids": {o.pk for o in selectors.overdue(objections)},
            "can_publish": notice.status == NoticeStatus.DRAFT and can_manage_notice(request.user, notice),
            "edit_form": NoticePrepareForm(
                initial={"title": notice.title, "body": notice.body}, submit_label=_("Save")
            ),
        },
    )


@login_required
@require_POST
def notice_publish(request, notice_id):
    notice = get_notice_for_user(request.user, notice_id, manage=True)
    notices.notice_publish(notice, by=request.user)
    messages.success(request, _("The notice is published."))
    return redirect("publicity:manage", notice_id=notice.pk)


@login_required
@require_POST
def notice_edit(request, notice_id):
    notice = get_notice_for_user(request.user, notice_id, manage=True)
    form = NoticePrepareForm(request.POST)
    if form.is_valid():
        notices.notice_edit(notice, by=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Give the notice a title."))
    return redirect("publicity:manage", notice_id=notice.pk)


@login_required
def objection_detail(request, objection_id):
    objection = get_objection_for_user(request.user, objection_id)
    can_handle = can_handle_objection(request.user, objection) and objection.status == ObjectionStatus.OPEN
    scheme = objection.cycle.scheme
    decided = objection.status != ObjectionStatus.OPEN
    return render(
        request,
        "publicity/objection_detail.html",
        {
            "objection": objection,
            "notice": objection.notice,
            "scheme": scheme,
            "notes": objection.notes.select_related("author"),
            "evidence": objection.evidence.all(),
            "overdue": objection.is_overdue(),
            "can_handle": can_handle,
            "note_form": ObjectionNoteForm() if can_handle else None,
            "decide_form": ObjectionDecideForm() if can_handle else None,
            "needs_committee": investigation.needs_committee(objection),
            "report_form": ObjectionReportForm(initial={"text": objection.report}) if can_handle else None,
            "opinions": objection.opinions.select_related("member"),
            "missing": investigation.missing_before_decision(objection) if not decided else [],
            "can_record_silence": decided
            and bool(scheme.objection_confirmation_article)
            and can_handle_objection(request.user, objection)
            and not (objection.objector_answered_at or objection.silence_recorded_at),
        },
    )


@login_required
@require_POST
def objection_report(request, objection_id):
    objection = _handled_objection(request, objection_id)
    form = ObjectionReportForm(request.POST)
    if form.is_valid():
        try:
            investigation.objection_report_write(objection, by=request.user, text=form.cleaned_data["text"])
        except PublicityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report is recorded."))
    else:
        messages.error(request, _("Write the report."))
    return redirect("publicity:objection-detail", objection_id=objection.pk)


@login_required
def objection_opinion(request, objection_id):
    """A committee member reads an objection's investigation report and gives its written opinion."""
    objection = get_object_or_404(
        Objection.objects.select_related("cycle__scheme__authority", "notice__stage", "entry", "application"),
        pk=objection_id,
    )
    if not is_committee_member(request.user, objection.cycle.scheme.authority) or not objection.report:
        raise Http404
    mine = objection.opinions.filter(member=request.user).first()
    form = ObjectionOpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            investigation.objection_opinion_give(objection, by=request.user, text=form.cleaned_data["text"])
        except PublicityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your opinion is recorded."))
            return redirect("publicity:objection-opinion", objection_id=objection.pk)
    return render(
        request,
        "publicity/objection_opinion.html",
        {"objection": objection, "scheme": objection.cycle.scheme, "mine": mine, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def objection_silence(request, objection_id):
    objection = _handled_objection(request, objection_id)
    try:
        investigation.objection_record_silence(objection, by=request.user, note=request.POST.get("note", ""))
    except PublicityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The objector's silence is recorded."))
    return redirect("publicity:objection-detail", objection_id=objection.pk)


def _handled_objection(request, objection_id):
    objection = get_objection_for_user(request.user, objection_id)
    if not can_handle_objection(request.user, objection):
        raise Http404
    return objection


@login_required
@require_POST
def objection_note(request, objection_id):
    objection = get_objection_for_user(request.user, objection_id, handle=True)
    form = ObjectionNoteForm(request.POST)
    if form.is_valid():
        try:
            objections.objection_add_note(objection, by=request.user, text=form.cleaned_data["text"])
        except PublicityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The note is recorded."))
    else:
        messages.error(request, _("Write the note."))
    return redirect("publicity:objection-detail", objection_id=objection.pk)


@login_required
@require_POST
def objection_decide(request, objection_id):
    objection = get_objection_for_user(request.user, objection_id, handle=True)
    form = ObjectionDecideForm(request.POST)
    if form.is_valid():
        try:
            objections.objection_decide(
                objection, by=request.user, finding=form.cleaned_data["finding"], answer=form.cleaned_data["answer"]
            )
        except PublicityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The finding is recorded and the objector answered."))
    else:
        messages.error(request, _("Choose the finding and write the answer."))
    return redirect("publicity:objection-detail", objection_id=objection.pk)


@login_required
def objection_document(request, objection_id, which):
    """The objector's identity document, sealed letter or evidence: staff of the authority only."""
    objection = get_objection_for_user(request.user, objection_id, handle=True)
    if which == "identity":
        field = objection.identity_document
    elif which == "letter":
        field = objection.sealed_letter
    else:
        evidence = get_object_or_404(objection.evidence, pk=which)
        return protected_file_response(
            request, evidence.file, filename=evidence.original_name, content_type=evidence.content_type
        )
    if not field:
        raise Http404
    return protected_file_response(request, field, filename=field.name.rsplit("/", 1)[-1])
