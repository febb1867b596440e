"""factory_boy factories and helpers shared by every test module."""

import datetime
import itertools

import factory
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.enums import DEPARTMENT_PERMISSION, AuthorityPermission, DepartmentKind, Role
from accounts.models import Authority, Department, District, User
from accounts.services import grant_authority_role
from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from cycles.enums import ApplicantKind, DayUnit, StageKind, StageStatus
from cycles.models import (
    AwardScheme,
    Category,
    Cycle,
    CycleStage,
    Rubric,
    RubricItem,
    RubricSection,
    StageDefinition,
    Tier,
)
from cycles.services import current_stage
from pipeline.services import cycle_advance

PASSWORD = "correct-horse-battery"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"测试市人民政府{n}")
    region = factory.Sequence(lambda n: f"测试市{n}")
    office_name = "市质强办"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"第{n}区")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"区人民政府{n}")
    kind = DepartmentKind.COUNTY_GOVERNMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_staff(authority, **kwargs):
    user = UserFactory(role=Role.STAFF, **kwargs)
    grant_authority_role(user, authority, AuthorityPermission.MANAGE)
    return user


def make_supervisor(authority, **kwargs):
    user = UserFactory(role=Role.SUPERVISOR, **kwargs)
    assign_perm(AuthorityPermission.SUPERVISE, user, authority)
    return user


def make_committee_member(authority, **kwargs):
    user = UserFactory(role=Role.COMMITTEE, **kwargs)
    assign_perm(AuthorityPermission.COMMITTEE, user, authority)
    return user


def make_reviewer(authority, **kwargs):
    user = UserFactory(role=Role.REVIEWER, **kwargs)
    assign_perm(AuthorityPermission.REVIEW, user, authority)
    return user


def make_department_user(department, **kwargs):
    user = UserFactory(role=Role.DEPARTMENT, **kwargs)
    assign_perm(DEPARTMENT_PERMISSION, user, department)
    return user


def make_rubric(code="rubric", items=((100, "领导"), (100, "结果"))):
    rubric = Rubric.objects.create(code=code, name=f"评分标准 {code}", standard="GB/T 19580-2012")
    for index, (points, title) in enumerate(items, start=1):
        section = RubricSection.objects.create(
            rubric=rubric, number=str(index), title=title, points=points, order=index
        )
        RubricItem.objects.create(section=section, number=f"{index}.1", title=title, points=points, order=1)
    return rubric


def make_scheme(authority, *, code="test-award", stages=None, interval_years=2, **fields):
    """A small scheme: one tier of 3, organisations only, a plain pipeline with one notice."""
    scheme = AwardScheme.objects.create(
        authority=authority,
        code=code,
        name=f"{authority.region}质量奖",
        regulation_title="质量奖管理办法",
        interval_years=interval_years,
        interval_article="第五条",
        **fields,
    )
    tier = Tier.objects.create(scheme=scheme, code="award", name="质量奖", quota=3, quota_article="第五条")
    category = Category.objects.create(
        scheme=scheme,
        code="organisation",
        name="组织",
        applicant_kind=ApplicantKind.ORGANISATION,
        rubric=make_rubric(code=f"{code}-rubric"),
    )
    category.tiers.add(tier)
    stages = stages or [
        (StageKind.APPLICATION, "申报推荐", None),
        (StageKind.ELIGIBILITY, "资格审核", None),
        (StageKind.ACCEPTANCE_NOTICE, "受理名单公示", 5),
        (StageKind.MATERIAL_REVIEW, "材料评审", None),
    ]
    for order, (kind, name, days) in enumerate(stages, start=1):
        StageDefinition.objects.create(
            scheme=scheme,
            order=order,
            kind=kind,
            name=name,
            article=f"第{order + 10}条",
            notice_days=days,
            notice_unit=DayUnit.WORKING,
        )
    return scheme


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def advance(cycle, *, by, confirm=True, reason=""):
    """End the current stage of ``cycle`` through the pipeline, as the cycle page does."""
    stage = current_stage(cycle)
    return cycle_advance(cycle, by=by, ending=stage.pk if stage else 0, confirm=confirm, reason=reason)


def cycle_at(scheme, kind, *, name="第一届", deadline_days=-30):
    """A cycle of ``scheme`` whose current stage is the first of ``kind``, the earlier ones done."""
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        scheme=scheme,
        name=name,
        year=today.year,
        call_text="申报通知",
        submission_deadline=timezone.now() + datetime.timedelta(days=deadline_days),
    )
    reached = False
    for definition in scheme.stages.order_by("order"):
        if reached:
            status = StageStatus.PENDING
        elif definition.kind == kind:
            status, reached = StageStatus.CURRENT, True
        else:
            status = StageStatus.DONE
        CycleStage.objects.create(
            cycle=cycle,
            definition=definition,
            order=definition.order,
            kind=definition.kind,
            name=definition.name,
            article=definition.article,
            status=status,
            planned_start=today,
            planned_end=today,
            started_at=timezone.now() if status == StageStatus.CURRENT else None,
        )
    return cycle


_credit_codes = itertools.count(1)


def application_in(cycle, district, *, title, status=ApplicationStatus.ACCEPTED, owner=None):
    """An organisation's application in ``cycle`` with ``status``, set directly (no dossier)."""
    organisation = Organisation.objects.create(
        name=title,
        credit_code=f"91000000MA{next(_credit_codes):08d}",
        registered_on=datetime.date(2015, 1, 1),
        district=district,
    )
    return Application.objects.create(
        cycle=cycle,
        category=cycle.scheme.categories.first(),
        organisation=organisation,
        owner=owner or UserFactory(),
        district=district,
        title=title,
        status=status,
    )
