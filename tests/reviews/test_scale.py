"""The round ranking as one set-based query, the draw of every group of a round in bulk, and the
round page a page at a time: same results as before, a number of queries that does not grow."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import AuditEntry, Notification
from applications.services.holds import application_hold
from cycles.enums import StageKind
from reviews.drawing import draw_with_expert
from reviews.enums import DrawKind, RelationKind
from reviews.errors import ReviewError
from reviews.models import ConsensusScore, Draw, GroupMember, ReviewerRelation, RoundEntry
from reviews.selectors import round_ranking
from reviews.services import groups, rounds
from reviews.services.pool import ConflictIndex, conflicts, eligible_pool, locked_pool, pool_for
from tests import factories

from .conftest import items_of, make_cycle, make_pool

pytestmark = pytest.mark.django_db


def _round(authority, district, staff, applicant, count, code):
    scheme = factories.make_scheme(
        authority, code=code, review_group_min=3, review_group_max=3, review_group_article="第十九条"
    )
    cycle, _applications = make_cycle(scheme, district, applicant, count=count)
    return rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)


def _score(round_, points_of):
    """Consensus points on every item of each entry: ``points_of(index)`` per item, None for no consensus."""
    for index, entry in enumerate(round_.entries.select_related("application").order_by("pk")):
        points = points_of(index)
        if points is None:
            continue
        ConsensusScore.objects.bulk_create(
            ConsensusScore(entry=entry, item=item, percent=50, points=Decimal(points))
            for item in items_of(entry.application)
        )


def _python_ranking(round_):
    """The ranking as the page computed it before: totals summed in Python, sorted, numbered in order."""
    totals = {}
    for score in ConsensusScore.objects.filter(entry__round=round_):
        totals[score.entry_id] = totals.get(score.entry_id, Decimal(0)) + score.points
    entries = sorted(
        RoundEntry.objects.filter(round=round_).select_related("application"),
        key=lambda e: (-totals.get(e.pk, Decimal(0)), e.application.title, e.pk),
    )
    ranked = []
    for position, entry in enumerate(entries, start=1):
        total = totals.get(entry.pk, Decimal(0))
        place = ranked[-1][3] if ranked and ranked[-1][2] == total else position
        ranked.append((entry.pk, position, total, place))
    return ranked


def test_round_ranking_is_the_python_ranking_with_ties(authority, district, staff, applicant):
    round_ = _round(authority, district, staff, applicant, 9, "rank-ties")
    _score(round_, lambda index: None if index == 4 else str(40 + 10 * (index // 2)))  # pairs tie
    actual = [(e.pk, e.position, e.total, e.place) for e in round_ranking(round_)]
    assert actual == _python_ranking(round_)
    places = [place for _pk, _position, _total, place in actual]
    assert places[:3] == [1, 2, 2]  # 80 alone, then two at 70


def test_round_ranking_costs_one_query_whatever_the_number_of_entries(authority, district, staff, applicant):
    counts = []
    for count in (3, 12):
        round_ = _round(authority, district, staff, applicant, count, f"rank-q{count}")
        _score(round_, lambda index: str(index % 4 * 10))
        with CaptureQueriesContext(connection) as queries:
            rows = list(round_ranking(round_))
        counts.append(len(queries))
        assert len(rows) == count
    assert counts == [1, 1]


@pytest.mark.parametrize("count", [3, 60])
def test_round_page_is_paginated_with_constant_queries(
    client, authority, district, staff, applicant, count, django_assert_num_queries
):
    round_ = _round(authority, district, staff, applicant, count, f"page{count}")
    make_pool(authority, 3, prefix=f"p{count}-")
    _score(round_, lambda index: str(index))
    client.force_login(staff)
    url = reverse("reviews:round", args=[round_.pk])
    client.get(url)  # warm caches (content types, permissions)
    with django_assert_num_queries(9):
        response = client.get(url)
    ranking = list(response.context["ranking"])
    assert [e.position for e in ranking] == list(range(1, min(count, 50) + 1))
    assert response.context["page"].paginator.count == count
    offered = [value for value, _label in response.context["form"].fields["entries"].widget.choices]
    assert offered == [entry.pk for entry in ranking]
    if count > 50:
        second = client.get(url, {"page": 2})
        assert [e.position for e in second.context["ranking"]] == list(range(51, count + 1))


# The draw of every group of a round -------------------------------------------------------------


def _conflicted(profiles, round_):
    """The first profile declares a relation to the first applicant of the round."""
    first = round_.entries.select_related("application").order_by("application__title", "pk").first()
    ReviewerRelation.objects.create(
        profile=profiles[0], kind=RelationKind.FAMILY, organisation_name=first.application.title
    )
    return first


class _Undo(Exception):
    pass


def _records(round_):
    return [
        (group.number, [e.pk for e in group.entries.order_by("pk")], draw.seed, draw.pool, draw.exclusions, draw.result)
        for group in round_.groups.order_by("number")
        for draw in group.draws.all()
    ]


def test_groups_draw_all_gives_the_groups_drawn_one_by_one(authority, district, staff, applicant):
    round_ = _round(authority, district, staff, applicant, 4, "all-same")
    profiles = make_pool(authority, 6)
    _conflicted(profiles, round_)
    with pytest.raises(_Undo), transaction.atomic():
        for index, entry in enumerate(
            round_.entries.select_related("application").order_by("application__title", "pk"), start=1
        ):
            groups.group_draw(round_, by=staff, entries=[entry], size=3, seed=f"s:{index}")
        one_by_one = _records(round_)
        raise _Undo
    drawn = groups.groups_draw_all(round_, by=staff, size=3, seed="s")
    assert len(drawn) == 4
    assert _records(round_) == one_by_one
    assert one_by_one[0][4] and profiles[0].pk not in one_by_one[0][3]  # the conflicted reviewer is left out


def test_groups_draw_all_keeps_a_recomputable_record_per_group(authority, district, staff, applicant):
    round_ = _round(authority, district, staff, applicant, 3, "all-record")
    profiles = make_pool(authority, 5)
    conflicted = _conflicted(profiles, round_)
    drawn = groups.groups_draw_all(round_, by=staff, size=3)
    records = list(Draw.objects.filter(group__in=drawn).order_by("group__number"))
    assert [r.kind for r in records] == [DrawKind.GROUP] * 3
    assert len({r.seed for r in records}) == 3
    for record in records:
        assert groups.draw_verify(record) is True
        assert record.result == draw_with_expert(record.seed, record.pool, 3, record.industry_experts)
        entry = record.group.entries.select_related("application__organisation").get()
        assert (record.pool, record.exclusions) == eligible_pool(round_, [entry.application])
        members = list(GroupMember.objects.filter(group=record.group).order_by("pk"))
        assert [m.profile_id for m in members] == record.result
        assert [m.is_leader for m in members] == [True, False, False]
    assert conflicted.pk in [e.pk for e in records[0].group.entries.all()]
    audits = AuditEntry.objects.filter(action="reviews.group_drawn").order_by("pk")
    assert [(a.target_id, a.data["seed"], a.data["result"]) for a in audits] == [
        (r.group_id, r.seed, r.result) for r in records
    ]
    assert Notification.objects.filter(subject__contains=str(records[0].group)).count() == 3
    assert Notification.objects.count() == 9
    with pytest.raises(ReviewError):
        groups.groups_draw_all(round_, by=staff, size=3)  # none left


def test_groups_draw_all_leaves_a_held_application_free(authority, district, staff, applicant):
    round_ = _round(authority, district, staff, applicant, 3, "all-held")
    make_pool(authority, 4)
    held = round_.entries.select_related("application").order_by("pk").first()
    application_hold(held.application, by=staff, reference="YY-1", reason="异议核查中")
    drawn = groups.groups_draw_all(round_, by=staff, size=3)
    assert len(drawn) == 2
    held.refresh_from_db()
    assert held.group_id is None


def test_groups_draw_all_refused_to_others_and_for_a_wrong_size(authority, district, staff, applicant, other_authority):
    round_ = _round(authority, district, staff, applicant, 2, "all-denied")
    make_pool(authority, 4)
    outsider = factories.make_staff(other_authority)
    with pytest.raises(ReviewError):
        groups.groups_draw_all(round_, by=outsider, size=3)
    with pytest.raises(ReviewError):
        groups.groups_draw_all(round_, by=staff, size=4)
    assert not Draw.objects.exists()


def test_groups_draw_all_costs_the_same_queries_for_2_and_9_groups(authority, district, staff, applicant):
    make_pool(authority, 6)
    counts = []
    for count in (2, 9):
        round_ = _round(authority, district, staff, applicant, count, f"all-q{count}")
        with CaptureQueriesContext(connection) as queries:
            drawn = groups.groups_draw_all(round_, by=staff, size=3, seed="q")
        counts.append(len(queries))
        assert len(drawn) == count
    assert counts[0] == counts[1]


def test_draw_all_view_for_staff_only(client, authority, district, staff, applicant, other_authority, supervisor):
    round_ = _round(authority, district, staff, applicant, 2, "all-view")
    make_pool(authority, 4)
    url = reverse("reviews:round-draw-all", args=[round_.pk])
    for user in (factories.make_staff(other_authority), supervisor):
        client.force_login(user)
        assert client.post(url, {"size": 3}).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 405
    response = client.post(url, {"size": 3})
    assert response.status_code == 302 and response.url == reverse("reviews:round", args=[round_.pk])
    assert round_.groups.count() == 2


def _pool_checking_every_profile(profiles, applications, exclude):
    """The pool as the draw computed it before the index: every profile checked against the batch."""
    pool, exclusions = [], []
    for profile in profiles:
        if profile.pk in exclude:
            exclusions.append({"profile": profile.pk, "reason": gettext("already drawn for this group")})
            continue
        reasons = [f"{a.title}: {reason}" for a in applications for reason in conflicts(profile, a)]
        if reasons:
            exclusions.append({"profile": profile.pk, "reason": "; ".join(reasons)})
        else:
            pool.append(profile.pk)
    return pool, exclusions


def test_pool_for_through_the_index_is_the_check_of_every_profile(authority, district, staff, applicant):
    round_ = _round(authority, district, staff, applicant, 3, "pool-index")
    profiles = make_pool(authority, 7)
    first, second, _third = [e.application for e in round_.entries.select_related("application__organisation")]
    profiles[0].employer_credit_code = first.organisation.credit_code.lower()
    profiles[1].employer_name = second.organisation.name
    profiles[0].save()
    profiles[1].save()
    ReviewerRelation.objects.create(
        profile=profiles[2], kind=RelationKind.FAMILY, credit_code=second.organisation.credit_code
    )
    ReviewerRelation.objects.create(profile=profiles[3], kind=RelationKind.FAMILY, organisation_name=f" {first.title} ")
    ReviewerRelation.objects.create(profile=profiles[3], kind=RelationKind.FAMILY, organisation_name=second.title)
    ReviewerRelation.objects.create(profile=profiles[4], kind=RelationKind.FAMILY, organisation_name="别的公司")
    with transaction.atomic():
        locked = locked_pool(round_)
    index = ConflictIndex(locked)
    for batch, exclude in (
        ([first], ()),
        ([second], (profiles[5].pk,)),
        ([first, second], (profiles[0].pk,)),
        ([_third], ()),
    ):
        expected = _pool_checking_every_profile(locked, batch, exclude)
        assert pool_for(locked, batch, exclude_profile_ids=exclude, index=index) == expected
        assert pool_for(locked, batch, exclude_profile_ids=exclude) == expected
    assert len(pool_for(locked, [first, second])[1]) == 4
