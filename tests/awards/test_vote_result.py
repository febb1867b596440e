"""The vote's result page: no close and no tally before the quorum, a failed vote recorded with its
reason, and a secret vote's counts withheld wherever they would reveal how a member voted."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from awards.enums import BallotChoice, VoteStatus
from awards.models import VoteLine
from awards.selectors import counts_disclosed
from awards.services import votes

from .test_vote import make_candidates, make_members

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN


@pytest.mark.parametrize(
    ("secret", "counts", "shown"),
    [
        (True, (1, 0, 0), False),  # the only voter
        (True, (1, 1, 0), False),  # two voters: each knows the other's
        (True, (3, 0, 0), False),  # unanimous
        (True, (0, 0, 3), False),
        (True, (2, 1, 0), False),  # the one against knows the two others were for
        (True, (6, 1, 0), False),
        (True, (1, 1, 1), True),
        (True, (2, 2, 0), True),
        (True, (5, 2, 0), True),
        (True, (0, 0, 0), False),
        (False, (1, 0, 0), True),  # an open vote names its voters anyway
        (False, (3, 0, 0), True),
    ],
)
def test_counts_are_shown_only_where_every_choice_has_two_ballots_fewer_than_were_cast(secret, counts, shown):
    line = VoteLine(votes_for=counts[0], votes_against=counts[1], votes_abstain=counts[2])
    assert counts_disclosed(SimpleNamespace(secret=secret), line) is shown


def open_vote(cycle, tier, staff, authority, district, *, secret=True, members=3, quorum=60):
    scheme = cycle.scheme
    scheme.committee_secret_ballot, scheme.committee_quorum_percent = secret, quorum
    scheme.committee_article = "第十九条"
    scheme.save()
    candidates = make_candidates(cycle, district, tier, staff, ["甲公司", "乙公司"])
    people = make_members(authority, members)
    return votes.vote_open(cycle, tier, by=staff), candidates, people


def cells(content):
    """Each line of the tally: the candidate's three counts, or "withheld"."""
    body = content.split('id="tally"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    lines = {}
    for row in body.split("</tr>")[:-1]:
        title = re.search(r"<td>([^<]+)", row).group(1).strip()
        counts = re.findall(r'<td class="count">(\d+)</td>', row)
        lines[title] = counts or ("withheld" if 'class="text-muted withheld"' in row else None)
    return lines


def test_before_the_quorum_the_page_offers_no_close_and_a_close_is_refused(
    client, cycle, tier, staff, authority, district
):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, members=5)
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST})
    client.force_login(staff)
    url = reverse("awards:result", args=[vote.pk])
    page = client.get(url).content.decode()
    assert ('id="no-quorum"' in page, 'id="fail-form"' in page) == (True, True)
    assert reverse("awards:vote-close", args=[vote.pk]) not in page and 'id="tally"' not in page

    response = client.post(reverse("awards:vote-close", args=[vote.pk]), follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "1" in message and "5" in message and "60%" in message and "第十九条" in message
    vote.refresh_from_db()
    assert (vote.status, VoteLine.objects.count()) == (VoteStatus.OPEN, 0)


def test_staff_record_through_the_page_that_the_vote_failed(
    client, cycle, tier, staff, supervisor, authority, district
):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, members=5)
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST})
    fail = reverse("awards:vote-fail", args=[vote.pk])
    client.force_login(supervisor)
    assert client.post(fail, {"reason": "出席不足"}).status_code == 404
    client.force_login(staff)
    client.post(fail, {"reason": ""})
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN

    assert client.post(fail, {"reason": "出席委员不足法定人数，择期重新表决"}).status_code == 302
    vote.refresh_from_db()
    assert (vote.status, vote.failure_reason) == (VoteStatus.FAILED, "出席委员不足法定人数，择期重新表决")
    assert AuditEntry.objects.filter(action="awards.vote_fail", reason=vote.failure_reason).count() == 1
    page = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert 'id="failed"' in page and vote.failure_reason in page and 'id="tally"' not in page
    # The preparation page lists the failed vote and offers to open the tier's vote again.
    page = client.get(reverse("awards:votes", args=[vote.cycle_id])).content.decode()
    assert reverse("awards:result", args=[vote.pk]) in page
    assert reverse("awards:vote-open", args=[vote.cycle_id, tier.pk]) in page


def test_once_the_quorum_is_reached_the_page_offers_the_close_not_the_failure(
    client, cycle, tier, staff, authority, district
):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, members=3)
    for member in members[:2]:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: AGAINST})
    client.force_login(staff)
    page = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert ('id="quorum-reached"' in page, 'id="fail-form"' in page) == (True, False)
    assert reverse("awards:vote-close", args=[vote.pk]) in page
    client.post(reverse("awards:vote-fail", args=[vote.pk]), {"reason": "改期"})
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN


def test_a_secret_tally_withholds_the_counts_that_would_reveal_a_vote(
    client, cycle, tier, staff, supervisor, authority, district
):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, members=3)
    for member, choice in zip(members, (FOR, AGAINST, ABSTAIN), strict=True):
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: choice})  # 甲 unanimous, 乙 split
    votes.vote_close(vote, by=staff)
    client.force_login(supervisor)
    page = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert cells(page) == {"甲公司": "withheld", "乙公司": ["1", "1", "1"]}
    assert 'id="withheld-note"' in page
    assert "拟获奖" in page  # the outcome is always shown


def test_a_secret_vote_of_one_voter_shows_no_count(client, cycle, tier, staff, authority, district):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, members=2, quorum=50)
    votes.vote_cast(vote, by=members[0], choices={a.pk: FOR, b.pk: AGAINST})
    votes.vote_close(vote, by=staff)
    client.force_login(staff)
    page = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert cells(page) == {"甲公司": "withheld", "乙公司": "withheld"}


def test_an_open_vote_shows_every_count_and_the_named_ballots(client, cycle, tier, staff, authority, district):
    vote, (a, b), members = open_vote(cycle, tier, staff, authority, district, secret=False, members=3)
    for member in members:
        votes.vote_cast(vote, by=member, choices={a.pk: FOR, b.pk: AGAINST})
    votes.vote_close(vote, by=staff)
    client.force_login(staff)
    page = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert cells(page) == {"甲公司": ["3", "0", "0"], "乙公司": ["0", "3", "0"]}
    assert 'id="withheld-note"' not in page
    assert all((member.display_name or member.username) in page for member in members)
