"""The committee's vote: opening it per tier, ballots, closing and counting, settling a tie."""

import random

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.models import Application
from common.machines import check_move
from cycles.permissions import can_manage_cycle

from .. import selectors
from ..enums import VOTE_TRANSITIONS, BallotChoice, Outcome, VoteStatus
from ..errors import AwardError
from ..models import (
    Ballot,
    CommitteeVote,
    VoteLine,
    VoteParticipation,
)
from ..permissions import can_manage_vote
from ..prizes import is_repeat, prize_for


def vote_open(cycle, tier, *, by, closes_on=None) -> CommitteeVote:
    """Open the committee's vote on the candidates of ``tier``, with the scheme's ballot rules
    copied onto the vote, and tell each committee member of the authority."""
    scheme = cycle.scheme
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    if tier.scheme_id != scheme.pk:
        raise AwardError(_("That tier belongs to another award."))
    with transaction.atomic():
        candidates = list(
            Application.objects.select_for_update(of=("self",))
            .filter(cycle=cycle, status=ApplicationStatus.CANDIDATE, candidacy__tier=tier)
            .order_by("title")
        )
        if not candidates:
            raise AwardError(_("This tier has no candidates to vote on."))
        members = list(selectors.committee_members(scheme.authority))
        if not members:
            raise AwardError(_("The authority has no committee members."))
        if CommitteeVote.objects.filter(cycle=cycle, tier=tier).exists():
            raise AwardError(_("A vote on this tier has already been held."))
        try:
            with transaction.atomic():
                vote = CommitteeVote.objects.create(
                    cycle=cycle,
                    tier=tier,
                    secret=scheme.committee_secret_ballot,
                    quorum_percent=scheme.committee_quorum_percent,
                    majority_percent=scheme.committee_majority_percent,
                    article=scheme.committee_article,
                    closes_on=closes_on,
                    opened_by=by,
                )
        except IntegrityError:
            raise AwardError(_("A vote on this tier has already been held.")) from None
        vote.members.set(members)
        vote.candidates.set(candidates)
        audit_record(
            actor=by,
            action="awards.vote_open",
            summary=_("Committee vote opened: %(vote)s") % {"vote": vote},
            target=vote,
            authority=scheme.authority,
            to_state=VoteStatus.OPEN,
            article=vote.article,
            data={"members": len(members), "candidates": [c.pk for c in candidates], "secret": vote.secret},
        )
        notify(
            recipients=members,
            subject=_("Committee vote: %(vote)s") % {"vote": vote},
            body=_("Please vote on the candidates for %(tier)s.") % {"tier": tier.name},
            url=reverse("awards:ballot", args=[vote.pk]),
        )
    return vote


def places_for(vote) -> int:
    """How many candidates a member may vote for: the quota, plus repeat winners that the scheme
    places outside it (e.g. Suizhou 第三十二条)."""
    outside = 0
    if not vote.tier.repeat_counts_toward_quota:
        outside = sum(1 for application in vote.candidates.all() if is_repeat(application, vote.tier))
    return vote.tier.quota + outside


def vote_cast(vote, *, by, choices: dict[int, str]) -> VoteParticipation:
    """Record ``by``'s ballot: one choice per candidate. Locks the vote so two submissions of the
    same member cannot both win (the unique participation is the second guard). In a secret vote
    the ballot rows carry no voter, no time, a random key, and are written in shuffled order."""
    with transaction.atomic():
        locked = (
            CommitteeVote.objects.select_for_update(of=("self",))
            .select_related("tier", "cycle__scheme")
            .get(pk=vote.pk)
        )
        if locked.status != VoteStatus.OPEN:
            raise AwardError(_("This vote is closed."))
        if not locked.members.filter(pk=by.pk).exists():
            raise AwardError(_("You are not a member of this vote."))
        if VoteParticipation.objects.filter(vote=locked, member=by).exists():
            raise AwardError(_("You have already voted."))
        candidate_ids = set(locked.candidates.values_list("pk", flat=True))
        if set(choices) != candidate_ids or any(c not in BallotChoice.values for c in choices.values()):
            raise AwardError(_("Give one choice for every candidate."))
        in_favour = sum(1 for c in choices.values() if c == BallotChoice.FOR)
        limit = places_for(locked)
        if in_favour > limit:
            raise AwardError(
                _("You may vote for at most %(count)s candidates (%(article)s).")
                % {"count": limit, "article": locked.tier.quota_article}
            )
        try:
            with transaction.atomic():
                participation = VoteParticipation.objects.create(vote=locked, member=by)
        except IntegrityError:
            raise AwardError(_("You have already voted.")) from None
        items = list(choices.items())
        random.SystemRandom().shuffle(items)
        Ballot.objects.bulk_create(
            [
                Ballot(vote=locked, application_id=application_id, choice=choice, voter=None if locked.secret else by)
                for application_id, choice in items
            ]
        )
        audit_record(
            actor=by,
            action="awards.vote_cast",
            summary=_("%(member)s voted in %(vote)s") % {"member": by.display_name or by.username, "vote": locked},
            target=locked,
            authority=locked.cycle.scheme.authority,
            article=locked.article,
        )
    return participation


def vote_set_status(vote: CommitteeVote, status: str, **values) -> CommitteeVote:
    """The one place a vote's status changes: checks ``VOTE_TRANSITIONS`` and saves the status and
    ``values``. The caller holds the row lock and writes the audit entry."""
    check_move(VOTE_TRANSITIONS, vote.status, status, choices=VoteStatus, error=AwardError)
    vote.status = status
    for name, value in values.items():
        setattr(vote, name, value)
    vote.save(update_fields=["status", *values])
    return vote


def vote_close(vote, *, by) -> CommitteeVote:
    """Close the vote and tally it: the quorum (members voting) and the majority (votes for, as a
    share of the ballots cast) are the vote's rules. Candidates with a majority are placed by votes
    for, within the tier's quota; repeat winners outside the quota take no place where the scheme
    says so. A tie across the last place is marked for the staff to settle, never broken here."""
    if not can_manage_vote(by, vote):
        raise AwardError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        locked = (
            CommitteeVote.objects.select_for_update(of=("self",))
            .select_related("tier__prize_after_tier", "cycle__scheme__authority")
            .get(pk=vote.pk)
        )
        if locked.status != VoteStatus.OPEN:
            raise AwardError(_("This vote is already closed."))
        members = locked.members.count()
        cast = locked.participations.count()
        vote_set_status(
            locked,
            VoteStatus.CLOSED,
            quorum_reached=cast * 100 >= locked.quorum_percent * members and cast > 0,
            closed_at=timezone.now(),
            closed_by=by,
        )
        counts = locked.candidates.select_related("organisation").order_by("title")
        tallies = {
            row["application"]: row
            for row in Ballot.objects.filter(vote=locked)
            .values("application")
            .annotate(
                n_for=Count("pk", filter=Q(choice=BallotChoice.FOR)),
                n_against=Count("pk", filter=Q(choice=BallotChoice.AGAINST)),
                n_abstain=Count("pk", filter=Q(choice=BallotChoice.ABSTAIN)),
            )
        }
        lines = []
        for application in counts:
            tally = tallies.get(application.pk, {"n_for": 0, "n_against": 0, "n_abstain": 0})
            repeat = is_repeat(application, locked.tier)
            passed = bool(locked.quorum_reached) and tally["n_for"] * 100 > locked.majority_percent * cast
            prize = prize_for(application, locked.tier)
            lines.append(
                VoteLine(
                    vote=locked,
                    application=application,
                    votes_for=tally["n_for"],
                    votes_against=tally["n_against"],
                    votes_abstain=tally["n_abstain"],
                    passed=passed,
                    repeat_winner=repeat,
                    counts_toward_quota=not repeat or locked.tier.repeat_counts_toward_quota,
                    outcome=Outcome.NOT_ELECTED,
                    prize_amount=prize.amount,
                    prize_rule=prize.rule,
                )
            )
        _place(lines, locked.tier.quota)
        VoteLine.objects.bulk_create(lines)
        if locked.secret:
            _scramble_ballot_storage()
        audit_record(
            actor=by,
            action="awards.vote_close",
            summary=_("Committee vote closed: %(vote)s") % {"vote": locked},
            target=locked,
            authority=locked.cycle.scheme.authority,
            from_state=VoteStatus.OPEN,
            to_state=VoteStatus.CLOSED,
            article=locked.article,
            data={
                "members": members,
                "cast": cast,
                "quorum_reached": locked.quorum_reached,
                "winners": [line.application_id for line in lines if line.outcome == Outcome.WINNER],
                "tied": [line.application_id for line in lines if line.outcome == Outcome.TIE],
            },
        )
    return locked


def _scramble_ballot_storage() -> None:
    """Rewrite the ballot table in the order of its random keys. Each member's ballots were
    inserted together, so until then their physical position in the table (visible to a database
    administrator, not to the application) groups them; after it, nothing does. Best effort: a
    database role that may not rewrite the table leaves the order as inserted."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CLUSTER refuses pending deferred checks
            cursor.execute(f"CLUSTER {Ballot._meta.db_table} USING {Ballot._meta.db_table}_pkey")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except DatabaseError:
        pass


def _place(lines, quota: int) -> None:
    """Mark winners within ``quota``; a tie that straddles the last place becomes ``TIE``."""
    for line in lines:
        if line.passed and not line.counts_toward_quota:
            line.outcome = Outcome.WINNER
    ranked = sorted(
        (line for line in lines if line.passed and line.counts_toward_quota), key=lambda line: -line.votes_for
    )
    if len(ranked) <= quota:
        for line in ranked:
            line.outcome = Outcome.WINNER
        return
    boundary = ranked[quota - 1].votes_for if quota else None
    for line in ranked:
        if boundary is None or line.votes_for < boundary:
            continue
        line.outcome = Outcome.WINNER if line.votes_for > boundary else Outcome.TIE
    above = sum(1 for line in ranked if line.outcome == Outcome.WINNER)
    tied = [line for line in ranked if line.outcome == Outcome.TIE]
    if above + len(tied) <= quota:  # everyone at the boundary fits: no tie to settle
        for line in tied:
            line.outcome = Outcome.WINNER


def ties_settle(vote, *, by, chosen: list[int], reason: str) -> CommitteeVote:
    """Staff settle a tie at the quota boundary: ``chosen`` among the tied candidates take the free
    places, the others are not elected; the decision and its reason are recorded."""
    if not can_manage_vote(by, vote):
        raise AwardError(_("You do not run the awards of this authority."))
    if not reason.strip():
        raise AwardError(_("Give the reason for the decision."))
    with transaction.atomic():
        locked = (
            CommitteeVote.objects.select_for_update(of=("self",))
            .select_related("tier", "cycle__scheme")
            .get(pk=vote.pk)
        )
        tied = list(locked.lines.select_for_update().filter(outcome=Outcome.TIE))
        if not tied:
            raise AwardError(_("There is no tie to settle."))
        tied_ids = {line.application_id for line in tied}
        if not set(chosen) <= tied_ids:
            raise AwardError(_("Choose among the tied candidates only."))
        taken = locked.lines.filter(outcome=Outcome.WINNER, counts_toward_quota=True).count()
        free = locked.tier.quota - taken
        if len(chosen) > free:
            raise AwardError(
                _("Only %(count)s places are left within the quota (%(article)s).")
                % {"count": free, "article": locked.tier.quota_article}
            )
        for line in tied:
            line.outcome = Outcome.WINNER if line.application_id in chosen else Outcome.NOT_ELECTED
            line.save(update_fields=["outcome"])
        locked.ties_settled_by = by
        locked.ties_settled_at = timezone.now()
        locked.ties_reason = reason
        locked.save(update_fields=["ties_settled_by", "ties_settled_at", "ties_reason"])
        audit_record(
            actor=by,
            action="awards.ties_settle",
            summary=_("Tie settled in %(vote)s") % {"vote": locked},
            target=locked,
            authority=locked.cycle.scheme.authority,
            article=locked.tier.quota_article,
            reason=reason,
            data={"tied": sorted(tied_ids), "chosen": sorted(chosen)},
        )
    return locked
