"""The committee's vote: opening it per tier, or one vote for every tier where the scheme says so
(Qinzhou 第十九条, ``vote_open_single``); a member's declared interest (``vote_withdraw``); ballots,
closing and counting, settling a tie.

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
from types import SimpleNamespace

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, notify
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import is_held
from applications.services.transitions import application_set_status
from common.machines import check_move
from common.text import join_list
from cycles.permissions import can_manage_cycle

from .. import ballot_box, selectors
from ..enums import VOTE_TRANSITIONS, BallotChoice, Outcome, VoteStatus
from ..errors import AwardError
from ..models import (
    Ballot,
    BallotBox,
    Candidacy,
    CommitteeVote,
    VoteLine,
    VoteParticipation,
    VoteWithdrawal,
)
from ..permissions import can_manage_vote
from ..prizes import is_repeat, prize_for, repeat_winners
from .evaluation import refuse_recused

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


def _vote_create(
    cycle, *, tier, article, closes_on, by, members, candidates, body, all_tiers=False, audit_article=None
) -> CommitteeVote:
    """The vote itself, inside the caller's transaction: the scheme's ballot rules copied onto it, its
    members and candidates, an empty sealed box for a secret vote, the audit row, and a message to
    each member. Two openings at once: the database keeps one (``one_vote_per_cycle_and_tier``)."""
    scheme = cycle.scheme
    try:
        with transaction.atomic():
            vote = CommitteeVote.objects.create(
                cycle=cycle,
                tier=tier,
                all_tiers=all_tiers,
                secret=scheme.committee_secret_ballot,
                quorum_percent=scheme.committee_quorum_percent,
                majority_percent=scheme.committee_majority_percent,
                article=article,
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
        article=audit_article or vote.article,
        data={"members": len(members), "candidates": [c.pk for c in candidates], "secret": vote.secret},
    )
    notify(
        recipients=members,
        subject=_("Committee vote: %(vote)s") % {"vote": vote},
        body=body,
        url=reverse("awards:ballot", args=[vote.pk]),
    )
    return vote


def vote_open(cycle, tier, *, by, closes_on=None) -> CommitteeVote:
    """Open the committee's vote on the candidates of ``tier``, with the scheme's ballot rules
    copied onto the vote, and tell each committee member of the authority."""
    scheme = cycle.scheme
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    if tier.scheme_id != scheme.pk:
        raise AwardError(_("That tier belongs to another award."))
    if scheme.committee_single_vote_article:
        raise AwardError(
            _("Under %(article)s one vote produces the list of every tier; open that vote instead.")
            % {"article": scheme.committee_single_vote_article}
        )
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
        vote = _vote_create(
            cycle,
            tier=tier,
            article=scheme.committee_article,
            closes_on=closes_on,
            by=by,
            members=members,
            candidates=candidates,
            body=_("Please vote on the candidates for %(tier)s.") % {"tier": tier.name},
        )
    return vote


def vote_open_single(cycle, *, by, closes_on=None) -> CommitteeVote:
    """Open the one vote that produces the list of every tier (Qinzhou 第十九条): every application
    still in competition is put to the committee, nobody eliminated beforehand; each becomes a
    candidate (beginning at its category's highest tier) and each member votes, per candidate, for a
    tier, against, or abstains. Tells each committee member."""
    scheme = cycle.scheme
    if not can_manage_cycle(by, cycle):
        raise AwardError(_("You do not run the awards of this authority."))
    if not scheme.committee_single_vote_article:
        raise AwardError(_("This scheme votes on each tier separately."))
    article = scheme.committee_article or scheme.committee_single_vote_article
    with transaction.atomic():
        # In competition, and, after a vote that failed for want of its quorum, its candidates again.
        competing = list(
            Application.objects.filter(
                cycle=cycle, status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.CANDIDATE]
            )
            .select_for_update(of=("self",))
            .select_related("category")
            .prefetch_related("category__tiers")
            .order_by("title")
        )
        if not competing:
            raise AwardError(_("No application is in competition."))
        refuse_recused(by, competing)
        held = [a.title for a in competing if is_held(a)]
        if held:
            raise AwardError(
                _("%(application)s has an open objection; it cannot become a candidate until it is examined.")
                % {"application": join_list(held)}
            )
        members = list(selectors.committee_members(scheme.authority))
        if not members:
            raise AwardError(_("The authority has no committee members."))
        top = scheme.tiers.order_by("rank").first()
        if CommitteeVote.objects.filter(cycle=cycle).exclude(status=VoteStatus.FAILED).exists():
            raise AwardError(_("A vote on this tier has already been held."))
        for application in competing:
            if application.status == ApplicationStatus.CANDIDATE:  # a candidate of a vote that failed
                continue
            first_tier = min(application.category.tiers.all(), key=lambda t: t.rank)
            application_set_status(application, ApplicationStatus.CANDIDATE, by=by, article=article, notify_owner=True)
            Candidacy.objects.create(application=application, tier=first_tier, proposed_by=by)
        vote = _vote_create(
            cycle,
            tier=top,
            all_tiers=True,
            article=article,
            audit_article=scheme.committee_single_vote_article,
            closes_on=closes_on,
            by=by,
            members=members,
            candidates=competing,
            body=_("Please vote on every applicant, for a tier or against."),
        )
    return vote


def vote_tiers(vote) -> list:
    """The tiers a vote decides: its tier, or every tier of the scheme for a vote for every tier."""
    if vote.all_tiers:
        return list(vote.cycle.scheme.tiers.order_by("rank"))
    return [vote.tier]


def places_for(vote, tier=None, *, candidates=None) -> int:
    """How many candidates a member may vote for in ``tier`` (the vote's, by default): the quota,
    plus repeat winners that the scheme places outside it (e.g. Suizhou 第三十二条). ``candidates``:
    the vote's, where the caller has them already."""
    tier = tier or vote.tier
    outside = 0
    if not tier.repeat_counts_toward_quota:
        outside = len(repeat_winners(vote.candidates.all() if candidates is None else candidates, tier))
    return tier.quota + outside


def withdrawn_candidates(vote, member) -> set[int]:
    """The candidates on which ``member`` has declared an interest: it abstains on them."""
    return set(VoteWithdrawal.objects.filter(vote=vote, member=member).values_list("application_id", flat=True))


def vote_withdraw(vote, *, by, application, statement: str) -> VoteWithdrawal:
    """A member declares, before casting its ballot, an interest in a candidate and abstains on it
    (随州 第二十八条). The declaration is open; the ballot stays secret. Writes ``awards.withdrawal``."""
    if not statement.strip():
        raise AwardError(_("Say what your interest in the candidate is."))
    with transaction.atomic():
        locked = CommitteeVote.objects.select_for_update(of=("self",)).select_related("cycle__scheme").get(pk=vote.pk)
        if locked.status != VoteStatus.OPEN:
            raise AwardError(_("This vote is closed."))
        if not locked.members.filter(pk=by.pk).exists():
            raise AwardError(_("You are not a member of this vote."))
        if VoteParticipation.objects.filter(vote=locked, member=by).exists():
            raise AwardError(_("An interest is declared before the ballot; you have already voted."))
        if not locked.candidates.filter(pk=application.pk).exists():
            raise AwardError(_("That application is not a candidate of this vote."))
        withdrawal, created = VoteWithdrawal.objects.get_or_create(
            vote=locked, member=by, application=application, defaults={"statement": statement.strip()}
        )
        if created:
            scheme = locked.cycle.scheme
            audit_record(
                actor=by,
                action="awards.withdrawal",
                summary=_("%(member)s declares an interest in %(application)s and abstains on it in %(vote)s")
                % {"member": by.display_name or by.username, "application": application.title, "vote": locked},
                target=locked,
                authority=scheme.authority,
                article=scheme.withdrawal_article or scheme.conflict_article,
                reason=withdrawal.statement,
            )
    return withdrawal


def vote_cast(vote, *, by, choices: dict[int, str], tiers: dict[int, int] | None = None) -> VoteParticipation:
    """Record ``by``'s ballot: one choice per candidate; in a vote for every tier, ``tiers`` names
    the tier of each choice in favour. A candidate on which the member declared an interest is an
    abstention whatever was chosen.

    Locks the vote so two submissions of the same member cannot both win (the unique participation
    is the second guard), then records the participation and its audit entry. An open vote's
    ballots, naming the voter, go with them; a secret vote's ballot goes into the sealed box in a
    transaction of its own (see the module's docstring).
    """
    tiers = tiers or {}
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
            choices = dict(choices)
            for application_id in withdrawn_candidates(locked, by):
                choices[application_id] = BallotChoice.ABSTAIN
            chosen_tiers = _ballot_tiers(locked, choices, tiers)
            try:
                with transaction.atomic():
                    participation = VoteParticipation.objects.create(vote=locked, member=by)
            except IntegrityError:
                raise AwardError(_("You have already voted.")) from None
            if not locked.secret:
                Ballot.objects.bulk_create(
                    [
                        Ballot(
                            vote=locked,
                            application_id=application_id,
                            choice=choice,
                            tier_id=chosen_tiers.get(application_id),
                            voter=by,
                        )
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
            _box_add(locked.pk, ballot_box.encode(choices, chosen_tiers, _tier_order(locked)))
    return participation


def _tier_order(vote) -> list[int]:
    """The tiers a ballot of ``vote`` may name, in the order the box encodes them (none for a vote on one tier)."""
    return [tier.pk for tier in vote_tiers(vote)] if vote.all_tiers else []


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


def _ballot_tiers(vote, choices, tiers) -> dict[int, int]:
    """The tier of each choice in favour, checked against the candidate's category and each tier's
    places; for a vote on one tier, that tier."""
    in_favour = [application_id for application_id, choice in choices.items() if choice == BallotChoice.FOR]
    if not vote.all_tiers:
        limit = places_for(vote)
        if len(in_favour) > limit:
            raise AwardError(
                _("You may vote for at most %(count)s candidates (%(article)s).")
                % {"count": limit, "article": vote.tier.quota_article}
            )
        return {}
    allowed = {
        application.pk: {tier.pk for tier in application.category.tiers.all()}
        for application in vote.candidates.select_related("category").prefetch_related("category__tiers")
    }
    chosen = {}
    for application_id in in_favour:
        tier_id = tiers.get(application_id)
        if tier_id not in allowed.get(application_id, set()):
            raise AwardError(_("For each candidate you vote for, choose the tier."))
        chosen[application_id] = tier_id
    for tier in vote_tiers(vote):
        count = sum(1 for tier_id in chosen.values() if tier_id == tier.pk)
        limit = places_for(vote, tier)
        if count > limit:
            raise AwardError(
                _("You may vote for at most %(count)s candidates for %(tier)s (%(article)s).")
                % {"count": limit, "tier": tier.name, "article": tier.quota_article}
            )
    return chosen


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


def _locked_open_vote(vote) -> tuple[CommitteeVote, int, int]:
    """The open vote under its row lock once no cast is in flight, with how many members it has and
    how many have voted; refuses a vote already closed. Inside the caller's transaction."""
    _no_cast_in_flight(vote.pk)
    locked = (
        CommitteeVote.objects.select_for_update(of=("self",))
        .select_related("tier__prize_after_tier", "cycle__scheme__authority")
        .get(pk=vote.pk)
    )
    if locked.status != VoteStatus.OPEN:
        raise AwardError(_("This vote is already closed."))
    return locked, locked.members.count(), locked.participations.count()


def vote_close(vote, *, by) -> CommitteeVote:
    """Close the vote and tally it, once its quorum (members voting) is reached; short of it the
    vote cannot close and its ballots are not counted (staff may record that it failed,
    ``vote_fail``). The majority (votes for, as a share of the ballots cast) is the vote's rule.
    Candidates with a majority are placed by votes for, within the tier's quota; repeat winners
    outside the quota take no place where the scheme says so. A tie across the last place is
    marked for the staff to settle, never broken here. A vote for every tier places the
    candidates tier by tier (``_place_every_tier``). A secret vote's box is opened here."""
    if not can_manage_vote(by, vote):
        raise AwardError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        locked, members, cast = _locked_open_vote(vote)
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
        counts = (
            locked.candidates.select_related("organisation", "category")
            .prefetch_related("category__tiers")
            .order_by("title")
        )
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
        if locked.all_tiers:
            lines = _lines_every_tier(locked, counts, tallies, cast)
        else:
            lines = _lines_one_tier(locked, counts, tallies, cast)
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
                "tiers": {str(line.application_id): line.tier_id for line in lines if line.tier_id},
            },
        )
    return locked


def _lines_one_tier(locked, counts, tallies, cast) -> list[VoteLine]:
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
                tier=locked.tier,
                prize_amount=prize.amount,
                prize_rule=prize.rule,
            )
        )
    _place(lines, locked.tier.quota)
    return lines


def _lines_every_tier(locked, counts, tallies, cast) -> list[VoteLine]:
    """One line per candidate with its votes in favour by tier, placed tier by tier."""
    by_tier = {}
    for row in (
        Ballot.objects.filter(vote=locked, choice=BallotChoice.FOR)
        .values("application", "tier")
        .annotate(n=Count("pk"))
    ):
        by_tier.setdefault(row["application"], {})[str(row["tier"])] = row["n"]
    lines = []
    for application in counts:
        tally = tallies.get(application.pk, {"n_for": 0, "n_against": 0, "n_abstain": 0})
        lines.append(
            VoteLine(
                vote=locked,
                application=application,
                votes_for=tally["n_for"],
                votes_against=tally["n_against"],
                votes_abstain=tally["n_abstain"],
                votes_by_tier=by_tier.get(application.pk, {}),
                passed=False,
                outcome=Outcome.NOT_ELECTED,
            )
        )
    _place_every_tier(locked, lines, cast, vote_tiers(locked))
    return lines


def _place_every_tier(vote, lines, cast, tiers) -> None:
    """Place candidates tier by tier, the highest first (Qinzhou 第十九条). In a tier a candidate's
    support is the ballots for that tier or a higher one (whoever wants it in the top tier wants it
    at least a nominee, the product's reading); one placed in a tier leaves the lower ones, one that
    misses a tier can still be placed in the next. A tie at a tier's last place stops the placing
    there until staff settle it (``ties_settle``)."""
    allowed = {line.application_id: {tier.pk for tier in line.application.category.tiers.all()} for line in lines}
    for tier in tiers:
        higher = {str(t.pk) for t in vote_tiers(vote) if t.rank <= tier.rank}
        contenders = []
        for line in lines:
            if line.outcome != Outcome.NOT_ELECTED or line.tier_id or tier.pk not in allowed[line.application_id]:
                continue
            support = sum(n for tier_id, n in line.votes_by_tier.items() if tier_id in higher)
            repeat = is_repeat(line.application, tier)
            contenders.append(
                SimpleNamespace(
                    line=line,
                    votes_for=support,
                    passed=bool(vote.quorum_reached) and support * 100 > vote.majority_percent * cast,
                    repeat=repeat,
                    counts_toward_quota=not repeat or tier.repeat_counts_toward_quota,
                    outcome=Outcome.NOT_ELECTED,
                )
            )
        _place(contenders, tier.quota)
        for contender in contenders:
            if contender.outcome == Outcome.NOT_ELECTED:
                continue
            line = contender.line
            prize = prize_for(line.application, tier)
            line.tier, line.outcome, line.passed = tier, contender.outcome, True
            line.votes_for, line.repeat_winner = contender.votes_for, contender.repeat
            line.counts_toward_quota = contender.counts_toward_quota
            line.prize_amount, line.prize_rule = prize.amount, prize.rule
        if any(c.outcome == Outcome.TIE for c in contenders):
            return


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
        locked, members, cast = _locked_open_vote(vote)
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
    order = _tier_order(vote)
    rows = [
        Ballot(vote=vote, application_id=application_id, choice=choice, tier_id=tier_id)
        for ballot in ballots
        for application_id, (choice, tier_id) in ballot_box.decode_with_tiers(ballot, candidate_ids, order).items()
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
    places, the others are not elected; the decision and its reason are recorded. In a vote for
    every tier the others stay in the running for the lower tiers, which are placed then."""
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
        tied = list(locked.lines.select_for_update(of=("self",)).filter(outcome=Outcome.TIE).select_related("tier"))
        if not tied:
            raise AwardError(_("There is no tie to settle."))
        refuse_recused(by, [line.application for line in tied])
        tied_ids = {line.application_id for line in tied}
        if not set(chosen) <= tied_ids:
            raise AwardError(_("Choose among the tied candidates only."))
        tier = tied[0].tier or locked.tier
        taken = locked.lines.filter(outcome=Outcome.WINNER, counts_toward_quota=True, tier=tier).count()
        free = tier.quota - taken
        if len(chosen) > free:
            raise AwardError(
                _("Only %(count)s places are left within the quota (%(article)s).")
                % {"count": free, "article": tier.quota_article}
            )
        for line in tied:
            if line.application_id in chosen:
                line.outcome = Outcome.WINNER
            else:
                line.outcome = Outcome.NOT_ELECTED
                if locked.all_tiers:
                    line.tier, line.passed, line.prize_amount, line.prize_rule = None, False, None, ""
            line.save(update_fields=["outcome", "tier", "passed", "prize_amount", "prize_rule"])
        if locked.all_tiers:
            lines = list(locked.lines.select_related("application__category", "application__organisation"))
            lower = [t for t in vote_tiers(locked) if t.rank > tier.rank]
            _place_every_tier(locked, lines, locked.participations.count(), lower)
            for line in lines:
                line.save()
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
            article=tier.quota_article,
            reason=reason,
            data={"tied": sorted(tied_ids), "chosen": sorted(chosen), "tier": tier.pk},
        )
    return locked
