"""Who sees the members' scores and the draw records: the leader only after declaring no conflict
(the consensus page, both exports, the sheets), a withdrawn reviewer not at all, and members the
excluded colleagues of a draw without their reasons."""

import pytest
from django.urls import reverse

from cycles.enums import StageStatus
from cycles.models import CycleStage
from reviews.enums import RelationKind
from reviews.models import ReviewerRelation, ScoreSheet
from reviews.services import declarations, sheets

from .conftest import drawn, full_scores

pytestmark = pytest.mark.django_db

SCORE_PAGES = ("consensus", "export-xlsx", "export-pdf")


@pytest.fixture
def scored_by_two(world, staff):
    """A group for the first entry in which the two members other than the leader declared and
    submitted their sheets; the leader has not declared yet."""
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    leader, *others = [m.reviewer for m in group.members.order_by("pk")]
    for member in others:
        declarations.declaration_make(entry, by=member, has_conflict=False)
        sheets.sheet_save(entry, by=member, scores=full_scores(entry.application, 60), submit=True)
    return entry, group, leader, others


def statuses(client, entry):
    return {name: client.get(reverse(f"reviews:{name}", args=[entry.pk])).status_code for name in SCORE_PAGES}


def test_the_leader_sees_no_members_scores_before_declaring_no_conflict(client, scored_by_two):
    entry, _group, leader, others = scored_by_two
    sheet = ScoreSheet.objects.get(entry=entry, reviewer=others[0])
    client.force_login(leader)
    assert statuses(client, entry) == dict.fromkeys(SCORE_PAGES, 404)
    assert client.post(reverse("reviews:sheet-reopen", args=[sheet.pk]), {"reason": "复核"}).status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == "submitted"

    declarations.declaration_make(entry, by=leader, has_conflict=False)
    assert statuses(client, entry) == dict.fromkeys(SCORE_PAGES, 200)
    client.post(reverse("reviews:sheet-reopen", args=[sheet.pk]), {"reason": "复核"})
    sheet.refresh_from_db()
    assert sheet.status == "draft"


def test_other_members_never_see_each_others_scores(client, scored_by_two):
    entry, _group, _leader, others = scored_by_two
    client.force_login(others[0])  # declared no conflict, but does not lead
    assert statuses(client, entry) == dict.fromkeys(SCORE_PAGES, 404)


def test_once_the_round_has_ended_the_leader_no_longer_sees_the_scores_but_staff_do(client, scored_by_two, staff):
    entry, _group, leader, _others = scored_by_two
    declarations.declaration_make(entry, by=leader, has_conflict=False)
    CycleStage.objects.filter(pk=entry.round.stage_id).update(status=StageStatus.DONE)
    client.force_login(leader)
    assert statuses(client, entry) == dict.fromkeys(SCORE_PAGES, 404)
    client.force_login(staff)
    assert statuses(client, entry) == dict.fromkeys(SCORE_PAGES, 200)


def test_a_withdrawn_reviewer_no_longer_opens_the_group_page(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    member = group.members.order_by("pk").last().reviewer
    url = reverse("reviews:group", args=[group.pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    declarations.declaration_make(entry, by=member, has_conflict=True, statement="曾为该企业提供咨询")
    assert client.get(url).status_code == 404
    for name in ("declare", "dossier", "score", *SCORE_PAGES):
        assert client.get(reverse(f"reviews:{name}", args=[entry.pk])).status_code == 404, name


def test_members_see_whom_a_draw_excluded_never_why(client, world, staff, supervisor):
    entry = world.round.entries.order_by("pk").first()
    related = world.profiles[0]
    ReviewerRelation.objects.create(
        profile=related, kind=RelationKind.FAMILY, organisation_name=entry.application.title, note="配偶在该企业任职"
    )
    group = drawn(world, staff, entries=[entry])
    [record] = group.draws.all()
    [reason] = [e["reason"] for e in record.exclusions if e["profile"] == related.pk]
    url = reverse("reviews:group", args=[group.pk])

    client.force_login(group.members.order_by("pk").first().reviewer)
    page = client.get(url).content.decode()
    exclusions = page.split('class="col-sm-9 exclusions">', 1)[1].split("</dd>", 1)[0]
    assert exclusions == f"<div><code>{related.pk}</code></div>"
    assert reason not in page

    for who in (staff, supervisor):
        client.force_login(who)
        page = client.get(url).content.decode()
        assert f"<code>{related.pk}</code> {reason}" in page
