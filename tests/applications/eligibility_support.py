"""Builders for the recommendation and eligibility tests: schemes shaped like Lanzhou and Jinzhong,
cycles standing at a chosen stage, and applications in a chosen status (test set-up only)."""

import datetime

from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Organisation, TeamMember
from cycles.enums import ApplicantKind, ConditionCheck, DayUnit, PeriodUnit, SanctionCause, StageKind, StageStatus
from cycles.models import Category, Cycle, CycleStage, EligibilityCondition, Sanction, StageDefinition, Tier
from tests import factories

LANZHOU_STAGES = [
    (StageKind.APPLICATION, "申报", "第十二条", None),
    (StageKind.COUNTY_NOTICE, "县区公示", "第十三条", 5),
    (StageKind.RECOMMENDATION, "县区报送", "第十三条第二款", None),
    (StageKind.ELIGIBILITY, "材料评审与受理", "第十五条", None),
    (StageKind.ACCEPTANCE_NOTICE, "受理名单公示", "第十五条", 5),
]
PLAIN_STAGES = [
    (StageKind.APPLICATION, "申报推荐", "第十七条", None),
    (StageKind.ELIGIBILITY, "资格审核", "第十八条", None),
    (StageKind.ACCEPTANCE_NOTICE, "受理名单公示", "第十九条", 5),
]


def make_pipeline(scheme, stages):
    scheme.stages.all().delete()
    for order, (kind, name, article, days) in enumerate(stages, start=1):
        StageDefinition.objects.create(
            scheme=scheme,
            order=order,
            kind=kind,
            name=name,
            article=article,
            notice_days=days,
            notice_unit=DayUnit.WORKING,
        )


def lanzhou_rules(scheme):
    """Lanzhou's conditions: 5 years operating (第十条第（一）项), a judgment condition, cooling-off (第六条), bans."""
    make_pipeline(scheme, LANZHOU_STAGES)
    return lanzhou_rules_conditions(scheme)


def lanzhou_rules_conditions(scheme):
    tier = scheme.tiers.get(code="award")
    tier.cooling_off_value, tier.cooling_off_unit, tier.cooling_off_article = 5, PeriodUnit.YEARS, "第六条"
    tier.save()
    Tier.objects.create(scheme=scheme, code="nominee", name="提名奖", rank=2, quota=5)
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=1,
        check_kind=ConditionCheck.YEARS_OPERATING,
        parameter=5,
        text="正常运行满5年",
        article="第十条第（一）项",
    )
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=2,
        check_kind=ConditionCheck.JUDGMENT,
        text="近5年内未发生重大质量、安全、环保事故",
        article="第十条第（六）项",
    )
    EligibilityCondition.objects.create(
        scheme=scheme, order=3, check_kind=ConditionCheck.COOLING_OFF, text="获奖满有效期", article="第六条"
    )
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=4,
        check_kind=ConditionCheck.SANCTION,
        text="未因弄虚作假被取消申报资格",
        article="第三十二条",
    )
    Sanction.objects.create(
        scheme=scheme, cause=SanctionCause.FRAUD, bar_value=5, bar_unit=PeriodUnit.YEARS, article="第三十二条"
    )
    Sanction.objects.create(
        scheme=scheme, cause=SanctionCause.BRIBERY, bar_value=10, bar_unit=PeriodUnit.YEARS, article="第三十三条"
    )
    return scheme


def jinzhong_rules(scheme):
    """Jinzhong's individuals: teams of up to 3 (第十一条), ≥3 years in quality work (第十一条第（一）项);
    winners skip two cycles (第六条)."""
    make_pipeline(scheme, PLAIN_STAGES)
    scheme.max_team_size, scheme.team_size_article = 3, "第十一条"
    scheme.save()
    tier = scheme.tiers.get(code="award")
    tier.cooling_off_value, tier.cooling_off_unit, tier.cooling_off_article = 2, PeriodUnit.CYCLES, "第六条"
    tier.save()
    category = Category.objects.create(
        scheme=scheme,
        code="individual",
        name="个人",
        applicant_kind=ApplicantKind.INDIVIDUAL,
        rubric=scheme.categories.first().rubric,
        order=2,
    )
    category.tiers.add(tier)
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=1,
        applicant_kind=ApplicantKind.INDIVIDUAL,
        check_kind=ConditionCheck.TEAM_SIZE,
        text="个人或不超过3人的团队",
        article="第十一条",
    )
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=2,
        applicant_kind=ApplicantKind.INDIVIDUAL,
        check_kind=ConditionCheck.YEARS_IN_QUALITY_WORK,
        parameter=3,
        text="从事质量工作3年以上",
        article="第十一条第（一）项",
    )
    EligibilityCondition.objects.create(
        scheme=scheme,
        order=3,
        applicant_kind=ApplicantKind.ORGANISATION,
        check_kind=ConditionCheck.YEARS_OPERATING,
        parameter=3,
        text="正常运行3年以上",
        article="第九条第（一）项",
    )
    EligibilityCondition.objects.create(
        scheme=scheme, order=4, check_kind=ConditionCheck.COOLING_OFF, text="获奖后间隔两届", article="第六条"
    )
    return scheme


def open_cycle(scheme, *, at=StageKind.APPLICATION, name="第一届", year=2026, deadline=None, opened_at=None):
    """A cycle of ``scheme`` whose current stage is the first of kind ``at``; earlier stages are done."""
    cycle = Cycle.objects.create(
        scheme=scheme,
        name=name,
        year=year,
        call_text="通知",
        submission_deadline=deadline or timezone.make_aware(datetime.datetime(year, 6, 30, 17, 0)),
    )
    if opened_at is not None:
        Cycle.objects.filter(pk=cycle.pk).update(opened_at=opened_at)
        cycle.refresh_from_db()
    reached = False
    for definition in scheme.stages.order_by("order"):
        if not reached and definition.kind == at:
            status, reached = StageStatus.CURRENT, True
        else:
            status = StageStatus.PENDING if reached else StageStatus.DONE
        CycleStage.objects.create(
            cycle=cycle,
            definition=definition,
            order=definition.order,
            kind=definition.kind,
            name=definition.name,
            article=definition.article,
            status=status,
            planned_start=datetime.date(year, 1, 1),
            planned_end=datetime.date(year, 12, 31),
        )
    return cycle


def set_stage(cycle, kind):
    cycle.stages.update(status=StageStatus.PENDING)
    target = cycle.stages.get(kind=kind)
    cycle.stages.filter(order__lt=target.order).update(status=StageStatus.DONE)
    cycle.stages.filter(pk=target.pk).update(status=StageStatus.CURRENT)


_codes = iter(range(10**6))


def make_organisation(district, *, registered_on, name=None, credit_code=None, members=()):
    number = next(_codes)
    organisation = Organisation.objects.create(
        name=name or f"测试企业{number}",
        credit_code=credit_code or f"91620100MA{number:08d}",
        registered_on=registered_on,
        district=district,
    )
    organisation.members.add(*members)
    return organisation


def make_application(
    cycle, *, owner, district, organisation=None, status=ApplicationStatus.SUBMITTED, category=None, title=None
):
    category = category or cycle.scheme.categories.get(code="organisation")
    return Application.objects.create(
        cycle=cycle,
        category=category,
        organisation=organisation,
        owner=owner,
        district=district,
        title=title or (organisation.name if organisation else "张三"),
        status=status,
        submitted_at=timezone.now() if status != ApplicationStatus.DRAFT else None,
    )


def add_members(application, members):
    """Team members (name, years in quality work, identity number) on an individual application."""
    for order, (name, years, identity) in enumerate(members, start=1):
        TeamMember.objects.create(
            application=application,
            order=order,
            name=name,
            id_number=identity or f"1407021980010{order:05d}",
            years_in_quality_work=years,
            employer="晋中市某公司",
        )


def department_with_user(authority, district, *, username, name):
    department = factories.DepartmentFactory(authority=authority, name=name)
    department.districts.add(district)
    return department, factories.make_department_user(department, username=username)
