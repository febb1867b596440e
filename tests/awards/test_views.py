import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import common.pagination
from applications.enums import ApplicationStatus
from applications.permissions import Access
from awards.enums import BallotChoice, Outcome, VoteStatus
from awards.errors import AwardError
from awards.models import Ballot, Candidacy, CommitteeVote, VoteParticipation
from awards.services import votes
from cycles.enums import StageKind
from demo import awards as demo
from pipeline.access import dossier_access
from pipeline.home import tasks_for
from pipeline.stages import notice_list
from tests import factories

from .conftest import make_application, scores, sealed_ballots

pytestmark = pytest.mark.django_db

BALLOT_QUERIES = 17  # session, user, vote, candidates and their tiers, teams and holders, the repeat winners


@pytest.fixture
def candidates(cycle, district, tier, staff):
    result = []
    for rank, title in enumerate(["甲公司", "乙公司"], start=1):
        application = make_application(cycle, district, title, status=ApplicationStatus.CANDIDATE)
        Candidacy.objects.create(application=application, tier=tier, rank=rank, proposed_by=staff)
        result.append(application)
    return result


@pytest.fixture
def vote(cycle, tier, staff, committee_member, candidates):
    cycle.scheme.committee_secret_ballot = True
    cycle.scheme.committee_article = "第十九条"
    cycle.scheme.save()
    return votes.vote_open(cycle, tier, by=staff, closes_on=datetime.date(2026, 12, 1))


@pytest.fixture
def outsiders(other_authority, authority):
    return {
        "other committee": factories.make_committee_member(other_authority, username="other-committee"),
        "reviewer": factories.make_reviewer(authority, username="a-reviewer"),
        "other staff": factories.make_staff(other_authority, username="other-staff-2"),
    }


def _urls(cycle, tier, vote, application):
    return {
        "evaluation": ("get", reverse("awards:evaluation", args=[cycle.pk])),
        "public-scores": ("post", reverse("awards:public-scores", args=[cycle.pk])),
        "propose": ("post", reverse("awards:propose", args=[cycle.pk])),
        "votes": ("get", reverse("awards:votes", args=[cycle.pk])),
        "vote-open": ("post", reverse("awards:vote-open", args=[cycle.pk, tier.pk])),
        "result": ("get", reverse("awards:result", args=[vote.pk])),
        "vote-close": ("post", reverse("awards:vote-close", args=[vote.pk])),
        "vote-fail": ("post", reverse("awards:vote-fail", args=[vote.pk])),
        "settle": ("post", reverse("awards:settle", args=[vote.pk])),
        "ballot": ("get", reverse("awards:ballot", args=[vote.pk])),
        "candidate": ("get", reverse("awards:candidate", args=[vote.pk, application.pk])),
    }


def test_every_view_denies_outsiders_with_404(client, cycle, tier, vote, candidates, outsiders):
    for name, (method, url) in _urls(cycle, tier, vote, candidates[0]).items():
        for who, user in outsiders.items():
            client.force_login(user)
            response = getattr(client, method)(url)
            assert response.status_code == 404, (name, who)
    assert CommitteeVote.objects.get().status == VoteStatus.OPEN


def test_every_view_sends_anonymous_to_login(client, cycle, tier, vote, candidates):
    for name, (method, url) in list(_urls(cycle, tier, vote, candidates[0]).items()) + [
        ("my-votes", ("get", reverse("awards:my-votes")))
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL)), name


def test_committee_member_cannot_reach_staff_pages(client, committee_member, cycle, tier, vote, candidates):
    client.force_login(committee_member)
    for name in (
        "evaluation",
        "public-scores",
        "propose",
        "votes",
        "vote-open",
        "result",
        "vote-close",
        "vote-fail",
        "settle",
    ):
        method, url = _urls(cycle, tier, vote, candidates[0])[name]
        assert getattr(client, method)(url).status_code == 404, name


def test_supervisor_reads_but_cannot_act(client, supervisor, cycle, tier, vote, candidates):
    client.force_login(supervisor)
    urls = _urls(cycle, tier, vote, candidates[0])
    for name in ("evaluation", "votes", "result", "candidate"):
        assert client.get(urls[name][1]).status_code == 200, name
    for name in ("public-scores", "propose", "vote-open", "vote-close", "vote-fail", "settle"):
        assert client.post(urls[name][1]).status_code == 404, name
    assert client.get(urls["ballot"][1]).status_code == 404


def test_evaluation_page_shows_weights_and_ranking(client, staff, cycle, district, totals, django_assert_num_queries):
    for index, title in enumerate(["甲公司", "乙公司"]):
        totals[make_application(cycle, district, title).pk] = scores(700 + index, 700, 700)
    client.force_login(staff)
    url = reverse("awards:evaluation", args=[cycle.pk])
    client.get(url)
    make_application(cycle, district, "丙公司")
    with django_assert_num_queries(13):
        response = client.get(url)
    content = response.content.decode()
    assert "第二十一条" in content and "40%" in content
    assert content.index("乙公司") < content.index("甲公司")


def test_evaluation_page_for_a_reader_reads_only_its_page_of_the_ranking(
    client, supervisor, cycle, district, totals, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(common.pagination, "PAGE_SIZE", 2)
    client.force_login(supervisor)
    url = reverse("awards:evaluation", args=[cycle.pk])
    for start, count in ((0, 3), (3, 5)):
        for index in range(start, start + count):
            totals[make_application(cycle, district, f"公司{index}").pk] = scores(700 + index, 700, 700)
        client.get(url)
        with django_assert_num_queries(16):
            response = client.get(url, {"page": 2})
        page = response.context["page"]
        assert page.paginator.count == start + count
        assert [row.place for _tier, rows in response.context["groups"] for row in rows] == [3, 4][: len(page)]
        assert response.context["applications"] == []  # no form, so not the whole ranking


def test_propose_view_moves_applications(client, staff, cycle, district, tier, totals):
    chosen = make_application(cycle, district, "甲公司")
    other = make_application(cycle, district, "乙公司")
    client.force_login(staff)
    response = client.post(
        reverse("awards:propose", args=[cycle.pk]),
        {f"tier_{chosen.pk}": tier.pk, f"tier_{other.pk}": "", "feedback": "未进入候选名单"},
    )
    assert response.status_code == 302
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (ApplicationStatus.CANDIDATE, ApplicationStatus.ELIMINATED)


def test_public_scores_view_saves(client, staff, cycle, district):
    application = make_application(cycle, district, "甲公司")
    client.force_login(staff)
    response = client.post(reverse("awards:public-scores", args=[cycle.pk]), {f"score_{application.pk}": "88.5"})
    assert response.status_code == 302
    assert application.public_evaluation.score == Decimal("88.50")


def test_public_scores_view_refuses_bad_input(client, staff, cycle, district):
    application = make_application(cycle, district, "甲公司")
    client.force_login(staff)
    response = client.post(reverse("awards:public-scores", args=[cycle.pk]), {f"score_{application.pk}": "-1"})
    assert response.status_code == 400
    assert not hasattr(application, "public_evaluation")


def test_vote_open_view(client, staff, committee_member, cycle, tier, candidates):
    client.force_login(staff)
    response = client.post(reverse("awards:vote-open", args=[cycle.pk, tier.pk]), {"closes_on": "2026-12-01"})
    vote = CommitteeVote.objects.get()
    assert response.status_code == 302 and response.url == reverse("awards:result", args=[vote.pk])
    assert list(vote.members.all()) == [committee_member]


def test_ballot_cast_once_second_request_refused(client, committee_member, vote, candidates):
    client.force_login(committee_member)
    url = reverse("awards:ballot", args=[vote.pk])
    a, b = candidates
    assert client.get(url).status_code == 200
    data = {f"choice_{a.pk}": BallotChoice.FOR, f"choice_{b.pk}": BallotChoice.AGAINST}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {f"choice_{a.pk}": BallotChoice.AGAINST, f"choice_{b.pk}": BallotChoice.FOR})
    assert response.status_code == 302
    assert VoteParticipation.objects.count() == 1
    assert (Ballot.objects.count(), sealed_ballots(vote)) == (0, [{a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST}])


def test_committee_reads_candidate_dossier_only_while_vote_open(committee_member, vote, candidates, staff):
    assert dossier_access(committee_member, candidates[0]) == Access.WITHOUT_SECRETS
    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    votes.vote_close(vote, by=staff)
    assert dossier_access(committee_member, candidates[0]) == Access.NONE


def test_my_votes_lists_open_votes(client, committee_member, vote, django_assert_num_queries):
    client.force_login(committee_member)
    with django_assert_num_queries(5):
        response = client.get(reverse("awards:my-votes"))
    assert str(vote) in response.content.decode()


def test_result_hides_tally_until_close_and_never_shows_secret_voters(
    client, staff, supervisor, committee_member, vote, candidates
):
    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    client.force_login(staff)
    url = reverse("awards:result", args=[vote.pk])
    content = client.get(url).content.decode()
    assert 'id="tally"' not in content
    assert client.post(reverse("awards:vote-close", args=[vote.pk])).status_code == 302
    client.force_login(supervisor)
    content = client.get(url).content.decode()
    assert 'id="tally"' in content
    assert "Ballots (open vote)" not in content and "投票明细" not in content


def test_settle_view_records_decision(client, staff, cycle, tier, authority, candidates):
    tier.quota = 1
    tier.save()
    members = [factories.make_committee_member(authority, username=f"m{i}") for i in range(2)]
    vote = votes.vote_open(cycle, tier, by=staff)
    a, b = candidates
    votes.vote_cast(vote, by=members[0], choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    votes.vote_cast(vote, by=members[1], choices={a.pk: BallotChoice.AGAINST, b.pk: BallotChoice.FOR})
    vote.majority_percent = 40
    vote.save()
    votes.vote_close(vote, by=staff)
    client.force_login(staff)
    url = reverse("awards:result", args=[vote.pk])
    assert 'id="ties"' in client.get(url).content.decode()
    assert dict(vote.lines.values_list("application__title", "outcome")) == {
        "甲公司": Outcome.TIE,
        "乙公司": Outcome.TIE,
    }
    response = client.post(reverse("awards:settle", args=[vote.pk]), {"chosen": [b.pk], "reason": "综合评价得分较高"})
    assert response.status_code == 302
    assert dict(vote.lines.values_list("application__title", "outcome")) == {
        "甲公司": Outcome.NOT_ELECTED,
        "乙公司": Outcome.WINNER,
    }
    vote.refresh_from_db()
    assert vote.ties_reason == "综合评价得分较高"


def test_home_tasks_for_member_and_staff(client, committee_member, staff, vote, candidates):

    member_titles = [task.title for task in tasks_for(committee_member) if "awards" in task.url]
    assert member_titles == [f"Vote on {vote}"] or member_titles == [f"对{vote}进行投票"]
    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    assert [task for task in tasks_for(committee_member) if "awards" in task.url] == []
    staff_urls = [task.url for task in tasks_for(staff) if "/awards/" in task.url]
    assert staff_urls == [reverse("awards:evaluation", args=[vote.cycle_id]), reverse("awards:result", args=[vote.pk])]


def test_candidate_notice_lists_proposed_winners(committee_member, staff, cycle, vote, candidates):

    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    votes.vote_close(vote, by=staff)
    stage = cycle.stages.filter(kind=StageKind.COMMITTEE_VOTE).get()
    stage.kind = StageKind.CANDIDATE_NOTICE  # the list is chosen by the stage's kind
    assert list(notice_list(stage)) == [a]


def test_demo_opens_a_vote_once(staff, committee_member, cycle, tier, candidates):

    cycle.scheme.code = "suizhou"
    cycle.scheme.save()
    staff.username = "suizhou-staff"
    staff.save()
    demo.build({})
    demo.build({})
    assert list(CommitteeVote.objects.values_list("tier_id", flat=True)) == [tier.pk]


def test_committee_member_reads_candidate_dossier_through_the_applications_view(
    client, committee_member, vote, candidates
):
    client.force_login(committee_member)
    assert client.get(reverse("awards:candidate", args=[vote.pk, candidates[0].pk])).status_code == 200
    assert client.get(reverse("pipeline:dossier-view", args=[candidates[0].pk])).status_code == 200


def test_ties_settle_refused_without_a_tie(staff, committee_member, vote, candidates):
    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    votes.vote_close(vote, by=staff)
    with pytest.raises(AwardError):
        votes.ties_settle(vote, by=staff, chosen=[a.pk], reason="理由")
    assert vote.lines.get(application=a).outcome == Outcome.WINNER


def test_vote_pages_constant_queries(client, staff, cycle, district, tier, vote):
    client.force_login(staff)
    urls = [reverse("awards:votes", args=[cycle.pk]), reverse("awards:result", args=[vote.pk])]
    counts = []
    for title in ("丙公司", "丁公司"):
        extra = make_application(cycle, district, title, status=ApplicationStatus.CANDIDATE)
        Candidacy.objects.create(application=extra, tier=tier, rank=3, proposed_by=staff)
        vote.candidates.add(extra)
        with CaptureQueriesContext(connection) as first:
            client.get(urls[0])
        with CaptureQueriesContext(connection) as second:
            client.get(urls[1])
        counts.append((len(first), len(second)))
    # the result page also lists the interests members declared before the ballot (one query)
    assert counts == [(12, 12), (12, 12)]


def test_result_warns_when_places_may_not_stay_empty(client, staff, committee_member, vote, candidates, tier):
    tier.may_stay_vacant = False
    tier.save()
    a, b = candidates
    votes.vote_cast(vote, by=committee_member, choices={a.pk: BallotChoice.FOR, b.pk: BallotChoice.AGAINST})
    votes.vote_close(vote, by=staff)
    client.force_login(staff)
    content = client.get(reverse("awards:result", args=[vote.pk])).content.decode()
    assert "不允许名额空缺" in content or "does not allow places to stay empty" in content


def test_ballot_page_costs_the_same_queries_for_2_and_6_candidates(
    client, committee_member, staff, cycle, district, tier, vote, django_assert_num_queries
):
    tier.repeat_counts_toward_quota = False  # repeat winners counted outside the quota: one query for all
    tier.save()
    client.force_login(committee_member)
    url = reverse("awards:ballot", args=[vote.pk])
    for added in (0, 4):
        for index in range(added):
            extra = make_application(cycle, district, f"候选{index}", status=ApplicationStatus.CANDIDATE)
            Candidacy.objects.create(application=extra, tier=tier, rank=3 + index, proposed_by=staff)
            vote.candidates.add(extra)
        with django_assert_num_queries(BALLOT_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
    assert vote.candidates.count() == 6
