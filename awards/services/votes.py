"""The committee's vote: opening it per tier, ballots, closing and counting, settling a tie.

Ballot secrecy (钦州 第十九条, and any scheme whose committee votes by secret ballot)
====================================================================================

Who can read what.

- A database administrator reads every table and every system column (``xmin``, ``xmax``,
  ``ctid``), dead row versions until they are vacuumed, backups and the write-ahead log, during the
  vote and after it. The administrator does not hold the application's ``SECRET_KEY``.
- The office's staff and supervisors read the vote's page: who has voted and when (participation is
  not secret: the quorum depends on it), and after the close the tally, with the counts that would
  reveal a member's vote withheld (``awards.selectors.tally_disclosure``). Nobody reads ballots
  through the application; a committee member sees its own ballot form only.
- Whoever holds both the database and the application's secrets, or can change its code, can read
  ballots as they arrive: in any design where the server counts, the server sees each ballot once.
  That is out of reach of this design (it would need the members to encrypt in their browsers to a
  key held apart, or paper).

What is stored, and why it links no ballot to its voter.

1. A cast is two transactions. The first locks the vote's row, checks the member, writes the
   participation and its audit entry, and nothing about the choices. The second adds the ballot to
   the vote's ``BallotBox``: one row per vote holding every ballot cast so far as one AES-GCM
   ciphertext (``awards.ballot_box``) under a key derived from ``SECRET_KEY``, the list shuffled and
   sealed again under a fresh nonce at every cast. Every ballot has the same length, so the box's
   size tells how many have voted. The box carries no voter and no time; its ``xmin`` is the last
   cast's second transaction, never a participation's or an audit entry's; being one row, it has no
   physical order of ballots to read. Its older versions are vacuumed after each cast (best effort).
2. Casts hold a shared advisory lock on the vote across both transactions, and the close an
   exclusive one, so no close falls between the two halves of a cast (PostgreSQL; SQLite, the
   embedded default, writes one transaction at a time).
3. The close opens the box in memory, expands the ballots into ``Ballot`` rows (no voter, a random
   key), shuffles them as a whole and writes them in one statement, in the closing transaction, and
   deletes the box. Every ballot row then carries the close's ``xmin`` (its audit entry is the staff
   member's), and their physical order is random: nothing groups one member's choices or follows
   the order of voting.

What remains. During the vote an administrator sees that each cast's second transaction follows
its first (transaction ids are consecutive, the write-ahead log is in order), but what it wrote is a
ciphertext the database holds no key to. Backups and the log taken during the vote keep ciphertexts
that the installation's key would open: keep ``SECRET_KEY`` apart from the database and its backups.
A process that dies between the two transactions of a cast loses that ballot (the participation
stays, counted as cast); the close records how many ballots it counted next to how many members voted.

An open vote keeps named ballots, written with the participation in the first transaction.
"""

import logging
import random
from contextlib import contextmanager

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

from .. import ballot_box, selectors
from ..enums import VOTE_TRANSITIONS, BallotChoice, Outcome, VoteStatus
from ..errors import AwardError
from ..models import (
    Ballot,
    BallotBox,
    CommitteeVote,
    VoteLine,
    VoteParticipation,
)
from ..permissions import can_manage_vote
from ..prizes import is_repeat, prize_for

logger = logging.getLogger(__name__)

# The first key of the advisory lock a cast shares and a close takes alone (the audit chain uses 19580).
CAST_LOCK_CLASS = 19581


@contextmanager
def _casting(vote_id: int):
    """Held across both transactions of a cast: a close waits until the ballot is in the box."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock_shared(%s, %s)", [CAST_LOCK_CLASS, vote_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_shared(%s, %s)", [CAST_LOCK_CLASS, vote_id])


def _no_cast_in_flight(vote_id: int) -> None:
    """Inside the closing transaction: wait for every cast that has begun to put its ballot in the box."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CAST_LOCK_CLASS, vote_id])


def _vacuum_ballot_boxes() -> None:
    """Drop the dead versions of the boxes (each cast leaves one): best effort, after commit, since
    VACUUM runs outside a transaction; a role that may not vacuum the table leaves it to autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {BallotBox._meta.db_table}")
    except DatabaseError:
        logger.warning("Could not vacuum the sealed ballot boxes", exc_info=True)


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
        if CommitteeVote.objects.filter(cycle=cycle, tier=tier).exclude(status=VoteStatus.FAILED).exists():
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
        if vote.secret:
            BallotBox.objects.create(vote=vote, sealed=ballot_box.seal(vote.pk, []))
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
    """Record ``by``'s ballot: one choice per candidate.

    Locks the vote so two submissions of the same member cannot both win (the unique participation
    is the second guard), then records the participation and its audit entry. An open vote's
    ballots, naming the voter, go with them; a secret vote's ballot goes into the sealed box in a
    transaction of its own (see the module's docstring).
    """
    # durable: the two halves of a secret cast must be transactions of their own, never savepoints
    # of a caller's transaction, which would give them one transaction id.
    with _casting(vote.pk):
        with transaction.atomic(durable=True):
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
            if not locked.secret:
                Ballot.objects.bulk_create(
                    [
                        Ballot(vote=locked, application_id=application_id, choice=choice, voter=by)
                        for application_id, choice in choices.items()
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
        if locked.secret:
            _box_add(locked.pk, ballot_box.encode(choices))
    return participation


def _box_add(vote_id: int, ballot: str) -> None:
    """The second transaction of a secret cast: nothing in it names the member."""
    with transaction.atomic(durable=True):
        box = BallotBox.objects.select_for_update().filter(vote_id=vote_id).first()
        if box is None:  # closed in between: only possible where no advisory lock holds (SQLite)
            raise AwardError(_("The vote closed before your ballot reached the ballot box."))
        ballots = ballot_box.unseal(vote_id, box.sealed)
        box.sealed = ballot_box.seal(vote_id, [*ballots, ballot])
        box.save(update_fields=["sealed"])
        transaction.on_commit(_vacuum_ballot_boxes, robust=True)


def vote_set_status(vote: CommitteeVote, status: str, **values) -> CommitteeVote:
    """The one place a vote's status changes: checks ``VOTE_TRANSITIONS`` and saves the status and
    ``values``. The caller holds the row lock and writes the audit entry."""
    check_move(VOTE_TRANSITIONS, vote.status, status, choices=VoteStatus, error=AwardError)
    vote.status = status
    for name, value in values.items():
        setattr(vote, name, value)
    vote.save(update_fields=["status", *values])
    return vote


def quorum_reached(vote, *, cast: int, members: int) -> bool:
    """The quorum: at least the vote's per cent of its members have voted, and someone has."""
    return cast > 0 and cast * 100 >= vote.quorum_percent * members


def _quorum_refusal(vote, *, cast: int, members: int) -> AwardError:
    return AwardError(
        _(
            "The quorum is not reached: %(cast)s of %(members)s members have voted, and at least "
            "%(quorum)s%% must (%(article)s). Close the vote once enough members have voted, or "
            "record that it failed."
        )
        % {"cast": cast, "members": members, "quorum": vote.quorum_percent, "article": vote.article}
    )


def vote_close(vote, *, by) -> CommitteeVote:
    """Close the vote and tally it, once its quorum (members voting) is reached; short of it the
    vote cannot close and its ballots are not counted (staff may record that it failed,
    ``vote_fail``). The majority (votes for, as a share of the ballots cast) is the vote's rule.
    Candidates with a majority are placed by votes for, within the tier's quota; repeat winners
    outside the quota take no place where the scheme says so. A tie across the last place is
    marked for the staff to settle, never broken here. A secret vote's box is opened here."""
    if not can_manage_vote(by, vote):
        raise AwardError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        _no_cast_in_flight(vote.pk)
        locked = (
            CommitteeVote.objects.select_for_update(of=("self",))
            .select_related("tier__prize_after_tier", "cycle__scheme__authority")
            .get(pk=vote.pk)
        )
        if locked.status != VoteStatus.OPEN:
            raise AwardError(_("This vote is already closed."))
        members = locked.members.count()
        cast = locked.participations.count()
        if not quorum_reached(locked, cast=cast, members=members):
            raise _quorum_refusal(locked, cast=cast, members=members)
        # An open vote's named ballots were written with each participation.
        ballots = _box_open(locked) if locked.secret else cast
        if ballots != cast:
            logger.warning("Vote %s: %s members voted, %s ballots were in the box", locked.pk, cast, ballots)
        vote_set_status(
            locked,
            VoteStatus.CLOSED,
            quorum_reached=True,
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
            passed = tally["n_for"] * 100 > locked.majority_percent * cast
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
                "ballots": ballots,
                "quorum_reached": locked.quorum_reached,
                "winners": [line.application_id for line in lines if line.outcome == Outcome.WINNER],
                "tied": [line.application_id for line in lines if line.outcome == Outcome.TIE],
            },
        )
    return locked


def vote_fail(vote, *, by, reason: str) -> CommitteeVote:
    """Record that the vote failed for want of its quorum, with the reason: no ballot is counted
    and no tally exists (a secret vote's box is destroyed unopened; an open vote's named ballots
    stay on record). The tier may then be voted on again. Writes the audit entry with the reason."""
    if not can_manage_vote(by, vote):
        raise AwardError(_("You do not run the awards of this authority."))
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_("Give the reason why the vote failed."))
    with transaction.atomic():
        _no_cast_in_flight(vote.pk)
        locked = (
            CommitteeVote.objects.select_for_update(of=("self",))
            .select_related("tier", "cycle__scheme__authority")
            .get(pk=vote.pk)
        )
        if locked.status != VoteStatus.OPEN:
            raise AwardError(_("This vote is already closed."))
        members = locked.members.count()
        cast = locked.participations.count()
        if quorum_reached(locked, cast=cast, members=members):
            raise AwardError(_("The quorum is reached: close the vote and count it."))
        BallotBox.objects.filter(vote=locked).delete()
        vote_set_status(
            locked,
            VoteStatus.FAILED,
            quorum_reached=False,
            closed_at=timezone.now(),
            closed_by=by,
            failure_reason=reason,
        )
        transaction.on_commit(_vacuum_ballot_boxes, robust=True)
        audit_record(
            actor=by,
            action="awards.vote_fail",
            summary=_("Committee vote failed: %(vote)s") % {"vote": locked},
            target=locked,
            authority=locked.cycle.scheme.authority,
            from_state=VoteStatus.OPEN,
            to_state=VoteStatus.FAILED,
            article=locked.article,
            reason=reason,
            data={"members": members, "cast": cast, "quorum_percent": locked.quorum_percent},
        )
    return locked


def _box_open(vote) -> int:
    """Inside the closing transaction: the sealed box becomes ``Ballot`` rows without voters, all
    of the vote's choices shuffled together and written in one statement, and the box is deleted.
    Returns how many ballots it held."""
    box = BallotBox.objects.select_for_update().get(vote=vote)
    ballots = ballot_box.unseal(vote.pk, box.sealed)
    candidate_ids = list(vote.candidates.values_list("pk", flat=True))
    rows = [
        Ballot(vote=vote, application_id=application_id, choice=choice)
        for ballot in ballots
        for application_id, choice in ballot_box.decode(ballot, candidate_ids).items()
    ]
    random.SystemRandom().shuffle(rows)
    Ballot.objects.bulk_create(rows)
    box.delete()
    transaction.on_commit(_vacuum_ballot_boxes, robust=True)
    return len(ballots)


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
