"""Reads of the comprehensive evaluation and the committee vote."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, Value, Window
from django.db.models.functions import Rank
from guardian.shortcuts import get_users_with_perms

from accounts.enums import AuthorityPermission
from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.enums import REVIEW_STAGES, StageKind
from cycles.models import Tier
from register.models import AwardRecord
from reviews.enums import SheetStatus
from reviews.models import ConsensusScore, GroupReport, ItemScore, RoundEntry
from reviews.selectors import consensus_totals, weighted_consensus_subquery

from .enums import ConsultationAnswer, Outcome, VoteStatus
from .models import CommitteeVote, Consultation, GovernmentApproval

WEIGHTED_KINDS = frozenset(REVIEW_STAGES | {StageKind.PUBLIC_EVALUATION})
SCORE = DecimalField(max_digits=12, decimal_places=4)


@dataclass(frozen=True)
class Weight:
    kind: str
    name: str
    article: str
    weight: int  # the scheme's percentage
    share: Decimal  # renormalised over the stages actually held, sums to 1
    skipped: bool


def evaluation_weights(cycle) -> list[Weight]:
    """The weight of each review round and of the public evaluation in the total.

    Weights are the scheme's ``StageDefinition.score_weight`` (%). A stage the cycle did not hold
    (``CycleStage.skipped``) drops out and the remaining weights are scaled to sum to 100%.
    """
    stages = [
        stage
        for stage in cycle.stages.select_related("definition").order_by("order")
        if stage.kind in WEIGHTED_KINDS and stage.definition.score_weight
    ]
    held = sum(stage.definition.score_weight for stage in stages if not stage.skipped)
    return [
        Weight(
            kind=stage.kind,
            name=stage.name,
            article=stage.article,
            weight=stage.definition.score_weight,
            share=Decimal(0) if stage.skipped or not held else Decimal(stage.definition.score_weight) / held,
            skipped=stage.skipped,
        )
        for stage in stages
    ]


def round_totals(cycle) -> dict[int, dict[str, Decimal]]:
    """Each round's consensus total per application."""
    return consensus_totals(cycle)


def rounds_score(cycle, shares: dict):
    """Σ share × consensus total over the review rounds in ``shares`` (kind -> share), for the
    application being ranked, as an expression of the ranking's query (NULL while one is missing)."""
    return weighted_consensus_subquery(cycle, shares)


def in_competition(cycle):
    return Application.objects.filter(cycle=cycle, status=ApplicationStatus.ACCEPTED)


def ranking(cycle, weights=None):
    """Applications in competition, one row per (application, tier it may win), ranked per tier by
    the database: ``total`` is Σ share × score over the held rounds (NULL while a score is
    missing, ranked last), ``place`` is the rank within the tier (ties share it). One set-based
    query, whatever the count: the review rounds' weighted scores are one subquery on the
    application's consensus scores, the place a window over the tier."""
    weights = evaluation_weights(cycle) if weights is None else weights
    held = [weight for weight in weights if not weight.skipped]
    shares = {weight.kind: weight.share for weight in held if weight.kind != StageKind.PUBLIC_EVALUATION}
    terms = [rounds_score(cycle, shares)] if shares else []
    terms += [
        ExpressionWrapper(F("public_evaluation__score") * Value(weight.share, output_field=SCORE), output_field=SCORE)
        for weight in held
        if weight.kind == StageKind.PUBLIC_EVALUATION
    ]
    total = Value(None, output_field=SCORE)
    if terms:
        total = terms[0]
        for term in terms[1:]:
            total = ExpressionWrapper(total + term, output_field=SCORE)
    return (
        in_competition(cycle)
        .annotate(
            tier_id=F("category__tiers__id"),
            tier_name=F("category__tiers__name"),
            tier_rank=F("category__tiers__rank"),
            total=total,
            public_score=F("public_evaluation__score"),
        )
        .annotate(
            place=Window(
                expression=Rank(),
                partition_by=[F("category__tiers__id")],
                order_by=F("total").desc(nulls_last=True),
            )
        )
        .select_related("category")
        .order_by("tier_rank", "tier_id", F("total").desc(nulls_last=True), "title")
    )


def ranking_by_tier(cycle, weights=None) -> list[tuple[str, list]]:
    return by_tier(ranking(cycle, weights))


def by_tier(rows) -> list[tuple[str, list]]:
    """Rows of the ranking (all or a page of it) grouped by tier, in the ranking's order."""
    groups: dict[int, tuple[str, list]] = {}
    for row in rows:
        groups.setdefault(row.tier_id, (row.tier_name, []))[1].append(row)
    return list(groups.values())


def committee_members(authority):
    """Users who sit on the authority's committee (guardian perm, not inherited from groups)."""
    return (
        get_users_with_perms(
            authority, only_with_perms_in=[AuthorityPermission.COMMITTEE.split(".")[1]], with_group_users=False
        )
        .filter(is_active=True)
        .order_by("display_name", "username")
    )


def open_votes_for_member(user):
    return (
        CommitteeVote.objects.filter(status=VoteStatus.OPEN, members=user)
        .exclude(participations__member=user)
        .select_related("cycle__scheme", "tier")
        .order_by("closes_on", "pk")
    )


def vote_tally(vote):
    """The tally lines; in a vote for every tier, by the tier placed in (the highest first)."""
    return list(
        vote.lines.select_related("application", "tier").order_by(
            F("tier__rank").asc(nulls_last=True), "-votes_for", "application__title"
        )
    )


# Secret votes: a line's counts are shown only when every choice holds at most the ballots cast
# less this many (see tally_disclosure).
DISSENT_MARGIN = 2


def counts_disclosed(vote, line) -> bool:
    """Whether the counts of ``line`` may be shown without revealing how an identifiable member voted.

    An open vote names its voters anyway: always. In a secret vote the readers of the tally (staff
    and supervisors) know who voted, since participation decides the quorum, and anyone may also
    know one member's vote (the member itself, or whom it told). A line tells how a member voted
    when one choice holds all its ballots (one voter, or a unanimous group: everyone's vote is
    known) or all but one (whoever knows the odd vote knows all the others). So the counts are
    shown only when each choice holds at most the ballots cast less two, which needs at least three
    ballots. The rule reads only the line, never other lines, so withholding one line leaks nothing
    about another; a withheld line says that one choice holds all or all but one of the ballots,
    and the outcome says which, never who. The outcome itself (elected or not) is always shown: it
    is the committee's decision. With very few ballots it may by itself tell the votes (two voters
    and a majority above one half): a secret ballot of so few cannot be secret.
    """
    if not vote.secret:
        return True
    counts = (line.votes_for, line.votes_against, line.votes_abstain)
    return max(counts) <= sum(counts) - DISSENT_MARGIN


def round_reports(application) -> list:
    """The review groups' reports on ``application``, in the order of the rounds."""
    return list(
        GroupReport.objects.filter(entry__application=application)
        .select_related("entry__round__stage")
        .order_by("entry__round__stage__order")
    )


def proposed_winners(cycle):
    """The committee's proposed winners of ``cycle``, by tier and in the order of its result, each
    with the award it is proposed for (``notice_award``): what the final notice lists."""
    return (
        Application.objects.filter(
            cycle=cycle,
            status=ApplicationStatus.CANDIDATE,
            vote_lines__outcome=Outcome.WINNER,
            vote_lines__vote__cycle=cycle,
        )
        .annotate(
            notice_award=F("vote_lines__vote__tier__name"),
            notice_tier_id=F("vote_lines__vote__tier_id"),
            award_rank=F("vote_lines__vote__tier__rank"),
            votes_for=F("vote_lines__votes_for"),
        )
        .order_by("award_rank", "-votes_for", "title", "pk")
    )


def open_votes(cycle):
    return CommitteeVote.objects.filter(cycle=cycle, status=VoteStatus.OPEN).select_related("tier")


def unsettled_ties(cycle):
    return CommitteeVote.objects.filter(cycle=cycle, lines__outcome=Outcome.TIE).distinct().select_related("tier")


def tiers_without_vote(cycle) -> list:
    """Tiers of ``cycle`` that have candidates but no committee vote yet (a vote that failed for
    want of its quorum does not count: the tier is to be voted on again)."""
    held = CommitteeVote.objects.filter(cycle=cycle, tier=OuterRef("pk")).exclude(status=VoteStatus.FAILED)
    return list(
        Tier.objects.filter(
            candidacies__application__cycle=cycle, candidacies__application__status=ApplicationStatus.CANDIDATE
        )
        .exclude(Exists(held))
        .distinct()
        .order_by("rank")
    )


def consultation_of(cycle):
    return Consultation.objects.filter(cycle=cycle).select_related("stage").first()


def unanswered_units(consultation):
    return consultation.opinions.filter(answer=ConsultationAnswer.PENDING).select_related("unit")


def approval_of(cycle):
    return GovernmentApproval.objects.filter(cycle=cycle).first()


def records_without_certificate(cycle) -> list:
    """Award records of ``cycle`` whose tier grants a certificate and that have none yet."""
    return list(
        AwardRecord.objects.filter(cycle=cycle, tier__grants_certificate=True, revoked_on__isnull=True)
        .filter(certificate__isnull=True)
        .order_by("tier__rank", "holder_name")
    )


@dataclass
class FeedbackItem:
    item: object
    percent: int | None
    strengths: list
    improvements: list


@dataclass
class FeedbackRound:
    entry: object
    total: Decimal | None
    report: str
    items: list


def feedback_report(application) -> list[FeedbackRound]:
    """For each round ``application`` reached, in order: its consensus total, the group's report,
    and per rubric item the consensus score with the strengths and opportunities for improvement
    the reviewers wrote (anonymous, each said once), as Baldrige and EFQM feedback reports do.
    Four queries, whatever the number of rounds and items."""
    entries = list(
        RoundEntry.objects.filter(application=application)
        .select_related("round__stage", "report")
        .order_by("round__stage__order")
    )
    consensus = {}
    for score in ConsensusScore.objects.filter(entry__in=entries).select_related("item__section"):
        consensus.setdefault(score.entry_id, {})[score.item_id] = score
    comments = {}
    for score in ItemScore.objects.filter(sheet__entry__in=entries, sheet__status=SheetStatus.SUBMITTED).select_related(
        "sheet"
    ):
        strengths, improvements = comments.setdefault((score.sheet.entry_id, score.item_id), ([], []))
        if score.strengths.strip() and score.strengths.strip() not in strengths:
            strengths.append(score.strengths.strip())
        if score.improvements.strip() and score.improvements.strip() not in improvements:
            improvements.append(score.improvements.strip())
    rounds = []
    for entry in entries:
        scores = consensus.get(entry.pk, {})
        items = [
            FeedbackItem(score.item, score.percent, *comments.get((entry.pk, item_id), ([], [])))
            for item_id, score in sorted(
                scores.items(), key=lambda pair: (pair[1].item.section.order, pair[1].item.order)
            )
        ]
        report = getattr(entry, "report", None)
        rounds.append(
            FeedbackRound(
                entry=entry,
                total=sum((score.points for score in scores.values()), Decimal(0)) if scores else None,
                report=report.text if report else "",
                items=items,
            )
        )
    return rounds
