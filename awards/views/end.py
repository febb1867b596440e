"""The end of a cycle: the consultation of the member units, the government's approval, the
announcement with its certificates, the public results, and each applicant's outcome."""

import tempfile
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.enums import ApplicationStatus
from common.files import protected_file_response
from common.pagination import paginate
from cycles.enums import StageKind, StageStatus
from cycles.models import Cycle, Tier
from cycles.permissions import get_cycle_for_office, get_cycle_for_user
from register.models import AwardRecord, CertificateBatch
from reviews.selectors import commended_entries

from .. import selectors
from ..forms import ApprovalForm, CyclePrizeForm, OpinionForm, UnitForm
from ..models import ApprovalLine, ConsultationOpinion, CyclePrize, GovernmentApproval
from ..permissions import get_application_for_outcome
from ..services import announcement, approval, consultation

# Up to this size the archive of a cycle's certificates is built in memory, beyond it on disk.
ARCHIVE_IN_MEMORY = 16 * 1024 * 1024


@login_required
def consultation_page(request, cycle_id):
    """随州 第二十三条: the member units consulted, what each answered, who has not answered yet."""
    cycle, can_manage = get_cycle_for_office(request.user, cycle_id)
    current = selectors.consultation_of(cycle)
    return render(
        request,
        "awards/consultation.html",
        {
            "cycle": cycle,
            "consultation": current,
            "opinions": current.opinions.select_related("unit", "recorded_by") if current else [],
            "proposed": selectors.proposed_winners(cycle),
            "can_manage": can_manage and current is not None and current.stage.status == StageStatus.CURRENT,
            "unit_form": UnitForm(),
            "opinion_form": OpinionForm(),
        },
    )


@login_required
@require_POST
def consultation_unit(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    current = selectors.consultation_of(cycle)
    if current is None:
        raise Http404
    form = UnitForm(request.POST)
    if form.is_valid():
        consultation.consultation_add_unit(current, by=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("The member unit is consulted."))
    return redirect("awards:consultation", cycle_id=cycle.pk)


@login_required
@require_POST
def opinion(request, cycle_id, opinion_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    item = get_object_or_404(ConsultationOpinion, pk=opinion_id, consultation__cycle=cycle)
    form = OpinionForm(request.POST)
    if form.is_valid():
        consultation.opinion_record(
            item, by=request.user, answer=form.cleaned_data["answer"], reasons=form.cleaned_data["reasons"]
        )
        messages.success(request, _("The opinion is recorded."))
    else:
        messages.error(request, _("Choose the opinion."))
    return redirect("awards:consultation", cycle_id=cycle.pk)


@login_required
def approval_page(request, cycle_id):
    """The government's decision: staff record it while the cycle awaits it; supervisors read it."""
    cycle, can_manage = get_cycle_for_office(request.user, cycle_id)
    recorded = selectors.approval_of(cycle)
    proposed = list(selectors.proposed_winners(cycle)) if recorded is None else []
    stage = cycle.stages.filter(kind=StageKind.GOVERNMENT_APPROVAL).first()
    awaiting = stage is not None and stage.status == StageStatus.CURRENT
    form = ApprovalForm(request.POST or None, request.FILES or None, lines=proposed)
    if request.method == "POST":
        if not (can_manage and awaiting):
            raise Http404
        if form.is_valid():
            approval.approval_record(
                cycle,
                by=request.user,
                issuing_body=form.cleaned_data["issuing_body"],
                document_number=form.cleaned_data["document_number"],
                decided_on=form.cleaned_data["decided_on"],
                uploaded=form.cleaned_data["file"],
                struck=form.struck(),
            )
            messages.success(request, _("The government's decision is recorded."))
            return redirect("awards:approval", cycle_id=cycle.pk)
    per_cycle = [tier for tier in cycle.scheme.tiers.order_by("rank") if tier.prize_set_per_cycle]
    prizes = {prize.tier_id: prize for prize in CyclePrize.objects.filter(cycle=cycle)}
    return render(
        request,
        "awards/approval.html",
        {
            "cycle": cycle,
            "stage": stage,
            "approval": recorded,
            "lines": ApprovalLine.objects.filter(approval=recorded).select_related("application", "tier")
            if recorded
            else [],
            "proposed": proposed,
            "form": form,
            "can_manage": can_manage and awaiting,
            "prize_tiers": [(tier, prizes.get(tier.pk)) for tier in per_cycle],
            "prize_form": CyclePrizeForm(),
            "can_set_prize": can_manage and not (recorded and recorded.announced_at),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def prize_set(request, cycle_id, tier_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    tier = get_object_or_404(Tier, pk=tier_id, scheme=cycle.scheme)
    form = CyclePrizeForm(request.POST)
    if form.is_valid():
        announcement.cycle_prize_set(cycle, tier, by=request.user, amount=form.cleaned_data["amount"])
        messages.success(request, _("The prize is set."))
    else:
        messages.error(request, _("A prize is an amount of money, zero or more."))
    return redirect("awards:approval", cycle_id=cycle.pk)


@login_required
def announcement_page(request, cycle_id):
    """The announced winners with their prizes and certificates; staff issue the certificates."""
    cycle, can_manage = get_cycle_for_office(request.user, cycle_id)
    records = list(
        AwardRecord.objects.filter(cycle=cycle)
        .select_related("tier", "certificate")
        .order_by("tier__rank", "holder_name")
    )
    return render(
        request,
        "awards/announcement.html",
        {
            "cycle": cycle,
            "approval": selectors.approval_of(cycle),
            "records": records,
            "batch": CertificateBatch.objects.filter(cycle=cycle).first(),
            "missing": selectors.records_without_certificate(cycle),
            "commended": commended_entries(cycle),
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def certificates_issue(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    announcement.certificates_request(cycle, by=request.user)
    messages.success(request, _("The certificates are being issued."))
    return redirect("awards:announcement", cycle_id=cycle.pk)


@login_required
def certificates_progress(request, cycle_id):
    """The progress of the latest issue of certificates (polled by the page while it runs)."""
    cycle, _can_manage = get_cycle_for_office(request.user, cycle_id)
    batch = CertificateBatch.objects.filter(cycle=cycle).first()
    return render(request, "awards/_certificates_progress.html", {"cycle": cycle, "batch": batch})


@login_required
def certificates_archive(request, cycle_id):
    """Every certificate of the cycle in one .zip, each with its holder's name and number."""
    cycle, _can_manage = get_cycle_for_office(request.user, cycle_id)
    records = AwardRecord.objects.filter(cycle=cycle, certificate__isnull=False).select_related("certificate")
    # Written to a temporary file (in memory while small) record by record, then streamed.
    archive_file = tempfile.SpooledTemporaryFile(max_size=ARCHIVE_IN_MEMORY)  # noqa: SIM115 -- the response closes it
    with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records.order_by("pk").iterator(chunk_size=200):
            with record.certificate.file.open("rb") as handle:
                archive.writestr(f"{record.holder_name}-{record.certificate.code}.pdf", handle.read())
    archive_file.seek(0)
    response = FileResponse(archive_file, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{cycle.pk}.zip"'
    response["Cache-Control"] = "no-store, private"
    return response


def public_results(request, cycle_id):
    """The announced results of a cycle, for anyone: nothing before the announcement."""
    cycle = get_object_or_404(Cycle.objects.select_related("scheme__authority"), pk=cycle_id)
    recorded = GovernmentApproval.objects.filter(cycle=cycle, announced_at__isnull=False).first()
    if recorded is None:
        raise Http404
    return render(
        request,
        "awards/public_results.html",
        {
            "cycle": cycle,
            "approval": recorded,
            "records": paginate(
                request,
                AwardRecord.objects.filter(cycle=cycle)
                .select_related("tier")
                .order_by("tier__rank", "holder_name", "pk"),
            ),
            "commended": commended_entries(cycle) if cycle.scheme.commend_onsite_article else [],
        },
    )


@login_required
def outcome(request, application_id):
    """An applicant's outcome and its feedback report, once the winners are announced (before
    that, only the office sees it)."""
    application, office = get_application_for_outcome(request.user, application_id)
    announced = GovernmentApproval.objects.filter(cycle=application.cycle, announced_at__isnull=False).exists()
    decided = application.status in (ApplicationStatus.ELIMINATED, ApplicationStatus.REFUSED)
    if not (office or announced or decided):
        raise Http404
    return render(
        request,
        "awards/outcome.html",
        {
            "application": application,
            "record": AwardRecord.objects.filter(approval_line__application=application)
            .select_related("tier", "certificate")
            .first(),
            "rounds": selectors.feedback_report(application),
            "announced": announced,
        },
    )


@login_required
def outcome_certificate(request, application_id):
    """The holder's own certificate, for its applicant (and the office)."""
    application, _office = get_application_for_outcome(request.user, application_id)
    record = get_object_or_404(
        AwardRecord.objects.select_related("certificate"), approval_line__application=application
    )
    certificate = getattr(record, "certificate", None)
    if certificate is None:
        raise Http404
    return protected_file_response(
        request,
        certificate.file,
        filename=f"{record.holder_name}-{certificate.code}.pdf",
        content_type="application/pdf",
    )
