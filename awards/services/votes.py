"""The committee's vote: opening it per tier, or one vote for every tier where the scheme says so
(Qinzhou 第十九条, ``vote_open_single``); a member's declared interest (``vote_withdraw``); ballots,
closing and counting, settling a tie."""

import random
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
from cycles.permissions import can_manage_cycle

from .. import selectors
from ..enums import VOTE_TRANSITIONS, BallotChoice, Outcome, VoteStatus
from ..errors import AwardError
from ..models import (
    Ballot,
    Candidacy,
    CommitteeVote,
    VoteLine,
    VoteParticipation,
    VoteWithdrawal,
)
from ..permissions import can_manage_vote
from ..prizes import is_repeat, prize_for
from .evaluation import refuse_recused


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
            Application.objects.select_for_update()
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
        competing = list(
            selectors.in_competition(cycle)
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
                % {"application": "、".join(held)}
            )
        members = list(selectors.committee_members(scheme.authority))
        if not members:
            raise AwardError(_("The authority has no committee members."))
        top = scheme.tiers.order_by("rank").first()
        if CommitteeVote.objects.filter(cycle=cycle).exists():
            raise AwardError(_("A vote on this tier has already been held."))
        for application in competing:
            first_tier = min(application.category.tiers.all(), key=lambda t: t.rank)
            application_set_status(application, ApplicationStatus.CANDIDATE, by=by, article=article, notify_owner=True)
            Candidacy.objects.create(application=application, tier=first_tier, proposed_by=by)
        vote = CommitteeVote.objects.create(
            cycle=cycle,
            tier=top,
            all_tiers=True,
            secret=scheme.committee_secret_ballot,
            quorum_percent=scheme.committee_quorum_percent,
            majority_percent=scheme.committee_majority_percent,
            article=article,
            closes_on=closes_on,
            opened_by=by,
        )
        vote.members.set(members)
        vote.candidates.set(competing)
        audit_record(
            actor=by,
            action="awards.vote_open",
            summary=_("Committee vote opened: %(vote)s") % {"vote": vote},
            target=vote,
            authority=scheme.authority,
            to_state=VoteStatus.OPEN,
            article=scheme.committee_single_vote_article,
            data={"members": len(members), "candidates": [c.pk for c in competing], "secret": vote.secret},
        )
        notify(
            recipients=members,
            subject=_("Committee vote: %(vote)s") % {"vote": vote},
            body=_("Please vote on every applicant, for a tier or against."),
            url=reverse("awards:ballot", args=[vote.pk]),
        )
    return vote


def vote_tiers(vote) -> list:
    """The tiers a vote decides: its tier, or every tier of the scheme for a vote for every tier."""
    if vote.all_tiers:
        return list(vote.cycle.scheme.tiers.order_by("rank"))
    return [vote.tier]


def places_for(vote, tier=None) -> int:
    """How many candidates a member may vote for in ``tier`` (the vote's, by default): the quota,
    plus repeat winners that the scheme places outside it (e.g. Suizhou 第三十二条)."""
    tier = tier or vote.tier
    outside = 0
    if not tier.repeat_counts_toward_quota:
        outside = sum(1 for application in vote.candidates.all() if is_repeat(application, tier))
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
    abstention whatever was chosen. Locks the vote so two submissions of the same member cannot
    both win (the unique participation is the second guard). In a secret vote the ballot rows
    carry no voter, no time, a random key, and are written in shuffled order."""
    tiers = tiers or {}
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
        choices = dict(choices)
        for application_id in withdrawn_candidates(locked, by):
            choices[application_id] = BallotChoice.ABSTAIN
        chosen_tiers = _ballot_tiers(locked, choices, tiers)
        try:
            with transaction.atomic():
                participation = VoteParticipation.objects.create(vote=locked, member=by)
        except IntegrityError:
            raise AwardError(_("You have already voted.")) from None
        items = list(choices.items())
        random.SystemRandom().shuffle(items)
        Ballot.objects.bulk_create(
            [
                Ballot(
                    vote=locked,
                    application_id=application_id,
                    choice=choice,
                    tier_id=chosen_tiers.get(application_id),
                    voter=None if locked.secret else by,
                )
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


def vote_close(vote, *, by) -> CommitteeVote:
    """Close the vote and tally it: the quorum (members voting) and the majority (votes for, as a
    share of the ballots cast) are the vote's rules. Candidates with a majority are placed by votes
    for, within the tier's quota; repeat winners outside the quota take no place where the scheme
    says so. A tie across the last place is marked for the staff to settle, never broken here.
    A vote for every tier places the candidates tier by tier (``_place_every_tier``)."""
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
