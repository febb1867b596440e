"""Ballot secrecy down to the database: what a database administrator reads in every table and system
column (``xmin``, ``ctid``) links no ballot to its voter, during the vote and after it."""

import datetime
import threading
from collections import Counter

import pytest
from django.core import serializers
from django.db import connection, transaction

from accounts.models import AuditEntry
from awards import ballot_box
from awards.enums import BallotChoice
from awards.errors import AwardError
from awards.models import Ballot, BallotBox, VoteLine, VoteParticipation
from awards.services import votes
from operations.backup import SERIALIZATION_FORMAT
from tests import factories

from .conftest import sealed_ballots
from .test_vote import make_candidates, make_members

FOR, AGAINST, ABSTAIN = BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN


def system_column(sql, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] if len(row) == 1 else row for row in cursor.fetchall()]


def voter_xmins(vote) -> set[str]:
    """The transaction ids of every row written for a voter: participations and their audit entries."""
    participations = system_column("SELECT xmin::text FROM awards_voteparticipation WHERE vote_id = %s", [vote.pk])
    audit = system_column(
        "SELECT xmin::text FROM accounts_auditentry WHERE action = 'awards.vote_cast' AND target_id = %s", [vote.pk]
    )
    assert participations and audit
    return set(participations) | set(audit)


@pytest.fixture
def secret_vote(cycle, tier, staff, authority, district):
    scheme = cycle.scheme
    scheme.committee_secret_ballot, scheme.committee_quorum_percent, scheme.committee_majority_percent = True, 60, 50
    scheme.save()
    tier.quota = 3
    tier.save()
    candidates = make_candidates(cycle, district, tier, staff, ["甲公司", "乙公司", "丙公司"])
    members = make_members(authority, 4)
    vote = votes.vote_open(cycle, tier, by=staff, closes_on=datetime.date(2026, 12, 1))
    return vote, candidates, members


@pytest.mark.django_db(transaction=True)
def test_no_ballot_shares_a_transaction_with_its_voter_and_storage_forgets_the_order_of_voting(secret_vote, staff):
    vote, (a, b, c), members = secret_vote
    ballots = [  # in the order of voting; each member's ballot is told apart from the others'
        {a.pk: FOR, b.pk: AGAINST, c.pk: ABSTAIN},
        {a.pk: AGAINST, b.pk: FOR, c.pk: ABSTAIN},
        {a.pk: ABSTAIN, b.pk: ABSTAIN, c.pk: FOR},
        {a.pk: FOR, b.pk: FOR, c.pk: AGAINST},
    ]
    for count, (member, choices) in enumerate(zip(members, ballots, strict=True), start=1):
        votes.vote_cast(vote, by=member, choices=choices)
        # During the vote: no ballot row at all, and the one sealed box row was written by no
        # transaction that wrote a voter's row; its size says only how many have voted.
        assert Ballot.objects.filter(vote=vote).count() == 0
        [(box_xmin, sealed)] = system_column(
            "SELECT xmin::text, sealed FROM awards_ballotbox WHERE vote_id = %s", [vote.pk]
        )
        assert box_xmin not in voter_xmins(vote)
        assert len(bytes(sealed)) == len(ballot_box.seal(vote.pk, ["XXX"] * count))
    assert sealed_ballots(vote) == sorted(ballots, key=lambda ballot: sorted(ballot.items()))

    votes.vote_close(vote, by=staff)

    # After the close: every ballot row was written by the close itself, none by a voter's transaction.
    ballot_xmins = set(system_column("SELECT xmin::text FROM awards_ballot WHERE vote_id = %s", [vote.pk]))
    [close_xmin] = system_column("SELECT xmin::text FROM awards_committeevote WHERE id = %s", [vote.pk])
    assert ballot_xmins == {close_xmin}
    assert not ballot_xmins & voter_xmins(vote)
    assert not BallotBox.objects.filter(vote=vote).exists()
    closing = AuditEntry.objects.get(action="awards.vote_close")
    assert (closing.data["cast"], closing.data["ballots"]) == (4, 4)
    # Their physical order groups no member's choices in the order of voting.
    physical = system_column(
        "SELECT application_id, choice FROM awards_ballot WHERE vote_id = %s ORDER BY ctid", [vote.pk]
    )
    by_member = [Counter(physical[i : i + 3]) for i in range(0, 12, 3)]
    assert by_member != [Counter(ballot.items()) for ballot in ballots]
    assert Ballot.objects.filter(vote=vote, voter__isnull=False).count() == 0
    # The tally is the ballots'.
    assert sorted(VoteLine.objects.values_list("application_id", "votes_for", "votes_against", "votes_abstain")) == [
        (a.pk, 2, 1, 1),
        (b.pk, 2, 1, 1),
        (c.pk, 1, 1, 2),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_casts_of_one_member_one_ballot_in_the_box(secret_vote):
    vote, (a, b, c), (member, *_others) = secret_vote
    barrier, results = threading.Barrier(2), []

    def cast(choice):
        barrier.wait()
        try:
            votes.vote_cast(vote, by=member, choices={a.pk: choice, b.pk: AGAINST, c.pk: AGAINST})
            results.append(choice)
        except AwardError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(choice,)) for choice in (FOR, ABSTAIN)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    [won] = [result for result in results if result != "refused"]
    assert sorted(results) == sorted([won, "refused"])
    assert VoteParticipation.objects.filter(vote=vote, member=member).count() == 1
    assert sealed_ballots(vote) == [{a.pk: won, b.pk: AGAINST, c.pk: AGAINST}]


def test_the_box_opens_only_with_this_installations_key(secret_vote, settings):
    vote, (a, b, c), members = secret_vote
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST, c.pk: ABSTAIN})
    sealed = BallotBox.objects.get(vote=vote).sealed
    assert ballot_box.unseal(vote.pk, sealed) == ["FAX"]
    with pytest.raises(ballot_box.BoxUnreadable):
        ballot_box.unseal(vote.pk + 1, sealed)  # nor as another vote's box
    previous = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "x" * 50, [previous]
    assert ballot_box.unseal(vote.pk, sealed) == ["FAX"]  # a rotated key still opens it
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ballot_box.BoxUnreadable):
        ballot_box.unseal(vote.pk, sealed)


def test_a_secret_vote_with_its_quorum_closes_with_the_right_tally(secret_vote, staff):
    vote, (a, b, c), members = secret_vote
    for member in members[:3]:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: AGAINST, c.pk: FOR})
    outsider = factories.make_committee_member(vote.cycle.scheme.authority, username="not-a-member")
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=outsider, choices={a.pk: FOR, b.pk: FOR, c.pk: FOR})
    votes.vote_close(vote, by=staff)
    assert sorted(VoteLine.objects.values_list("application_id", "votes_for", "votes_against", "passed")) == [
        (a.pk, 3, 0, True),
        (b.pk, 0, 3, False),
        (c.pk, 3, 0, True),
    ]
    assert Ballot.objects.filter(vote=vote).count() == 9


def test_a_secret_cast_refuses_to_run_inside_a_callers_transaction(secret_vote):
    """Its two halves would then share one transaction id."""
    vote, (a, b, c), members = secret_vote
    with pytest.raises(RuntimeError), transaction.atomic(durable=True):
        votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: FOR, c.pk: FOR})


def test_a_backup_taken_during_the_vote_keeps_the_sealed_box_as_it_is(secret_vote):
    vote, (a, b, c), members = secret_vote
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST, c.pk: ABSTAIN})
    box = BallotBox.objects.get(vote=vote)
    [restored] = serializers.deserialize(SERIALIZATION_FORMAT, serializers.serialize(SERIALIZATION_FORMAT, [box]))
    assert bytes(restored.object.sealed) == bytes(box.sealed)
    assert ballot_box.unseal(vote.pk, restored.object.sealed) == ["FAX"]


def test_a_ballot_for_every_tier_keeps_the_tier_of_each_choice_and_every_ballot_the_same_length():
    """Qinzhou 第十九条: one secret vote for every tier; the box keeps which tier each vote in favour names."""
    order = [11, 12]  # the vote's tiers, highest first
    choices = {3: BallotChoice.FOR, 1: BallotChoice.FOR, 2: BallotChoice.AGAINST}
    ballot = ballot_box.encode(choices, {3: 12, 1: 11}, order)
    other = ballot_box.encode({1: BallotChoice.ABSTAIN, 2: BallotChoice.ABSTAIN, 3: BallotChoice.ABSTAIN}, {}, order)

    assert len(ballot) == len(other) == 6
    assert ballot_box.decode_with_tiers(ballot, [1, 2, 3], order) == {
        1: (BallotChoice.FOR, 11),
        2: (BallotChoice.AGAINST, None),
        3: (BallotChoice.FOR, 12),
    }
    assert ballot_box.decode(ballot, [1, 2, 3], order) == choices
    assert ballot_box.decode(ballot_box.encode(choices), [1, 2, 3]) == choices  # a vote on one tier: one code each
