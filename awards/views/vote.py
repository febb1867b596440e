from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_manage_authority
from applications.enums import ApplicationStatus
from applications.models import Application
from common.pagination import paginate
from cycles.enums import StageKind
from cycles.models import Tier
from cycles.permissions import get_cycle_for_user

from .. import selectors
from ..enums import Outcome, VoteStatus
from ..errors import AwardError
from ..forms import BallotForm, ProposalForm, PublicScoresForm, TieForm, VoteFailForm, VoteOpenForm, WithdrawalForm
from ..models import Candidacy, CommitteeVote, VoteParticipation
from ..permissions import (
    can_cast,
    can_manage_vote,
    get_vote_for_candidate_page,
    get_vote_for_member,
    get_vote_for_user,
)
from ..services import evaluation, votes


def _evaluation_context(request, cycle):
    """The ranking is shown a page at a time; staff's forms cover every application in competition
    (a proposal decides on all of them), so for staff the whole ranking is read once and paged in
    memory, for readers only the page is read."""
    weights = selectors.evaluation_weights(cycle)
    can_manage = can_manage_authority(request.user, cycle.scheme.authority)
    rows = selectors.ranking(cycle, weights)
    if can_manage:
        rows = list(rows)
    page = paginate(request, rows)
    applications, tiers_of = {}, {}
    for row in rows if can_manage else ():
        applications.setdefault(row.pk, row)
        tiers_of.setdefault(row.pk, []).append((row.tier_id, row.tier_name))
    public_stage = cycle.stages.filter(kind=StageKind.PUBLIC_EVALUATION, skipped=False).first()
    return {
        "cycle": cycle,
        "weights": weights,
        "skipped_weights": any(w.skipped for w in weights),
        "groups": selectors.by_tier(page),
        "page": page,
        "applications": list(applications.values()),
        "tiers_of": tiers_of,
        "public_stage": public_stage,
        "can_manage": can_manage,
        "candidacies": Candidacy.objects.filter(application__cycle=cycle)
        .select_related("application", "tier")
        .order_by("tier__rank", "rank"),
        "article": cycle.stages.filter(kind=StageKind.COMPREHENSIVE_EVALUATION)
        .values_list("article", flat=True)
        .first()
        or "",
        "ranked_list_article": cycle.scheme.committee_ranked_list_article,
        "single_vote_article": cycle.scheme.committee_single_vote_article,
    }


@login_required
def evaluation_page(request, cycle_id):
    """Comprehensive evaluation: weights with their articles, the ranking per tier, the proposal."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    context = _evaluation_context(request, cycle)
    context["scores_form"] = PublicScoresForm(applications=context["applications"])
    context["proposal_form"] = ProposalForm(applications=context["applications"], tiers_of=context["tiers_of"])
    return render(request, "awards/evaluation.html", context)


@login_required
@require_POST
def public_scores(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    context = _evaluation_context(request, cycle)
    form = PublicScoresForm(request.POST, applications=context["applications"])
    if form.is_valid():
        try:
            for application, score in form.scores().items():
                evaluation.public_score_set(application, by=request.user, score=score)
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Public evaluation scores saved."))
            return redirect("awards:evaluation", cycle_id=cycle.pk)
    else:
        messages.error(request, _("Correct the scores below."))
    context["scores_form"] = form
    context["proposal_form"] = ProposalForm(applications=context["applications"], tiers_of=context["tiers_of"])
    return render(request, "awards/evaluation.html", context, status=400)


@login_required
@require_POST
def propose(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    context = _evaluation_context(request, cycle)
    form = ProposalForm(request.POST, applications=context["applications"], tiers_of=context["tiers_of"])
    if form.is_valid():
        try:
            candidacies = evaluation.candidates_propose(
                cycle, by=request.user, proposals=form.proposals(), feedback=form.cleaned_data["feedback"]
            )
        except AwardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(count)s candidates proposed.") % {"count": len(candidacies)})
            return redirect("awards:votes", cycle_id=cycle.pk)
    context["scores_form"] = PublicScoresForm(applications=context["applications"])
    context["proposal_form"] = form
    return render(request, "awards/evaluation.html", context, status=400)


@login_required
@require_POST
def propose_ranked(request, cycle_id):
    """Qingyuan 四(四): the whole ranked list goes to the committee, in the order of the total score."""
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    try:
        candidacies = evaluation.candidates_propose_ranked(cycle, by=request.user)
    except AwardError as error:
        messages.error(request, str(error))
        return redirect("awards:evaluation", cycle_id=cycle.pk)
    messages.success(request, _("%(count)s candidates proposed.") % {"count": len(candidacies)})
    return redirect("awards:votes", cycle_id=cycle.pk)


@login_required
@require_POST
def vote_open_single(request, cycle_id):
    """Qinzhou 第十九条: one vote on every applicant still in competition, for every tier."""
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect("awards:votes", cycle_id=cycle.pk)
    try:
        vote = votes.vote_open_single(cycle, by=request.user, closes_on=form.cleaned_data["closes_on"])
    except AwardError as error:
        messages.error(request, str(error))
        return redirect("awards:votes", cycle_id=cycle.pk)
    messages.success(request, _("The vote is open."))
    return redirect("awards:result", vote_id=vote.pk)


@login_required
def vote_preparation(request, cycle_id):
    """Per tier: the candidates, the committee members, and the vote (open it, close it, its result)."""
    cycle = get_cycle_for_user(request.user, cycle_id)
    tiers = list(cycle.scheme.tiers.order_by("rank"))
    candidacies = (
        Candidacy.objects.filter(application__cycle=cycle, application__status=ApplicationStatus.CANDIDATE)
        .select_related("application")
        .order_by("rank", "application__title")
    )
    held = list(CommitteeVote.objects.filter(cycle=cycle).order_by("opened_at", "pk"))
    by_tier = [
        {
            "tier": tier,
            "candidates": [c for c in candidacies if c.tier_id == tier.pk],
            # The tier's vote; those that failed for want of a quorum are listed before it.
            "vote": next((v for v in held if v.tier_id == tier.pk and v.status != VoteStatus.FAILED), None),
            "failed": [v for v in held if v.tier_id == tier.pk and v.status == VoteStatus.FAILED],
        }
        for tier in tiers
    ]
    return render(
        request,
        "awards/vote_preparation.html",
        {
            "cycle": cycle,
            "scheme": cycle.scheme,
            "tiers": by_tier,
            "members": list(selectors.committee_members(cycle.scheme.authority)),
            "can_manage": can_manage_authority(request.user, cycle.scheme.authority),
            "open_form": VoteOpenForm(),
            "single_vote": next((v for v in held if v.all_tiers and v.status != VoteStatus.FAILED), None),
            "in_competition": paginate(request, selectors.in_competition(cycle).order_by("title", "pk"))
            if cycle.scheme.committee_single_vote_article
            else [],
        },
    )


@login_required
@require_POST
def vote_open(request, cycle_id, tier_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    tier = get_object_or_404(Tier, pk=tier_id, scheme=cycle.scheme)
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect("awards:votes", cycle_id=cycle.pk)
    try:
        vote = votes.vote_open(cycle, tier, by=request.user, closes_on=form.cleaned_data["closes_on"])
    except AwardError as error:
        messages.error(request, str(error))
        return redirect("awards:votes", cycle_id=cycle.pk)
    messages.success(request, _("The vote on %(tier)s is open.") % {"tier": tier.name})
    return redirect("awards:result", vote_id=vote.pk)


@login_required
def vote_result(request, vote_id):
    """The vote as staff and supervisors see it: who has voted (never how, in a secret ballot),
    whether the quorum is reached, and, once closed, the tally (each line's counts only where they
    reveal no member's vote, ``selectors.counts_disclosed``), the quota check and any tie to settle.
    A vote that failed shows why, and no tally: none was counted."""
    vote = get_vote_for_user(request.user, vote_id)
    closed = vote.status == VoteStatus.CLOSED
    lines = selectors.vote_tally(vote) if closed else []
    tied = [line for line in lines if line.outcome == Outcome.TIE]
    members = list(vote.members.order_by("display_name", "username"))
    voted = set(vote.participations.values_list("member_id", flat=True))
    tiers = votes.vote_tiers(vote)
    winners_in_quota = sum(
        1
        for line in lines
        if line.outcome == Outcome.WINNER and line.counts_toward_quota and line.tier_id == vote.tier_id
    )
    by_tier = [
        {
            "tier": tier,
            "winners": sum(
                1
                for line in lines
                if line.outcome == Outcome.WINNER and line.counts_toward_quota and line.tier_id == tier.pk
            ),
        }
        for tier in tiers
    ]
    can_manage = can_manage_vote(request.user, vote)
    quorum = votes.quorum_reached(vote, cast=len(voted), members=len(members))
    rows = [(line, selectors.counts_disclosed(vote, line)) for line in lines]
    return render(
        request,
        "awards/vote_result.html",
        {
            "vote": vote,
            "tier": vote.tier,
            "closed": closed,
            "failed": vote.status == VoteStatus.FAILED,
            "rows": rows,
            "withheld": any(not shown for _line, shown in rows),
            "tied": tied,
            "members": [(member, member.pk in voted) for member in members],
            "cast": len(voted),
            "quorum": quorum,
            "winners_in_quota": winners_in_quota,
            "vacant": max(vote.tier.quota - winners_in_quota, 0) if closed and not tied and not vote.all_tiers else 0,
            "by_tier": by_tier,
            "withdrawals": vote.withdrawals.select_related("member", "application"),
            "can_manage": can_manage,
            "tie_form": TieForm(tied=tied) if tied else None,
            "fail_form": VoteFailForm() if can_manage and vote.is_open and not quorum else None,
            "open_ballots": [] if vote.secret or not closed else vote.ballots.select_related("voter", "application"),
        },
    )


@login_required
@require_POST
def vote_close(request, vote_id):
    vote = get_vote_for_user(request.user, vote_id, manage=True)
    try:
        votes.vote_close(vote, by=request.user)
    except AwardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is closed and counted."))
    return redirect("awards:result", vote_id=vote.pk)


@login_required
@require_POST
def vote_fail(request, vote_id):
    vote = get_vote_for_user(request.user, vote_id, manage=True)
    form = VoteFailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason why the vote failed."))
        return redirect("awards:result", vote_id=vote.pk)
    try:
        votes.vote_fail(vote, by=request.user, reason=form.cleaned_data["reason"])
    except AwardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is recorded as failed; the tier may be voted on again."))
    return redirect("awards:result", vote_id=vote.pk)


@login_required
@require_POST
def ties_settle(request, vote_id):
    vote = get_vote_for_user(request.user, vote_id, manage=True)
    tied = list(vote.lines.filter(outcome=Outcome.TIE).select_related("application"))
    form = TieForm(request.POST, tied=tied)
    if form.is_valid():
        try:
            votes.ties_settle(
                vote, by=request.user, chosen=form.cleaned_data["chosen"], reason=form.cleaned_data["reason"]
            )
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The tie is settled."))
    else:
        messages.error(request, _("Give the reason for the decision."))
    return redirect("awards:result", vote_id=vote.pk)


@login_required
def my_votes(request):
    page = paginate(
        request,
        CommitteeVote.objects.filter(members=request.user)
        .select_related("cycle__scheme", "tier")
        .annotate(has_voted=Exists(VoteParticipation.objects.filter(vote=OuterRef("pk"), member=request.user)))
        .order_by("-opened_at", "-pk"),
    )
    return render(request, "awards/my_votes.html", {"votes": [(vote, vote.has_voted) for vote in page], "page": page})


@login_required
def ballot(request, vote_id):
    """A committee member's ballot: for, against or abstain on each candidate, at most the places in favour."""
    vote = get_vote_for_member(request.user, vote_id)
    candidates = list(
        vote.candidates.select_related("candidacy", "category", "organisation")
        .prefetch_related("category__tiers", "team_members")
        .order_by("candidacy__rank", "title")
    )
    tiers_of = (
        {c.pk: sorted(c.category.tiers.all(), key=lambda t: t.rank) for c in candidates} if vote.all_tiers else None
    )
    withdrawn = votes.withdrawn_candidates(vote, request.user)
    places_by_tier = [(tier, votes.places_for(vote, tier, candidates=candidates)) for tier in votes.vote_tiers(vote)]
    form = BallotForm(request.POST or None, candidates=candidates, tiers_of=tiers_of, withdrawn=withdrawn)
    if request.method == "POST":
        if not can_cast(request.user, vote):
            messages.error(request, _("You have already voted.") if vote.is_open else _("This vote is closed."))
            return redirect("awards:my-votes")
        if form.is_valid():
            try:
                votes.vote_cast(vote, by=request.user, choices=form.choices(), tiers=form.tier_choices())
            except AwardError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your ballot is recorded."))
                return redirect("awards:my-votes")
    return render(
        request,
        "awards/ballot.html",
        {
            "vote": vote,
            "form": form,
            "candidates": candidates,
            "places": places_by_tier[0][1],  # a vote on one tier: its places
            "places_by_tier": places_by_tier,
            "can_cast": can_cast(request.user, vote),
            "withdrawal_form": WithdrawalForm(candidates=[c for c in candidates if c.pk not in withdrawn]),
            "withdrawn": [c for c in candidates if c.pk in withdrawn],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def ballot_withdraw(request, vote_id):
    """A member declares an interest in a candidate before its ballot, and abstains on it."""
    vote = get_vote_for_member(request.user, vote_id)
    form = WithdrawalForm(request.POST, candidates=list(vote.candidates.all()))
    if form.is_valid():
        application = get_object_or_404(vote.candidates, pk=form.cleaned_data["application"])
        try:
            votes.vote_withdraw(
                vote, by=request.user, application=application, statement=form.cleaned_data["statement"]
            )
        except AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Your interest is recorded: your ballot on %(candidate)s is an abstention.")
                % {"candidate": application.title},
            )
    else:
        messages.error(request, _("Choose the candidate and say what your interest is."))
    return redirect("awards:ballot", vote_id=vote.pk)


@login_required
def candidate(request, vote_id, application_id):
    """A candidate as the committee sees it: total score and each round's score."""
    vote = get_vote_for_candidate_page(request.user, vote_id)
    application = get_object_or_404(
        Application.objects.select_related("category", "candidacy__tier"), pk=application_id, committee_votes=vote
    )
    totals = selectors.round_totals(vote.cycle).get(application.pk, {})
    weights = selectors.evaluation_weights(vote.cycle)
    rounds = [
        {"weight": weight, "score": totals.get(weight.kind) if weight.kind != StageKind.PUBLIC_EVALUATION else None}
        for weight in weights
    ]
    public = getattr(application, "public_evaluation", None)
    return render(
        request,
        "awards/candidate.html",
        {
            "vote": vote,
            "application": application,
            "rounds": rounds,
            "public": public,
            "reports": selectors.round_reports(application),
        },
    )
