from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from applications.permissions import Access
from applications.selectors import dossier_for_display
from common.pagination import paginate
from cycles.enums import REVIEW_STAGES, StageStatus
from cycles.models import CycleStage
from cycles.permissions import can_manage_cycle, get_cycle_for_user

from . import exports, selectors
from .enums import EntryDecision, SheetStatus
from .errors import ReviewError
from .forms import (
    ConfirmForm,
    ConsensusForm,
    DecisionForm,
    DeclarationForm,
    DrawAllForm,
    DrawForm,
    MarginForm,
    ProfileForm,
    ReasonForm,
    RelationForm,
    ReportForm,
    ScoreSheetForm,
)
from .models import GroupReport, PendingProfileChange, ReviewerProfile, ReviewerRelation, RoundEntry, ScoreSheet
from .permissions import (
    can_manage_pool,
    get_consensus_entry,
    get_declared_entry,
    get_entry_for_staff,
    get_group_for_user,
    get_member_entry,
    get_own_pool,
    get_pool_for_user,
    get_profile_for_user,
    get_report_entry_for_applicant,
    get_round_for_staff,
    get_round_for_user,
    get_sheet_for_leader,
    is_leader,
)
from .services import consensus, declarations, groups, pool, rounds, sheets, shortlist

HELD = gettext_lazy(
    "A round of this authority is drawing its review groups: changes of employer and of relations "
    "are held until it ends, then applied."
)

# The expert pool -----------------------------------------------------------------------------


@login_required
def pool_detail(request, authority_id):
    """Staff keep the pool; supervisors read it."""
    authority, can_manage = get_pool_for_user(request.user, authority_id, manage=request.method == "POST")
    if request.method == "POST":
        created = pool.pool_sync(authority, by=request.user)
        messages.success(request, _("%(count)s reviewers added to the pool.") % {"count": len(created)})
        return redirect("reviews:pool", authority_id=authority.pk)
    profiles = (
        ReviewerProfile.objects.filter(authority=authority)
        .select_related("user")
        .prefetch_related("relations", "pending_changes")
    )
    return render(
        request, "reviews/pool.html", {"authority": authority, "profiles": profiles, "can_manage": can_manage}
    )


@login_required
def profile_edit(request, profile_id):
    profile = get_profile_for_user(request.user, profile_id)
    form = ProfileForm(request.POST or None, instance=ReviewerProfile.objects.get(pk=profile.pk))
    if request.method == "POST" and form.is_valid():
        try:
            saved = pool.profile_update(profile, by=request.user, **form.cleaned_data)
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Profile saved."))
            if saved.pending_changes.exists():
                messages.warning(request, HELD)
            return redirect("reviews:profile", profile_id=profile.pk)
    return render(
        request,
        "reviews/profile.html",
        {
            "profile": profile,
            "form": form,
            "relation_form": RelationForm(),
            "relations": profile.relations.all(),
            "pending": profile.pending_changes.select_related("requested_by"),
            "drawing": pool.drawing_round(profile.authority),
            "is_staff_view": can_manage_pool(request.user, profile.authority),
        },
    )


@login_required
def my_profile(request, authority_id):
    """A reviewer's own profile in a pool it belongs to; one not created yet is created on request."""
    authority = get_own_pool(request.user, authority_id)
    if request.method == "POST":
        pool.profile_join(authority, by=request.user)
    profile = ReviewerProfile.objects.filter(user=request.user, authority=authority).first()
    if profile is None:
        return render(request, "reviews/profile_missing.html", {"authority": authority})
    return redirect("reviews:profile", profile_id=profile.pk)


@login_required
@require_POST
def profile_active(request, profile_id):
    profile = get_profile_for_user(request.user, profile_id, manage=True)
    pool.profile_set_active(profile, by=request.user, active=request.POST.get("active") == "1")
    messages.success(request, _("Saved."))
    return redirect("reviews:profile", profile_id=profile.pk)


@login_required
@require_POST
def relation_add(request, profile_id):
    profile = get_profile_for_user(request.user, profile_id)
    form = RelationForm(request.POST)
    if form.is_valid():
        try:
            declared = pool.relation_add(profile, by=request.user, **form.cleaned_data)
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            if isinstance(declared, PendingProfileChange):
                messages.warning(request, HELD)
            else:
                messages.success(request, _("Relation declared."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("reviews:profile", profile_id=profile.pk)


@login_required
@require_POST
def relation_remove(request, relation_id):
    relation = get_object_or_404(ReviewerRelation.objects.select_related("profile__authority"), pk=relation_id)
    profile = get_profile_for_user(request.user, relation.profile_id)
    if pool.relation_remove(relation, by=request.user) is not None:
        messages.warning(request, HELD)
    else:
        messages.success(request, _("Relation removed."))
    return redirect("reviews:profile", profile_id=profile.pk)


# Rounds, for staff ---------------------------------------------------------------------------


@login_required
def cycle_rounds(request, cycle_id):
    """The review rounds of a cycle: staff start them, supervisors read."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    stages = list(
        CycleStage.objects.filter(cycle=cycle, kind__in=sorted(REVIEW_STAGES))
        .select_related("review_round")
        .order_by("order")
    )
    return render(
        request,
        "reviews/cycle.html",
        {
            "cycle": cycle,
            "stages": stages,
            "commended": selectors.commended_entries(cycle),
            "StageStatus": StageStatus,
            "can_manage": can_manage_cycle(request.user, cycle),
        },
    )


@login_required
def round_detail(request, round_id):
    """Staff draw groups and decide who goes on; supervisors read the same page without forms.

    The ranking is shown a page at a time, numbered and counted by the database; the batch form
    offers the free applications of the page shown."""
    round_, can_manage = get_round_for_user(request.user, round_id, manage=request.method == "POST")
    scheme = round_.cycle.scheme
    low, high = groups.group_size_bounds(scheme)
    free = RoundEntry.objects.filter(round=round_, group__isnull=True, decision=EntryDecision.PENDING).select_related(
        "application"
    )
    page = paginate(request, selectors.round_ranking(round_))
    shown = [entry for entry in page if entry.group_id is None and entry.decision == EntryDecision.PENDING]
    rule = groups.group_size_rule(scheme)
    form = DrawForm(request.POST or None, entries=free, low=low, high=high, rule=rule, shown=shown)
    if request.method == "POST" and form.is_valid():
        try:
            group = groups.group_draw(
                round_, by=request.user, entries=list(form.cleaned_data["entries"]), size=form.cleaned_data["size"]
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(group)s drawn.") % {"group": group})
            return redirect("reviews:group", group_id=group.pk)
    return render(
        request,
        "reviews/round.html",
        {
            "round": round_,
            "scheme": scheme,
            "form": form,
            "draw_all_form": DrawAllForm(low=low, high=high, rule=rule),
            "has_free": free.exists(),
            "page": page,
            "ranking": page.object_list,
            "open": rounds.round_is_open(round_),
            "decision_form": DecisionForm(),
            "margin_form": MarginForm(initial={"margin": round_.consensus_margin}),
            "low": low,
            "high": high,
            "size_rule": rule,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def round_draw_all(request, round_id):
    """A review group for each application of the round that has none."""
    round_ = get_round_for_staff(request.user, round_id)
    low, high = groups.group_size_bounds(round_.cycle.scheme)
    form = DrawAllForm(request.POST, low=low, high=high, rule=groups.group_size_rule(round_.cycle.scheme))
    if not form.is_valid():
        messages.error(request, groups.group_size_rule(round_.cycle.scheme))
        return redirect("reviews:round", round_id=round_.pk)
    try:
        drawn = groups.groups_draw_all(round_, by=request.user, size=form.cleaned_data["size"])
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)s review groups drawn.") % {"count": len(drawn)})
    return redirect("reviews:round", round_id=round_.pk)


@login_required
@require_POST
def round_margin(request, round_id):
    round_ = get_round_for_staff(request.user, round_id)
    form = MarginForm(request.POST)
    if form.is_valid():
        try:
            rounds.round_set_margin(round_, by=request.user, margin=form.cleaned_data["margin"])
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("The margin is a number of percentage points from 0 to 100."))
    return redirect("reviews:round", round_id=round_.pk)


@login_required
@require_POST
def entry_decide(request, entry_id):
    entry = get_entry_for_staff(request.user, entry_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the applicant goes on."))
    else:
        try:
            shortlist.entry_decide(
                entry, by=request.user, advance=form.cleaned_data["advance"], feedback=form.cleaned_data["feedback"]
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("reviews:round", round_id=entry.round_id)


@login_required
def group_detail(request, group_id):
    group, staff, supervisor = get_group_for_user(request.user, group_id)
    draws = list(group.draws.select_related("drawn_by").order_by("drawn_at", "pk"))
    verified = None
    if request.GET.get("verify"):
        verified = {record.pk: groups.draw_verify(record) for record in draws}
    # Members see whom a draw excluded, never why: a colleague's conflicts are for the office.
    shown = [
        (record, record.exclusions if staff or supervisor else [{"profile": e["profile"]} for e in record.exclusions])
        for record in draws
    ]
    return render(
        request,
        "reviews/group.html",
        {
            "group": group,
            "members": group.members.select_related("profile", "reviewer").order_by("pk"),
            "draws": shown,
            "verified": verified,
            "entries": group.entries.select_related("application"),
            "staff": staff,
            "supervisor": supervisor,
        },
    )


# Reviewers -----------------------------------------------------------------------------------


@login_required
def mine(request):
    return render(
        request,
        "reviews/mine.html",
        {
            "entries": paginate(request, selectors.member_entries(request.user)),
            "profiles": ReviewerProfile.objects.filter(user=request.user).select_related("authority"),
        },
    )


@login_required
def declare(request, entry_id):
    entry = get_member_entry(request.user, entry_id)
    existing = entry.declarations.filter(reviewer=request.user).first()
    if existing is not None:
        return redirect("reviews:score", entry_id=entry.pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declarations.declaration_make(
                entry,
                by=request.user,
                has_conflict=form.cleaned_data["has_conflict"],
                statement=form.cleaned_data["statement"],
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["has_conflict"]:
                messages.success(request, _("You have been withdrawn from this group; a replacement was drawn."))
                return redirect("reviews:mine")
            messages.success(request, _("Declaration recorded."))
            return redirect("reviews:score", entry_id=entry.pk)
    return render(request, "reviews/declare.html", {"entry": entry, "scheme": entry.round.cycle.scheme, "form": form})


@login_required
def dossier(request, entry_id):
    entry = get_declared_entry(request.user, entry_id)
    application = entry.application
    context = {
        "entry": entry,
        "application": application,
        "scheme": entry.round.cycle.scheme,
        "access": Access.FULL,
        "dossier": dossier_for_display(application, Access.FULL),
    }
    return render(request, "reviews/dossier.html", context)


@login_required
def score(request, entry_id):
    entry = get_declared_entry(request.user, entry_id)
    items = list(sheets.rubric_items(entry))
    sheet = ScoreSheet.objects.filter(entry=entry, reviewer=request.user).first()
    scores = {s.item_id: s for s in sheet.scores.all()} if sheet else {}
    submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    form = ScoreSheetForm(request.POST or None, items=items, scores=scores)
    sections = {section.item_id: section for section in entry.application.report_sections.all()}
    shown = form.points_shown()
    if request.method == "POST" and not submitted and form.is_valid():
        # A final submission is confirmed in the page; unconfirmed, the scores are kept as a draft.
        final = "submit" in request.POST and request.POST.get("confirm_final") == "1"
        try:
            sheets.sheet_save(entry, by=request.user, scores=form.scores(), submit=final)
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            if final:
                messages.success(request, _("Score sheet submitted."))
            elif "submit" in request.POST:
                messages.warning(
                    request, _("Your scores are saved as a draft. Tick the confirmation to submit them as final.")
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect("reviews:score", entry_id=entry.pk)
    return render(
        request,
        "reviews/score.html",
        {
            "entry": entry,
            "scheme": entry.round.cycle.scheme,
            "form": form,
            "rows": [(*row, sections.get(row[0].pk), shown[row[0].pk]) for row in form.rows()],
            "sheet_points": sum(points for points in shown.values() if points is not None),
            "rubric_points": sum(item.points for item in items),
            "submitted": submitted,
            "leads": is_leader(request.user, entry.group),
        },
    )


@login_required
def consensus_page(request, entry_id):
    entry, staff = get_consensus_entry(request.user, entry_id)
    leads = is_leader(request.user, entry.group)
    items = list(sheets.rubric_items(entry))
    members, rows = selectors.score_matrix(entry, items, entry.round.consensus_margin) if entry.group else ([], [])
    recorded = {c.item_id: c.percent for c in entry.consensus.all()}
    suggested = {row["item"].pk: recorded.get(row["item"].pk, _round5(row["mean"])) for row in rows}
    form = ConsensusForm(request.POST or None, items=items, initial_percents=suggested)
    if request.method == "POST" and leads and form.is_valid():
        try:
            consensus.consensus_record(entry, by=request.user, percents=form.percents())
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Consensus scores recorded."))
            return redirect("reviews:consensus", entry_id=entry.pk)
    report = GroupReport.objects.filter(entry=entry).first()
    statuses = selectors.sheet_status(entry)
    return render(
        request,
        "reviews/consensus.html",
        {
            "entry": entry,
            "members": [(m, statuses.get(m.reviewer_id)) for m in members],
            "rows": rows,
            "form": form,
            "consensus_rows": [(row, form.field_for(row["item"]), recorded.get(row["item"].pk)) for row in rows],
            "leads": leads,
            "staff": staff,
            "report": report,
            "report_form": ReportForm(initial={"text": report.text if report else ""}),
            "reason_form": ReasonForm(),
            "sheets": ScoreSheet.objects.filter(entry=entry, status=SheetStatus.SUBMITTED).select_related("reviewer"),
            "total": sum(c.points for c in entry.consensus.all()),
        },
    )


def _round5(value):
    return None if value is None else int(5 * round(value / 5))


@login_required
@require_POST
def sheet_reopen(request, sheet_id):
    sheet = get_sheet_for_leader(request.user, sheet_id)
    form = ReasonForm(request.POST)
    try:
        sheets.sheet_reopen(sheet, by=request.user, reason=form.data.get("reason", ""))
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Score sheet reopened."))
    return redirect("reviews:consensus", entry_id=sheet.entry_id)


@login_required
@require_POST
def report_write(request, entry_id):
    entry, _staff = get_consensus_entry(request.user, entry_id, lead=True)
    form = ReportForm(request.POST)
    try:
        consensus.report_write(entry, by=request.user, text=form.data.get("text", ""))
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Report saved."))
    return redirect("reviews:consensus", entry_id=entry.pk)


@login_required
def report_confirm(request, entry_id):
    """The applicant reads its report and confirms it, or comments (Qingyuan 四（三）)."""
    entry = get_report_entry_for_applicant(request.user, entry_id)
    report = get_object_or_404(GroupReport, entry=entry)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consensus.report_confirm(report, by=request.user, comment=form.cleaned_data["comment"])
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Report confirmed."))
            return redirect("reviews:report-confirm", entry_id=entry.pk)
    return render(request, "reviews/report_confirm.html", {"entry": entry, "report": report, "form": form})


# Exports -------------------------------------------------------------------------------------


def _export_entry(user, entry_id):
    """The exports show every member's scores: for whom the consensus page opens, staff of the
    authority and the group's leader once it declared no conflict with the application."""
    entry, _staff = get_consensus_entry(user, entry_id)
    return entry


@login_required
def export_xlsx(request, entry_id):
    entry = _export_entry(request.user, entry_id)
    return exports.entry_xlsx_response(entry)


@login_required
def export_pdf(request, entry_id):
    entry = _export_entry(request.user, entry_id)
    return exports.entry_pdf_response(entry)
