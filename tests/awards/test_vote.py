import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.models import TeamMember
from awards import prizes
from awards.enums import BallotChoice, Outcome, VoteStatus
from awards.errors import AwardError
from awards.models import Ballot, BallotBox, Candidacy, CommitteeVote, VoteLine, VoteParticipation
from awards.services import votes
from register.models import AwardRecord
from tests import factories

from .conftest import make_application, sealed_ballots

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN


def make_candidates(cycle, district, tier, staff, titles, credit_codes=None):
    applications = []
    for index, title in enumerate(titles):
        code = (credit_codes or {}).get(title)
        application = make_application(cycle, district, title, status=ApplicationStatus.CANDIDATE, credit_code=code)
        Candidacy.objects.create(application=application, tier=tier, rank=index + 1, proposed_by=staff)
        applications.append(application)
    return applications


def make_members(authority, count):
    return [factories.make_committee_member(authority, username=f"member{i}") for i in range(count)]


@pytest.fixture
def secret_scheme(scheme):
    scheme.committee_secret_ballot = True
    scheme.committee_article = "第十九条"
    scheme.committee_quorum_percent = 60
    scheme.committee_majority_percent = 50
    scheme.save()
    return scheme


def open_vote(cycle, tier, staff, authority, titles, members=3, **kwargs):
    candidates = make_candidates(cycle, cycle.scheme.authority.districts.first(), tier, staff, titles, **kwargs)
    people = make_members(authority, members)
    vote = votes.vote_open(cycle, tier, by=staff, closes_on=datetime.date(2026, 12, 1))
    return vote, candidates, people


@pytest.fixture
def setup(cycle, tier, staff, authority, district, secret_scheme):
    return cycle, tier, staff, authority


def test_vote_open_copies_the_schemes_rules_and_members(setup):
    cycle, tier, staff, authority = setup
    vote, candidates, members = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"])
    assert (vote.secret, vote.quorum_percent, vote.majority_percent, vote.article) == (True, 60, 50, "第十九条")
    assert set(vote.members.all()) == set(members)
    assert set(vote.candidates.all()) == set(candidates)
    assert AuditEntry.objects.filter(action="awards.vote_open", article="第十九条").count() == 1


def test_vote_open_refuses_a_second_vote_on_the_tier(setup):
    cycle, tier, staff, authority = setup
    open_vote(cycle, tier, staff, authority, ["甲公司"])
    with pytest.raises(AwardError):
        votes.vote_open(cycle, tier, by=staff)


def test_vote_open_refuses_without_candidates(setup):
    cycle, tier, staff, authority = setup
    make_members(authority, 2)
    with pytest.raises(AwardError):
        votes.vote_open(cycle, tier, by=staff)


def test_member_cannot_vote_twice(setup):
    cycle, tier, staff, authority = setup
    vote, (a,), (m1, *_rest) = open_vote(cycle, tier, staff, authority, ["甲公司"])
    votes.vote_cast(vote, by=m1, choices={a.pk: FOR})
    with pytest.raises(AwardError, match="已投票"):
        votes.vote_cast(vote, by=m1, choices={a.pk: AGAINST})
    assert VoteParticipation.objects.count() == 1
    assert (Ballot.objects.count(), sealed_ballots(vote)) == (0, [{a.pk: FOR}])


def test_non_member_cannot_vote(setup, other_authority):
    cycle, tier, staff, authority = setup
    vote, (a,), _members = open_vote(cycle, tier, staff, authority, ["甲公司"])
    outsider = factories.make_committee_member(other_authority, username="outsider")
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=outsider, choices={a.pk: FOR})
    assert Ballot.objects.count() == 0


def test_ballot_must_cover_every_candidate_and_respect_the_places(setup):
    cycle, tier, staff, authority = setup
    tier.quota = 1
    tier.save()
    vote, (a, b), (m1, *_rest) = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"])
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=m1, choices={a.pk: FOR})
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=m1, choices={a.pk: FOR, b.pk: FOR})
    assert (VoteParticipation.objects.count(), Ballot.objects.count()) == (0, 0)


def test_secret_ballot_stores_nothing_linking_ballot_to_voter(setup):
    cycle, tier, staff, authority = setup
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"])
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST})
    votes.vote_cast(vote, by=members[1], choices={a.pk: AGAINST, b.pk: FOR})
    fields = {field.name for field in Ballot._meta.get_fields()}
    # ``tier`` is the tier a ballot in favour is for, in a vote for every tier (Qinzhou 第十九条).
    assert fields == {"id", "vote", "application", "choice", "tier", "voter"}
    # No time on a ballot, a random key, and the voter column empty on every row.
    assert not any(field.get_internal_type() in ("DateTimeField", "DateField") for field in Ballot._meta.fields)
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    # While the vote is open no ballot row exists: the ballots are in the sealed box, which names no
    # one and holds nothing readable.
    assert {f.name for f in BallotBox._meta.get_fields()} == {"id", "vote", "sealed"}
    assert Ballot.objects.count() == 0
    sealed = bytes(BallotBox.objects.get(vote=vote).sealed)
    assert all(word not in sealed for word in (b"for", b"against", b'"F', str(a.pk).encode()))
    assert sealed_ballots(vote) == [{a.pk: AGAINST, b.pk: FOR}, {a.pk: FOR, b.pk: AGAINST}]
    # The participation rows say who voted, and carry no reference to a ballot.
    assert {f.name for f in VoteParticipation._meta.get_fields()} == {"id", "vote", "member", "voted_at"}
    assert set(VoteParticipation.objects.values_list("member_id", flat=True)) == {members[0].pk, members[1].pk}
    votes.vote_close(vote, by=staff)
    rows = list(Ballot.objects.values("vote_id", "application_id", "choice", "voter_id"))
    assert sorted((r["application_id"], r["choice"], r["voter_id"]) for r in rows) == sorted(
        [(a.pk, FOR, None), (a.pk, AGAINST, None), (b.pk, AGAINST, None), (b.pk, FOR, None)]
    )
    assert not BallotBox.objects.filter(vote=vote).exists()
    # The audit trail records that a member voted, not how.
    for entry in AuditEntry.objects.filter(action="awards.vote_cast"):
        assert "for" not in str(entry.data) and "against" not in str(entry.data)
        assert str(a.pk) not in str(entry.data)


def test_open_vote_ballot_names_the_voter(setup):
    cycle, tier, staff, authority = setup
    cycle.scheme.committee_secret_ballot = False
    cycle.scheme.save()
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"])
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR})
    assert list(Ballot.objects.values_list("voter_id", "choice")) == [(members[0].pk, FOR)]
    assert not BallotBox.objects.exists()
    votes.vote_cast(vote, by=members[1], choices={a.pk: AGAINST})
    votes.vote_close(vote, by=staff)
    assert sorted(Ballot.objects.values_list("voter_id", "choice")) == sorted(
        [(members[0].pk, FOR), (members[1].pk, AGAINST)]
    )


def test_tally_stored_only_when_vote_closes(setup):
    cycle, tier, staff, authority = setup
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"])
    for member in members:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR})
    assert VoteLine.objects.count() == 0
    vote = votes.vote_close(vote, by=staff)
    assert (vote.status, vote.quorum_reached) == (VoteStatus.CLOSED, True)
    assert list(VoteLine.objects.values_list("votes_for", "votes_against", "votes_abstain", "passed", "outcome")) == [
        (3, 0, 0, True, Outcome.WINNER)
    ]
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=factories.make_committee_member(authority, username="late"), choices={a.pk: FOR})
    with pytest.raises(AwardError):
        votes.vote_close(vote, by=staff)


def test_vote_cannot_close_before_its_quorum_and_its_tally_is_never_made(setup):
    cycle, tier, staff, authority = setup
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"], members=5)
    for member in members[:2]:  # 2 of 5 = 40% < 60%
        votes.vote_cast(vote, by=member, choices={a.pk: FOR})
    with pytest.raises(AwardError, match="2 of 5|5 名委员中 2 名"):
        votes.vote_close(vote, by=staff)
    vote.refresh_from_db()
    assert (vote.status, vote.quorum_reached, VoteLine.objects.count(), Ballot.objects.count()) == (
        VoteStatus.OPEN,
        None,
        0,
        0,
    )
    votes.vote_cast(vote, by=members[2], choices={a.pk: AGAINST})  # 3 of 5 = 60%
    vote = votes.vote_close(vote, by=staff)
    assert (vote.status, vote.quorum_reached) == (VoteStatus.CLOSED, True)
    assert list(VoteLine.objects.values_list("votes_for", "votes_against", "passed")) == [(2, 1, True)]


def test_staff_record_a_vote_failed_short_of_its_quorum_with_a_reason(setup, supervisor):
    cycle, tier, staff, authority = setup
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"], members=5)
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR})
    for refused_by, reason in ((staff, "  "), (supervisor, "出席人数不足")):
        with pytest.raises(AwardError):
            votes.vote_fail(vote, by=refused_by, reason=reason)
    vote = votes.vote_fail(vote, by=staff, reason="出席委员不足法定人数")
    assert (vote.status, vote.quorum_reached, vote.failure_reason) == (
        VoteStatus.FAILED,
        False,
        "出席委员不足法定人数",
    )
    # Nothing was counted, the sealed box is gone unopened, and the entry keeps the reason.
    assert (VoteLine.objects.count(), Ballot.objects.count(), BallotBox.objects.count()) == (0, 0, 0)
    entry = AuditEntry.objects.get(action="awards.vote_fail")
    assert (entry.from_state, entry.to_state, entry.reason, entry.actor_id) == (
        VoteStatus.OPEN,
        VoteStatus.FAILED,
        "出席委员不足法定人数",
        staff.pk,
    )
    assert (entry.data["members"], entry.data["cast"]) == (5, 1)
    for action in (lambda: votes.vote_close(vote, by=staff), lambda: votes.vote_fail(vote, by=staff, reason="再次")):
        with pytest.raises(AwardError):
            action()
    # The tier is voted on again.
    again = votes.vote_open(cycle, tier, by=staff)
    assert (again.status, CommitteeVote.objects.filter(cycle=cycle, tier=tier).count()) == (VoteStatus.OPEN, 2)
    with pytest.raises(AwardError):
        votes.vote_open(cycle, tier, by=staff)


def test_a_vote_that_reached_its_quorum_cannot_be_recorded_as_failed(setup):
    cycle, tier, staff, authority = setup
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"])
    for member in members[:2]:  # 2 of 3 ≥ 60%
        votes.vote_cast(vote, by=member, choices={a.pk: FOR})
    with pytest.raises(AwardError):
        votes.vote_fail(vote, by=staff, reason="不想要这个结果")
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN


def test_majority_is_more_than_the_percentage_of_ballots_cast(setup):
    cycle, tier, staff, authority = setup
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"], members=4)
    ballots = [
        {a.pk: FOR, b.pk: FOR},
        {a.pk: FOR, b.pk: FOR},
        {a.pk: FOR, b.pk: AGAINST},
        {a.pk: ABSTAIN, b.pk: ABSTAIN},
    ]
    for member, choices in zip(members, ballots, strict=True):
        votes.vote_cast(vote, by=member, choices=choices)
    votes.vote_close(vote, by=staff)
    assert list(
        VoteLine.objects.order_by("application__title").values_list("application__title", "votes_for", "passed")
    ) == [
        ("乙公司", 2, False),  # 2 of 4 is not more than 50%
        ("甲公司", 3, True),
    ]


def test_vote_cannot_produce_more_winners_than_the_quota(setup):
    cycle, tier, staff, authority = setup
    tier.quota = 2
    tier.save()
    titles = ["甲公司", "乙公司", "丙公司", "丁公司"]
    vote, apps, members = open_vote(cycle, tier, staff, authority, titles, members=5)
    a, b, c, d = apps
    ballots = [
        {a.pk: FOR, b.pk: FOR, c.pk: AGAINST, d.pk: AGAINST},
        {a.pk: FOR, b.pk: FOR, c.pk: AGAINST, d.pk: AGAINST},
        {a.pk: FOR, b.pk: AGAINST, c.pk: FOR, d.pk: AGAINST},
        {a.pk: FOR, b.pk: AGAINST, c.pk: FOR, d.pk: AGAINST},
        {a.pk: AGAINST, b.pk: FOR, c.pk: FOR, d.pk: AGAINST},
    ]  # a has 4 of 5, b and c 3 of 5 each, d none
    for member, choices in zip(members, ballots, strict=True):
        votes.vote_cast(vote, by=member, choices=choices)
    votes.vote_close(vote, by=staff)
    outcomes = dict(VoteLine.objects.values_list("application__title", "outcome"))
    assert outcomes == {
        "甲公司": Outcome.WINNER,
        "乙公司": Outcome.TIE,
        "丙公司": Outcome.TIE,
        "丁公司": Outcome.NOT_ELECTED,
    }
    # Staff cannot settle the tie by taking both: only one place is left.
    with pytest.raises(AwardError, match="1"):
        votes.ties_settle(vote, by=staff, chosen=[b.pk, c.pk], reason="两者并列")
    votes.ties_settle(vote, by=staff, chosen=[c.pk], reason="综合评价得分较高")
    winners = VoteLine.objects.filter(outcome=Outcome.WINNER, counts_toward_quota=True)
    assert sorted(winners.values_list("application__title", flat=True)) == ["丙公司", "甲公司"]
    assert winners.count() <= tier.quota
    entry = AuditEntry.objects.get(action="awards.ties_settle")
    assert (entry.reason, entry.article, entry.data["chosen"]) == ("综合评价得分较高", "第五条", [c.pk])


def test_tie_at_the_boundary_is_left_to_staff(setup):
    cycle, tier, staff, authority = setup
    tier.quota = 1
    tier.save()
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"], members=3)
    vote.majority_percent = 30
    vote.save()
    for member in members[:2]:
        votes.vote_cast(
            vote, by=member, choices={a.pk: FOR, b.pk: AGAINST} if member == members[0] else {a.pk: AGAINST, b.pk: FOR}
        )
    votes.vote_cast(vote, by=members[2], choices={a.pk: ABSTAIN, b.pk: ABSTAIN})
    vote = votes.vote_close(vote, by=staff)
    assert dict(VoteLine.objects.values_list("application__title", "outcome")) == {
        "甲公司": Outcome.TIE,
        "乙公司": Outcome.TIE,
    }
    assert vote.has_unsettled_tie is True
    with pytest.raises(AwardError):
        votes.ties_settle(vote, by=staff, chosen=[a.pk], reason="")


def test_vacancy_allowed_when_fewer_pass(setup):
    cycle, tier, staff, authority = setup
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, ["甲公司", "乙公司"])
    for member in members:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: AGAINST})
    votes.vote_close(vote, by=staff)
    assert list(VoteLine.objects.filter(outcome=Outcome.WINNER).values_list("application__title", flat=True)) == [
        "甲公司"
    ]
    assert tier.may_stay_vacant is True


def _repeat_case(setup, counts_toward_quota):
    cycle, tier, staff, authority = setup
    tier.quota = 1
    tier.repeat_counts_toward_quota = counts_toward_quota
    tier.repeat_article = "第三十二条"
    tier.prize_first, tier.prize_repeat, tier.prize_article = Decimal("800000"), Decimal("0"), "第二十六条"
    tier.save()
    AwardRecord.objects.create(
        scheme=cycle.scheme,
        tier=tier,
        holder_name="甲公司",
        credit_code="91421300MA99999999",
        awarded_on=datetime.date(2019, 1, 1),
    )
    vote, (a, b), members = open_vote(
        cycle, tier, staff, authority, ["甲公司", "乙公司"], credit_codes={"甲公司": "91421300MA99999999"}
    )
    return vote, a, b, members, staff


def test_repeat_winner_outside_the_quota(setup):
    vote, a, b, members, staff = _repeat_case(setup, counts_toward_quota=False)  # Suizhou 第三十二条
    for member in members:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: FOR})  # 2 places: quota 1 + 1 repeat
    votes.vote_close(vote, by=staff)
    assert sorted(
        VoteLine.objects.values_list("application__title", "outcome", "counts_toward_quota", "prize_amount")
    ) == [
        ("乙公司", Outcome.WINNER, True, Decimal("800000.00")),
        ("甲公司", Outcome.WINNER, False, None),  # a repeat winner: no money (第三十二条)
    ]


def test_repeat_winner_inside_the_quota(setup):
    vote, a, b, members, staff = _repeat_case(setup, counts_toward_quota=True)
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: FOR})
    for index, member in enumerate(members):
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: AGAINST} if index else {a.pk: AGAINST, b.pk: FOR})
    votes.vote_close(vote, by=staff)
    assert sorted(VoteLine.objects.values_list("application__title", "outcome", "counts_toward_quota")) == [
        ("乙公司", Outcome.NOT_ELECTED, True),
        ("甲公司", Outcome.WINNER, True),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_only_one_wins(cycle, tier, staff, authority, district, secret_scheme):
    vote, (a,), members = open_vote(cycle, tier, staff, authority, ["甲公司"])
    member = members[0]
    results = []
    barrier = threading.Barrier(2)

    def submit(choice):
        barrier.wait()
        try:
            votes.vote_cast(vote, by=member, choices={a.pk: choice})
            results.append("ok")
        except AwardError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(choice,)) for choice in (FOR, AGAINST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert (VoteParticipation.objects.count(), Ballot.objects.count()) == (1, 0)
    assert len(sealed_ballots(vote)) == 1


def test_repeat_winners_answers_as_is_repeat_for_each_candidate(setup):
    vote, a, b, _members, _staff = _repeat_case(setup, counts_toward_quota=False)
    cycle, tier = vote.cycle, vote.tier
    team = make_application(cycle, cycle.scheme.authority.districts.first(), "丙团队")
    TeamMember.objects.create(application=team, name="张三", id_number="420103199001011234", years_in_quality_work=5)
    AwardRecord.objects.create(
        scheme=cycle.scheme,
        tier=tier,
        holder_name="张三等",
        holder_id_numbers="420103198001011111,420103199001011234",
        awarded_on=datetime.date(2020, 1, 1),
    )
    this_cycle = make_application(
        cycle, cycle.scheme.authority.districts.first(), "丁公司", credit_code="91421300MA88888888"
    )
    AwardRecord.objects.create(  # won in this very cycle: not a repeat
        scheme=cycle.scheme,
        tier=tier,
        cycle=cycle,
        holder_name="丁公司",
        credit_code="91421300MA88888888",
        awarded_on=datetime.date(2026, 11, 1),
    )
    applications = [a, b, team, this_cycle]
    assert prizes.repeat_winners(applications, tier) == {a.pk, team.pk}
    assert {x.pk for x in applications if prizes.is_repeat(x, tier)} == {a.pk, team.pk}
    assert votes.places_for(vote) == tier.quota + 1  # 甲公司 of the vote's two candidates
