from django.urls import reverse
from django.utils import translation

from reviews.home import reviewer_tasks, staff_tasks
from reviews.services import declarations, pool, sheets

from .conftest import drawn, full_scores


def test_reviewer_tasks_declare_score_then_consensus(world, staff, django_assert_num_queries):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    leader = group.members.get(is_leader=True).reviewer
    with django_assert_num_queries(2):
        tasks = reviewer_tasks(leader)
    assert [t.url for t in tasks] == [
        reverse("reviews:my-profile", args=[world.scheme.authority_id]),
        reverse("reviews:declare", args=[entry.pk]),
    ]
    pool.profile_update(leader.reviewer_profiles.get(), by=leader, field="质量管理")
    declarations.declaration_make(entry, by=leader, has_conflict=False)
    assert [t.url for t in reviewer_tasks(leader)] == [reverse("reviews:score", args=[entry.pk])]
    sheets.sheet_save(entry, by=leader, scores=full_scores(entry.application), submit=True)
    assert [t.url for t in reviewer_tasks(leader)] == [reverse("reviews:consensus", args=[entry.pk])]
    assert reviewer_tasks(staff) == []


def test_staff_tasks_draw_then_rank(world, staff, other_staff, django_assert_num_queries):
    staff.refresh_from_db()
    with django_assert_num_queries(2):
        tasks = staff_tasks(staff)
    assert [t.url for t in tasks] == [reverse("reviews:round", args=[world.round.pk])]
    assert "2" in tasks[0].detail
    drawn(world, staff)
    with translation.override("zh-hans"):
        tasks = staff_tasks(staff)
    assert [t.title for t in tasks] == ["排序并确定入围名单：材料评审"]
    assert staff_tasks(other_staff) == []


def test_home_page_shows_reviewer_task(client, world, staff):
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    client.force_login(group.members.first().reviewer)
    response = client.get(reverse("pipeline:home"))
    assert reverse("reviews:declare", args=[entry.pk]) in response.content.decode()
