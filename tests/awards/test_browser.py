"""A committee member finds the vote on its home page and casts a secret ballot, in Chinese."""

import datetime

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.models import Ballot, Candidacy, VoteParticipation
from awards.services import votes
from tests import factories

from .conftest import make_application, make_cycle, sealed_ballots


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_committee_member_casts_secret_ballot_in_chinese(live_server, page):
    authority = factories.AuthorityFactory(region="钦州市")
    district = factories.DistrictFactory(authority=authority)
    scheme = factories.make_scheme(
        authority, code="qinzhou-test", committee_secret_ballot=True, committee_article="第十九条"
    )
    cycle = make_cycle(scheme)
    tier = scheme.tiers.get()
    staff = factories.make_staff(authority, username="b-staff")
    member = factories.make_committee_member(authority, username="b-member", display_name="李委员")
    first = make_application(cycle, district, "钦州甲公司", status=ApplicationStatus.CANDIDATE)
    second = make_application(cycle, district, "钦州乙公司", status=ApplicationStatus.CANDIDATE)
    for rank, application in enumerate([first, second], start=1):
        Candidacy.objects.create(application=application, tier=tier, rank=rank, proposed_by=staff)
    vote = votes.vote_open(cycle, tier, by=staff, closes_on=datetime.date(2026, 12, 1))

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.get_by_role("link", name=f"对{vote}进行投票").click()
    page.wait_for_url(live_server.url + reverse("awards:ballot", args=[vote.pk]))
    assert "无记名投票" in page.locator("main").inner_text()
    page.locator(f"input[name=choice_{first.pk}][value=for]").check()
    page.locator(f"input[name=choice_{second.pk}][value=abstain]").check()
    page.get_by_role("button", name="提交我的选票").click()
    page.wait_for_url(live_server.url + reverse("awards:my-votes"))
    assert "您的选票已记录。" in page.locator("body").inner_text()
    assert "您已投票。" in page.locator("main").inner_text()
    assert list(VoteParticipation.objects.values_list("member__username", flat=True)) == ["b-member"]
    assert Ballot.objects.count() == 0  # in the sealed box until the vote closes
    assert sealed_ballots(vote) == [{first.pk: "for", second.pk: "abstain"}]
