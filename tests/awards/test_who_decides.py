"""Who decides at the committee, on the shipped schemes: 钦州's one vote for both lists (第十九条),
庆元's vote on the whole ranked list (四(四)), and a member with an interest abstaining (随州 第二十八条)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import common.pagination
from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.services.recusal import recusal_declare
from awards import selectors
from awards.enums import BallotChoice, Outcome
from awards.errors import AwardError
from awards.models import Ballot, Candidacy, VoteLine
from awards.services import evaluation, votes
from cycles.enums import StageKind
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from tests import factories
from tests.applications import eligibility_support as support

pytestmark = pytest.mark.django_db
FOR, AGAINST, ABSTAIN = BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN
_codes = itertools.count()


@pytest.fixture
def shipped(db):
    load_schemes()
    return {scheme.code: scheme for scheme in AwardScheme.objects.select_related("authority")}


def in_competition(scheme, at, titles, *, category=None):
    cycle = support.open_cycle(scheme, at=at)
    district = factories.DistrictFactory(authority=scheme.authority)
    applications = []
    for title in titles:
        organisation = support.make_organisation(
            district, registered_on=datetime.date(2010, 1, 1), name=title, credit_code=f"91450700MA{next(_codes):08d}"
        )
        applications.append(
            support.make_application(
                cycle,
                owner=factories.UserFactory(),
                district=district,
                organisation=organisation,
                category=category or scheme.categories.get(code="organisation"),
                status=ApplicationStatus.ACCEPTED,
                title=title,
            )
        )
    return cycle, applications


def committee(authority, count=3):
    return [factories.make_committee_member(authority, username=f"member{n}") for n in range(count)]


def test_qinzhou_one_committee_vote_produces_both_lists(shipped):
    scheme = shipped["qinzhou"]
    award, nomination = scheme.tiers.get(code="award"), scheme.tiers.get(code="nomination")
    staff = factories.make_staff(scheme.authority, username="qinzhou-staff")
    members = committee(scheme.authority)
    cycle, (a, b, c, d, e) = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲", "乙", "丙", "丁", "戊"])

    with pytest.raises(AwardError):  # staff eliminate nobody beforehand
        evaluation.candidates_propose(cycle, by=staff, proposals={a.pk: award.pk}, feedback="未入围")
    with pytest.raises(AwardError):
        votes.vote_open(cycle, award, by=staff)
    vote = votes.vote_open_single(cycle, by=staff)

    assert vote.all_tiers and vote.secret
    assert sorted(vote.candidates.values_list("title", flat=True)) == ["丁", "丙", "乙", "戊", "甲"]
    assert set(Candidacy.objects.filter(application__cycle=cycle).values_list("tier", flat=True)) == {award.pk}
    assert not cycle.applications.filter(status=ApplicationStatus.ELIMINATED).exists()
    ballots = [
        ({a: FOR, b: FOR, c: FOR, d: FOR, e: AGAINST}, {a: award, b: award, c: nomination, d: nomination}),
        ({a: FOR, b: FOR, c: FOR, d: AGAINST, e: ABSTAIN}, {a: award, b: nomination, c: nomination}),
        ({a: FOR, b: AGAINST, c: AGAINST, d: FOR, e: AGAINST}, {a: award, d: nomination}),
    ]
    for member, (choices, tiers) in zip(members, ballots, strict=True):
        votes.vote_cast(
            vote,
            by=member,
            choices={x.pk: choice for x, choice in choices.items()},
            tiers={x.pk: tier.pk for x, tier in tiers.items()},
        )
    votes.vote_close(vote, by=staff)

    lines = {line.application.title: line for line in VoteLine.objects.filter(vote=vote).select_related("application")}
    assert {title: (line.tier_id, line.outcome, line.votes_for) for title, line in lines.items()} == {
        "甲": (award.pk, Outcome.WINNER, 3),
        # 乙 misses the 市长质量奖 (one vote of three) and is voted 提名奖 (one for the top tier, one for it)
        "乙": (nomination.pk, Outcome.WINNER, 2),
        "丙": (nomination.pk, Outcome.WINNER, 2),
        "丁": (nomination.pk, Outcome.WINNER, 2),
        "戊": (None, Outcome.NOT_ELECTED, 0),
    }
    assert lines["乙"].votes_by_tier == {str(award.pk): 1, str(nomination.pk): 1}
    assert (lines["甲"].prize_amount, lines["乙"].prize_amount) == (
        Decimal("300000.00"),
        None,
    )  # 第二十二条: the top tier only
    assert sorted(selectors.proposed_winners(cycle).values_list("title", flat=True)) == ["丁", "丙", "乙", "甲"]
    closed = AuditEntry.objects.get(action="awards.vote_close")
    assert (closed.article, closed.data["tiers"][str(b.pk)]) == ("第十九条", nomination.pk)


def test_qinzhou_ballot_names_a_tier_for_each_vote_in_favour_within_its_places(shipped):
    scheme = shipped["qinzhou"]
    award = scheme.tiers.get(code="award")
    staff = factories.make_staff(scheme.authority, username="qinzhou-staff")
    (member,) = committee(scheme.authority, 1)
    cycle, applications = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲", "乙", "丙", "丁", "戊"])
    vote = votes.vote_open_single(cycle, by=staff)
    everyone_for = {x.pk: FOR for x in applications}
    with pytest.raises(AwardError):
        votes.vote_cast(vote, by=member, choices=everyone_for, tiers={})
    with translation.override("en"), pytest.raises(AwardError) as error:
        votes.vote_cast(vote, by=member, choices=everyone_for, tiers={x.pk: award.pk for x in applications})
    assert str(error.value) == "You may vote for at most 4 candidates for 市长质量奖 (第四条)."
    assert Ballot.objects.count() == 0


def test_qingyuan_committee_votes_on_the_whole_ranked_list(client, shipped, totals):
    scheme = shipped["qingyuan"]
    quality = scheme.tiers.get(code="award")
    staff = factories.make_staff(scheme.authority, username="qingyuan-staff")
    cycle, (low, high, middle) = in_competition(
        scheme,
        StageKind.COMPREHENSIVE_EVALUATION,
        ["丙公司", "甲公司", "乙公司"],
        category=scheme.categories.get(code="quality"),
    )
    for application, (material, onsite) in {low: (500, 600), high: (900, 900), middle: (700, 800)}.items():
        totals[application.pk] = {
            StageKind.MATERIAL_REVIEW: Decimal(material),
            StageKind.ONSITE_REVIEW: Decimal(onsite),
        }

    with translation.override("en"), pytest.raises(AwardError) as error:
        evaluation.candidates_propose(
            cycle, by=staff, proposals={high.pk: quality.pk, middle.pk: quality.pk}, feedback="总分较低"
        )
    assert str(error.value) == (
        "Under 四(四) the committee votes on the whole list ranked by total score; 丙公司 cannot be left out."
    )
    candidacies = evaluation.candidates_propose_ranked(cycle, by=staff)

    assert [(c.application.title, c.rank, c.total) for c in sorted(candidacies, key=lambda c: c.rank)] == [
        ("甲公司", 1, Decimal("900.00")),
        ("乙公司", 2, Decimal("760.00")),
        ("丙公司", 3, Decimal("560.00")),
    ]
    member = factories.make_committee_member(scheme.authority, username="qingyuan-member")
    vote = votes.vote_open(cycle, quality, by=staff)
    ballot = reverse("awards:ballot", args=[vote.pk])
    client.force_login(member)
    assert [c.title for c in client.get(ballot).context["candidates"]] == ["甲公司", "乙公司", "丙公司"]
    assert not cycle.applications.filter(status=ApplicationStatus.ELIMINATED).exists()


def test_member_with_an_interest_declares_it_before_the_ballot_and_abstains(shipped):
    scheme = shipped["suizhou"]
    award = scheme.tiers.get(code="award")
    staff = factories.make_staff(scheme.authority, username="suizhou-staff")
    conflicted, other = committee(scheme.authority, 2)
    cycle, (a, b) = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲", "乙"])
    for rank, application in enumerate((a, b), start=1):
        application.status = ApplicationStatus.CANDIDATE
        application.save(update_fields=["status"])
        Candidacy.objects.create(application=application, tier=award, rank=rank, proposed_by=staff)
    vote = votes.vote_open(cycle, award, by=staff)

    votes.vote_withdraw(vote, by=conflicted, application=a, statement="本人兼任甲公司独立董事")
    votes.vote_cast(vote, by=conflicted, choices={a.pk: FOR, b.pk: FOR})
    votes.vote_cast(vote, by=other, choices={a.pk: FOR, b.pk: FOR})
    with pytest.raises(AwardError):  # after the ballot it is too late to declare
        votes.vote_withdraw(vote, by=other, application=b, statement="迟到的声明")
    votes.vote_close(vote, by=staff)

    tally = {line.application_id: (line.votes_for, line.votes_abstain) for line in VoteLine.objects.filter(vote=vote)}
    assert tally == {a.pk: (1, 1), b.pk: (2, 0)}
    # 随州's vote is open (第二十二条): the ballot names its voter, and the declared candidate is an abstention
    assert Ballot.objects.get(vote=vote, voter=conflicted, application=a).choice == ABSTAIN
    declared = AuditEntry.objects.get(action="awards.withdrawal")
    assert (declared.actor, declared.article, declared.reason) == (conflicted, "第二十八条", "本人兼任甲公司独立董事")


def test_withdrawal_view_member_only(client, shipped):
    scheme = shipped["suizhou"]
    award = scheme.tiers.get(code="award")
    staff = factories.make_staff(scheme.authority, username="suizhou-staff")
    (member,) = committee(scheme.authority, 1)
    cycle, (a,) = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲"])
    a.status = ApplicationStatus.CANDIDATE
    a.save(update_fields=["status"])
    Candidacy.objects.create(application=a, tier=award, rank=1, proposed_by=staff)
    vote = votes.vote_open(cycle, award, by=staff)
    url = reverse("awards:withdraw", args=[vote.pk])
    client.force_login(staff)
    assert client.post(url, {"application": a.pk, "statement": "亲属"}).status_code == 404
    client.force_login(member)
    assert client.post(url, {"application": a.pk, "statement": "亲属在该企业任职"}).status_code == 302
    page = client.get(reverse("awards:ballot", args=[vote.pk]))
    assert page.context["form"].fields[f"choice_{a.pk}"].disabled is True
    assert votes.withdrawn_candidates(vote, member) == {a.pk}


def test_recused_staff_cannot_propose_candidates(shipped):
    scheme = shipped["suizhou"]
    award = scheme.tiers.get(code="award")
    staff = factories.make_staff(scheme.authority, username="suizhou-staff")
    cycle, (a, b) = in_competition(scheme, StageKind.COMPREHENSIVE_EVALUATION, ["甲", "乙"])
    recusal_declare(b, by=staff, statement="本人曾为乙公司顾问")
    with pytest.raises(AwardError):
        evaluation.candidates_propose(cycle, by=staff, proposals={a.pk: award.pk}, feedback="未入围")
    assert not Candidacy.objects.exists()


def test_single_vote_and_ranked_list_views_staff_only(client, shipped, totals):
    qinzhou, qingyuan = shipped["qinzhou"], shipped["qingyuan"]
    committee(qinzhou.authority, 1)
    cycle, (a,) = in_competition(qinzhou, StageKind.COMMITTEE_VOTE, ["甲"])
    url = reverse("awards:vote-open-single", args=[cycle.pk])
    client.force_login(factories.make_supervisor(qinzhou.authority, username="qinzhou-supervisor"))
    assert client.post(url).status_code == 404
    client.force_login(factories.make_staff(qinzhou.authority, username="qinzhou-staff"))
    response = client.post(url)
    vote = a.committee_votes.get()
    assert (response.status_code, response["Location"]) == (302, reverse("awards:result", args=[vote.pk]))
    assert 'id="quota-by-tier"' not in client.get(response["Location"]).content.decode()  # shown once closed

    ranked, (b,) = in_competition(
        qingyuan, StageKind.COMPREHENSIVE_EVALUATION, ["乙"], category=qingyuan.categories.get(code="quality")
    )
    totals[b.pk] = {StageKind.MATERIAL_REVIEW: Decimal(800), StageKind.ONSITE_REVIEW: Decimal(900)}
    url = reverse("awards:propose-ranked", args=[ranked.pk])
    assert client.post(url).status_code == 404  # Qinzhou's staff
    client.force_login(factories.make_staff(qingyuan.authority, username="qingyuan-staff"))
    assert 'id="ranked-list-form"' in client.get(reverse("awards:evaluation", args=[ranked.pk])).content.decode()
    assert client.post(url).status_code == 302
    assert Candidacy.objects.get(application=b).rank == 1


def test_qinzhou_tie_for_the_top_tier_settled_then_the_lower_tier_is_placed(shipped):
    scheme = shipped["qinzhou"]
    award, nomination = scheme.tiers.get(code="award"), scheme.tiers.get(code="nomination")
    award.quota = 2
    award.save(update_fields=["quota"])
    staff = factories.make_staff(scheme.authority, username="qinzhou-staff")
    members = committee(scheme.authority)
    cycle, (a, b, c, d) = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲", "乙", "丙", "丁"])
    vote = votes.vote_open_single(cycle, by=staff)
    ballots = [
        {a: award, b: award, d: nomination},
        {b: award, c: award, d: nomination},
        {a: award, c: award},
    ]
    for member, tiers in zip(members, ballots, strict=True):
        votes.vote_cast(
            vote,
            by=member,
            choices={x.pk: FOR if x in tiers else AGAINST for x in (a, b, c, d)},
            tiers={x.pk: tier.pk for x, tier in tiers.items()},
        )
    votes.vote_close(vote, by=staff)

    def outcomes():
        return {
            line.application.title: (line.tier_id, line.outcome)
            for line in VoteLine.objects.filter(vote=vote).select_related("application")
        }

    # 甲, 乙 and 丙 tie for the two places of the 市长质量奖; the 提名奖 waits until the office settles it
    assert outcomes() == {
        "甲": (award.pk, Outcome.TIE),
        "乙": (award.pk, Outcome.TIE),
        "丙": (award.pk, Outcome.TIE),
        "丁": (None, Outcome.NOT_ELECTED),
    }
    assert list(selectors.unsettled_ties(cycle)) == [vote]
    votes.ties_settle(vote, by=staff, chosen=[a.pk, b.pk], reason="经评审委员会复议")
    assert outcomes() == {
        "甲": (award.pk, Outcome.WINNER),
        "乙": (award.pk, Outcome.WINNER),
        "丙": (nomination.pk, Outcome.WINNER),
        "丁": (nomination.pk, Outcome.WINNER),
    }
    assert list(selectors.unsettled_ties(cycle)) == []


def test_qinzhou_vote_preparation_pages_the_applicants_and_counts_them_all(client, shipped, monkeypatch):
    monkeypatch.setattr(common.pagination, "PAGE_SIZE", 2)
    scheme = shipped["qinzhou"]
    committee(scheme.authority, 1)
    client.force_login(factories.make_staff(scheme.authority, username="qinzhou-staff"))
    cycle, _applications = in_competition(scheme, StageKind.COMMITTEE_VOTE, ["甲", "乙", "丙"])
    url = reverse("awards:votes", args=[cycle.pk])
    client.get(url)
    counts = []
    for more in ([], ["丁", "戊", "己", "庚"]):
        for title in more:
            support.make_application(
                cycle,
                owner=factories.UserFactory(),
                district=_applications[0].district,
                organisation=support.make_organisation(
                    _applications[0].district,
                    registered_on=datetime.date(2010, 1, 1),
                    name=title,
                    credit_code=f"91450700MA{next(_codes):08d}",
                ),
                category=scheme.categories.get(code="organisation"),
                status=ApplicationStatus.ACCEPTED,
                title=title,
            )
        response = client.get(url, {"page": 2})
        page = response.context["in_competition"]
        assert (len(page), page.paginator.count) == (1 if not more else 2, 3 + len(more))
        assert page.start_index() == 3
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"page": 2})
        counts.append(len(queries))
    assert counts[0] == counts[1]
