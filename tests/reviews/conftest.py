"""A cycle standing at material review with accepted applications and a pool of reviewers."""

import datetime
from types import SimpleNamespace

import pytest

from applications.enums import ApplicationStatus
from cycles.enums import StageKind
from cycles.models import RubricItem
from reviews.models import ReviewerProfile
from reviews.services import declarations, groups, pool, rounds, sheets
from tests import factories
from tests.applications.eligibility_support import make_application, make_organisation, make_pipeline, open_cycle

REVIEW_PIPELINE = [
    (StageKind.APPLICATION, "申报推荐", "第十七条", None),
    (StageKind.ELIGIBILITY, "资格审核", "第十八条", None),
    (StageKind.MATERIAL_REVIEW, "材料评审", "第十九条", None),
    (StageKind.DEFENCE, "陈述答辩", "第二十条", None),
    (StageKind.ONSITE_REVIEW, "现场评审", "第二十一条", None),
]


def make_pool(authority, count, *, prefix="expert"):
    """``count`` reviewer accounts of ``authority``, each with an active pool profile."""
    users = [factories.make_reviewer(authority, username=f"{prefix}{index}") for index in range(1, count + 1)]
    pool.pool_sync(authority)
    return list(ReviewerProfile.objects.filter(user__in=users).select_related("user").order_by("pk"))


def make_cycle(scheme, district, owner, *, count=2, at=StageKind.MATERIAL_REVIEW, pipeline=REVIEW_PIPELINE):
    make_pipeline(scheme, pipeline)
    cycle = open_cycle(scheme, at=at)
    applications = []
    for index in range(count):
        organisation = make_organisation(
            district, registered_on=datetime.date(2010, 1, 1), name=f"申报企业{index}", members=[owner]
        )
        applications.append(
            make_application(
                cycle, owner=owner, district=district, organisation=organisation, status=ApplicationStatus.ACCEPTED
            )
        )
    return cycle, applications


def items_of(application):
    return list(RubricItem.objects.filter(section__rubric=application.category.rubric).order_by("pk"))


def full_scores(application, percent=80):
    return {
        item.pk: {"percent": percent, "strengths": "优势", "improvements": "改进"} for item in items_of(application)
    }


@pytest.fixture
def world(authority, district, staff, applicant):
    scheme = factories.make_scheme(authority, review_group_min=3, review_group_max=3, review_group_article="第十九条")
    scheme.conflict_article, scheme.confidentiality_article = "第二十三条", "第二十四条"
    scheme.save()
    profiles = make_pool(authority, 6)
    cycle, applications = make_cycle(scheme, district, applicant)
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)
    return SimpleNamespace(scheme=scheme, cycle=cycle, applications=applications, profiles=profiles, round=round_)


def drawn(world, staff, *, entries=None, seed="fixed-seed"):
    entries = entries or list(world.round.entries.order_by("pk"))
    return groups.group_draw(world.round, by=staff, entries=entries, size=3, seed=seed)


def scored_entry(world, staff, percents=(80, 80, 80)):
    """A group drawn for the first entry, every member declared and submitted its sheet."""
    entry = world.round.entries.order_by("pk").first()
    group = drawn(world, staff, entries=[entry])
    members = list(group.members.select_related("reviewer").order_by("pk"))
    for member, percent in zip(members, percents, strict=True):
        declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
        sheets.sheet_save(entry, by=member.reviewer, scores=full_scores(entry.application, percent), submit=True)
    entry.refresh_from_db()
    return entry, group, members
