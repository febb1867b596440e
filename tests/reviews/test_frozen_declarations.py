"""A reviewer's declared employer and relations are frozen from a round's first draw until its stage
ends: changes are held, the office sees them, and they apply once no round of the authority draws."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import AuditEntry
from cycles.enums import StageKind, StageStatus
from cycles.models import CycleStage
from pipeline.services import cycle_advance
from reviews.enums import EntryDecision, PendingChangeKind, RelationKind
from reviews.models import PendingProfileChange, ReviewerRelation
from reviews.services import groups, pool, rounds

from .conftest import drawn

pytestmark = pytest.mark.django_db


def reload(profile):
    profile.refresh_from_db()
    return profile


def end_the_round_and_start_the_next(world, staff):
    """Material review ends (its stage is done), defence begins with the first application."""
    first, _second = world.round.entries.order_by("pk")
    first.decision = EntryDecision.ADVANCED
    first.save(update_fields=["decision"])
    CycleStage.objects.filter(pk=world.round.stage_id).update(status=StageStatus.DONE)
    defence = world.cycle.stages.get(kind=StageKind.DEFENCE)
    CycleStage.objects.filter(pk=defence.pk).update(status=StageStatus.CURRENT)
    defence.refresh_from_db()
    return rounds.round_open(defence, by=staff)


def test_before_a_round_draws_changes_apply_at_once(world, staff):
    reviewer = world.profiles[5]
    pool.profile_update(reviewer, by=reviewer.user, employer_name="申报企业1")
    declared = pool.relation_add(reviewer, by=reviewer.user, kind=RelationKind.FAMILY, organisation_name="申报企业0")
    assert isinstance(declared, ReviewerRelation)
    assert reload(reviewer).employer_name == "申报企业1"
    assert PendingProfileChange.objects.count() == 0
    assert pool.drawing_round(world.round.cycle.scheme.authority) is None


def test_after_the_first_draw_changes_are_held_and_later_draws_read_the_frozen_declarations(world, staff):
    first, second = world.round.entries.order_by("pk")
    friend, joined, moved = world.profiles[3], world.profiles[4], world.profiles[5]
    relation = ReviewerRelation.objects.create(
        profile=friend, kind=RelationKind.CONSULTING, organisation_name=second.application.title
    )
    drawn(world, staff, entries=[first], seed="first")
    assert pool.drawing_round(world.round.cycle.scheme.authority) == world.round

    # The friend withdraws its relation to be drawn for the second applicant, another declares one
    # to dodge it, a third says it now works there; the profile's other fields change at once.
    assert pool.relation_remove(relation, by=friend.user).kind == PendingChangeKind.RELATION_REMOVED
    held = pool.relation_add(
        joined, by=joined.user, kind=RelationKind.FAMILY, organisation_name=second.application.title
    )
    assert held.kind == PendingChangeKind.RELATION_ADDED
    pool.profile_update(moved, by=moved.user, employer_name=second.application.title, title="高级工程师")
    assert (reload(moved).employer_name, reload(moved).title) == ("", "高级工程师")
    assert ReviewerRelation.objects.filter(pk=relation.pk).exists()
    assert not ReviewerRelation.objects.filter(profile=joined).exists()
    assert sorted(PendingProfileChange.objects.values_list("profile_id", "kind")) == sorted(
        [
            (friend.pk, PendingChangeKind.RELATION_REMOVED),
            (joined.pk, PendingChangeKind.RELATION_ADDED),
            (moved.pk, PendingChangeKind.EMPLOYER),
        ]
    )
    assert AuditEntry.objects.filter(action="reviews.profile_change_held").count() == 3

    # The next draw of the round reads the declarations as they were at its first draw.
    record = drawn(world, staff, entries=[second], seed="second").draws.get()
    assert friend.pk in {e["profile"] for e in record.exclusions}
    assert {joined.pk, moved.pk} <= set(record.pool)
    assert pool.pending_changes_apply(world.round.cycle.scheme.authority) == 0
    assert PendingProfileChange.objects.count() == 3


def test_held_changes_apply_once_the_rounds_stage_is_no_longer_current(world, staff):
    first, second = world.round.entries.order_by("pk")
    reviewer = world.profiles[5]
    relation = ReviewerRelation.objects.create(
        profile=reviewer, kind=RelationKind.CONSULTING, organisation_name="旧客户"
    )
    drawn(world, staff, entries=[first], seed="first")
    pool.relation_remove(relation, by=reviewer.user)
    pool.relation_add(reviewer, by=reviewer.user, kind=RelationKind.FAMILY, organisation_name=first.application.title)
    pool.profile_update(reviewer, by=staff, employer_credit_code=first.application.organisation.credit_code)

    defence = end_the_round_and_start_the_next(world, staff)
    [entry] = defence.entries.all()
    record = groups.group_draw(defence, by=staff, entries=[entry], size=3, seed="defence").draws.get()

    # Applied, in order, as the defence draw read its eligible pool: it excluded the reviewer for both.
    reviewer = reload(reviewer)
    assert reviewer.employer_credit_code == first.application.organisation.credit_code
    assert list(reviewer.relations.values_list("kind", "organisation_name")) == [
        (RelationKind.FAMILY, first.application.title)
    ]
    assert PendingProfileChange.objects.count() == 0
    [exclusion] = [e for e in record.exclusions if e["profile"] == reviewer.pk]
    assert exclusion["reason"].count(first.application.title) == 2
    applied = AuditEntry.objects.filter(action="reviews.profile_change_applied").order_by("pk")
    assert [entry.data["kind"] for entry in applied] == [
        PendingChangeKind.RELATION_REMOVED,
        PendingChangeKind.RELATION_ADDED,
        PendingChangeKind.EMPLOYER,
    ]


def test_the_explicit_service_applies_them_when_no_round_draws(world, staff):
    first, _second = world.round.entries.order_by("pk")
    reviewer = world.profiles[5]
    drawn(world, staff, entries=[first], seed="first")
    pool.profile_update(reviewer, by=reviewer.user, employer_name="新单位")
    authority = world.round.cycle.scheme.authority
    assert pool.pending_changes_apply(authority, by=staff) == 0
    CycleStage.objects.filter(pk=world.round.stage_id).update(status=StageStatus.DONE)
    assert pool.pending_changes_apply(authority, by=staff) == 1
    assert reload(reviewer).employer_name == "新单位"
    assert AuditEntry.objects.get(action="reviews.profile_change_applied").actor_id == staff.pk


def test_staff_and_the_reviewer_see_the_held_changes(client, world, staff, supervisor):
    first, _second = world.round.entries.order_by("pk")
    reviewer = world.profiles[5]
    drawn(world, staff, entries=[first], seed="first")

    client.force_login(reviewer.user)
    response = client.post(
        reverse("reviews:relation-add", args=[reviewer.pk]),
        {"kind": RelationKind.FAMILY, "organisation_name": "某公司"},
    )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "held" in message or "暂缓" in message
    assert not ReviewerRelation.objects.filter(profile=reviewer).exists()
    page = client.get(reverse("reviews:profile", args=[reviewer.pk])).content.decode()
    assert 'id="pending-changes"' in page and "某公司" in page

    client.force_login(staff)
    page = client.get(reverse("reviews:profile", args=[reviewer.pk])).content.decode()
    assert 'id="pending-changes"' in page and "某公司" in page
    for who in (staff, supervisor):
        client.force_login(who)
        page = client.get(reverse("reviews:pool", args=[reviewer.authority_id])).content.decode()
        assert page.count('class="badge text-bg-warning pending-changes"') == 1


def test_changing_the_employer_back_while_held_is_held_too_and_the_last_word_applies(world, staff):
    first, _second = world.round.entries.order_by("pk")
    reviewer = world.profiles[5]
    pool.profile_update(reviewer, by=reviewer.user, employer_name="原单位")
    drawn(world, staff, entries=[first], seed="first")
    pool.profile_update(reviewer, by=reviewer.user, employer_name="新单位")
    pool.profile_update(reviewer, by=reviewer.user, employer_name="原单位")
    pool.profile_update(reviewer, by=reviewer.user, employer_name="原单位")  # nothing new: nothing held
    assert list(reviewer.pending_changes.values_list("data", flat=True)) == [
        {"employer_name": "新单位"},
        {"employer_name": "原单位"},
    ]
    CycleStage.objects.filter(pk=world.round.stage_id).update(status=StageStatus.DONE)
    assert pool.pending_changes_apply(world.round.cycle.scheme.authority) == 2
    assert reload(reviewer).employer_name == "原单位"
    assert set(AuditEntry.objects.filter(action="reviews.profile_change_applied").values_list("actor", flat=True)) == {
        None
    }


def test_changes_held_during_a_round_apply_when_the_pipeline_ends_its_stage(world, staff):
    first, _second = world.round.entries.order_by("pk")
    reviewer = world.profiles[5]
    drawn(world, staff, entries=[first], seed="first")
    pool.profile_update(reviewer, by=staff, employer_name="新单位")
    assert PendingProfileChange.objects.count() == 1
    world.round.entries.update(decision=EntryDecision.ADVANCED)

    cycle_advance(world.cycle, by=staff, ending=world.round.stage_id, confirm=True)

    assert PendingProfileChange.objects.count() == 0
    assert reload(reviewer).employer_name == "新单位"
