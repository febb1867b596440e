"""Province-sized data, written in bulk: authorities with their schemes, reviewers, cycles with
dossiers, review groups, full score sheets, consensus, notices, candidates and the register.

``manage.py seed_province`` builds a whole province with it; ``manage.py bench`` builds the one
authority it measures (inside a transaction it rolls back). Every row is written with
``bulk_create``; only the few transitions that make a cycle, a round and a vote call their service,
so that what the pages read is what the services would have written. Everything created here lives
under authorities whose name starts with ``SCALE_PREFIX``, apart from any real authority.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from accounts.enums import DEPARTMENT_PERMISSION, AuthorityPermission, DepartmentKind, Role
from accounts.models import Authority, Department, District, User
from accounts.services import grant_authority_role
from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationForm, Organisation, ReportSection
from awards.models import Candidacy
from awards.services import votes
from cycles.editions import edition_build
from cycles.enums import NOTICE_STAGES, REVIEW_STAGES, ApplicantKind, CycleState, StageStatus
from cycles.loader import SCHEME_MODULES, load_schemes, module_rulebook
from cycles.models import AwardScheme, Cycle, RubricItem
from pipeline.services import cycle_open as pipeline_cycle_open
from publicity.enums import NoticeStatus
from publicity.models import Notice, NoticeEntry
from register.certificates import new_code
from register.models import AwardRecord, Certificate
from reviews.drawing import draw
from reviews.enums import DrawKind, SheetStatus
from reviews.models import (
    ConsensusScore,
    Declaration,
    Draw,
    GroupMember,
    GroupReport,
    ItemScore,
    ReviewerProfile,
    ReviewGroup,
    RoundEntry,
    ScoreSheet,
)
from reviews.services.groups import group_size_bounds
from reviews.services.rounds import round_open

from .people import DEMO_PASSWORD

SCALE_PREFIX = "规模测试"
BATCH = 5000
ENTRIES_PER_GROUP = 4  # a review group scores a batch of four dossiers
CANDIDATES = 20  # proposed to the committee, whatever the size of the cycle: the quotas bound them
REPORT_TEXT = (
    "本单位建立了以顾客为中心的质量管理体系，高层领导亲自推动卓越绩效模式，方针目标逐级分解，"
    "关键过程绩效指标按月测量、分析和改进，近三年主要经营指标持续增长，顾客满意度保持行业领先。"
)


@dataclass
class Province:
    """The people of one scale authority, and what its cycles need."""

    authority: Authority
    scheme: AwardScheme
    staff: User
    supervisor: User
    applicant: User
    committee: list = field(default_factory=list)
    departments: list = field(default_factory=list)  # [(Department, User)]
    districts: list = field(default_factory=list)
    profiles: list = field(default_factory=list)


def is_scale_authority(authority) -> bool:
    return authority.name.startswith(SCALE_PREFIX)


def _users(rows, password) -> list[User]:
    return User.objects.bulk_create(
        [
            User(username=username, role=role, display_name=name, email=f"{username}@scale.invalid", password=password)
            for username, role, name in rows
        ],
        batch_size=BATCH,
    )


def reviewers_create(label: str, count: int) -> list[User]:
    """``count`` reviewer accounts, written in one go (one password hash for all)."""
    password = make_password(DEMO_PASSWORD)
    return _users([(f"{label}-reviewer{i}", Role.REVIEWER, f"{label}评审员{i}") for i in range(1, count + 1)], password)


def pool_fill(authority, reviewers) -> list[ReviewerProfile]:
    """Put ``reviewers`` in the expert pool of ``authority``: the permission and the profile, in bulk."""
    content_type = ContentType.objects.get_for_model(Authority)
    permission = content_type.permission_set.get(codename=AuthorityPermission.REVIEW.split(".")[1])
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=user, permission=permission, content_type=content_type, object_pk=str(authority.pk)
            )
            for user in reviewers
        ],
        batch_size=BATCH,
    )
    return ReviewerProfile.objects.bulk_create(
        [
            ReviewerProfile(
                user=user,
                authority=authority,
                field="卓越绩效管理",
                industries="装备制造",
                title="高级工程师",
                employer_name=f"{authority.region}质量协会",
            )
            for user in reviewers
        ],
        batch_size=BATCH,
    )


def authority_create(label: str, *, scheme_code: str = "suizhou", reviewers=()) -> Province:
    """An authority of the scale set named after ``label``, running a copy of the shipped scheme
    ``scheme_code`` (its own code, the same rules), with its districts, departments, staff,
    supervisor, committee, one applicant account and ``reviewers`` in its pool."""
    load_schemes()
    module = next(m for m in SCHEME_MODULES if m.SCHEME["code"] == scheme_code)
    authority = Authority.objects.create(
        name=f"{SCALE_PREFIX}{label}人民政府", region=f"{label}市", office_name=f"{label}市质量强市工作委员会办公室"
    )
    scheme = edition_build(
        module_rulebook(module), authority=authority, code=f"scale-{label}", edition=1, note=SCALE_PREFIX
    )
    AwardScheme.objects.filter(pk=scheme.pk).update(name=f"{label}{scheme.name}")
    scheme.refresh_from_db()
    districts = District.objects.bulk_create(
        [District(authority=authority, name=f"{label}第{i}区") for i in range(1, 5)]
    )
    password = make_password(DEMO_PASSWORD)
    staff, supervisor, applicant, *committee = _users(
        [
            (f"{label}-staff", Role.STAFF, f"{label}质量办"),
            (f"{label}-supervisor", Role.SUPERVISOR, f"{label}纪检监察"),
            (f"{label}-applicant", Role.APPLICANT, f"{label}申报人"),
        ]
        + [(f"{label}-committee{i}", Role.COMMITTEE, f"{label}评委{i}") for i in range(1, 4)],
        password,
    )
    grant_authority_role(staff, authority, AuthorityPermission.MANAGE)
    grant_authority_role(supervisor, authority, AuthorityPermission.SUPERVISE)
    for member in committee:
        grant_authority_role(member, authority, AuthorityPermission.COMMITTEE)
    departments = []
    for index, district in enumerate(districts, start=1):
        department = Department.objects.create(
            authority=authority, name=f"{district.name}人民政府", kind=DepartmentKind.COUNTY_GOVERNMENT
        )
        department.districts.set([district])
        (user,) = _users([(f"{label}-dept{index}", Role.DEPARTMENT, department.name)], password)
        assign_perm(DEPARTMENT_PERMISSION, user, department)
        departments.append((department, user))
    return Province(
        authority=authority,
        scheme=scheme,
        staff=staff,
        supervisor=supervisor,
        applicant=applicant,
        committee=committee,
        departments=departments,
        districts=districts,
        profiles=pool_fill(authority, reviewers) if reviewers else [],
    )


def _category(scheme):
    return scheme.categories.filter(applicant_kind=ApplicantKind.ORGANISATION).order_by("order", "pk").first()


def _percent(*numbers) -> int:
    """A score in steps of 5 between 50% and 95%, spread deterministically."""
    return 50 + 5 * (sum(n * p for n, p in zip(numbers, (7, 13, 3, 11), strict=False)) % 10)


def cycle_create(province: Province, *, size: int, name: str, year: int, number: int, current: bool) -> Cycle:
    """A cycle of ``size`` applications with their dossiers, at its first review round: every
    application accepted, grouped in fours, each group drawn (seed and pool recorded), every member
    declared, every score sheet submitted, the consensus and the report written. A cycle that is not
    ``current`` is closed, all its stages done, with a register entry and certificate for its winners.
    """
    scheme, staff = province.scheme, province.staff
    now = timezone.now()
    Cycle.objects.filter(scheme=scheme, state=CycleState.OPEN).update(state=CycleState.CLOSED, closed_at=now)
    cycle = cycles_open(scheme, by=staff, name=name, year=year)
    stages = list(cycle.stages.order_by("order"))
    review = next(stage for stage in stages if stage.kind in REVIEW_STAGES)
    cycle.stages.filter(order__lt=review.order).update(status=StageStatus.DONE)
    cycle.stages.filter(order__gt=review.order).update(status=StageStatus.PENDING)
    cycle.stages.filter(pk=review.pk).update(status=StageStatus.CURRENT)
    review.status = StageStatus.CURRENT
    round_ = round_open(review, by=staff)
    category = _category(scheme)
    items = list(RubricItem.objects.filter(section__rubric=category.rubric).order_by("section__order", "order", "pk"))
    districts = province.districts
    code = f"{province.authority.pk % 1000:03d}{number:02d}"
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{province.authority.region}第{number}届申报企业{i:05d}",
                credit_code=f"S{code}{i:012d}",
                registered_on=datetime.date(2010, 1, 1),
                district=districts[i % len(districts)],
            )
            for i in range(size)
        ],
        batch_size=BATCH,
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                cycle=cycle,
                category=category,
                organisation=organisation,
                owner=province.applicant,
                district=organisation.district,
                title=organisation.name,
                status=ApplicationStatus.ACCEPTED,
                submitted_at=now,
            )
            for organisation in organisations
        ],
        batch_size=BATCH,
    )
    ApplicationForm.objects.bulk_create(
        [
            ApplicationForm(
                application=application,
                legal_representative="张法人",
                employees=300 + i % 500,
                main_business="装备制造及相关技术服务",
                profile=REPORT_TEXT,
                certifications="ISO 9001\nISO 14001",
                indicators={
                    str(year - k): {"revenue": str(10000 + i), "profit": "800", "tax": "300"} for k in (1, 2, 3)
                },
            )
            for i, application in enumerate(applications)
        ],
        batch_size=BATCH,
    )
    _bulk(
        ReportSection,
        (
            ReportSection(application=application, item=item, text=f"{item.number} {item.title}：{REPORT_TEXT}")
            for application in applications
            for item in items
        ),
    )
    _review(province, round_, applications, items, now)
    if current:
        _notice(cycle, stages, staff, applications, category, now)
        _candidates(province, cycle, applications, category)
    else:
        cycle.stages.update(status=StageStatus.DONE)
        Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED, closed_at=now)
        _register(province, cycle, applications[: CANDIDATES // 2], year)
    return cycle


def cycles_open(scheme, *, by, name: str, year: int) -> Cycle:
    """Open a cycle through the pipeline, as its staff would; the year is set after the timetable."""
    cycle = pipeline_cycle_open(
        scheme,
        by=by,
        name=name,
        year=timezone.localdate().year,
        call_text=f"{scheme.name}{name}评选活动的通知。",
        submission_deadline=timezone.now() + datetime.timedelta(days=30),
        confirm_early=True,
    )
    Cycle.objects.filter(pk=cycle.pk).update(year=year)
    cycle.year = year
    return cycle


def _bulk(model, rows) -> int:
    """Write an iterable of rows in batches, never holding them all in memory."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _review(province, round_, applications, items, now) -> None:
    scheme, staff = province.scheme, province.staff
    size, _high = group_size_bounds(scheme)
    pool = sorted(profile.pk for profile in province.profiles)
    if len(pool) < size:
        return
    users = {profile.pk: profile.user_id for profile in province.profiles}
    batches = [applications[i : i + ENTRIES_PER_GROUP] for i in range(0, len(applications), ENTRIES_PER_GROUP)]
    groups = ReviewGroup.objects.bulk_create(
        [ReviewGroup(round=round_, number=n, created_by=staff) for n in range(1, len(batches) + 1)], batch_size=BATCH
    )
    seeds = [f"scale-{round_.pk}-{group.number}" for group in groups]
    results = [draw(seed, pool, size) for seed in seeds]
    draws = Draw.objects.bulk_create(
        [
            Draw(group=group, kind=DrawKind.GROUP, seed=seed, pool=pool, size=size, result=result, drawn_by=staff)
            for group, seed, result in zip(groups, seeds, results, strict=True)
        ],
        batch_size=500,
    )
    _bulk(
        GroupMember,
        (
            GroupMember(group=group, profile_id=pk, reviewer_id=users[pk], draw=record, is_leader=index == 0)
            for group, record, result in zip(groups, draws, results, strict=True)
            for index, pk in enumerate(result)
        ),
    )
    entries = RoundEntry.objects.bulk_create(
        [
            RoundEntry(round=round_, application=application, group=group)
            for group, batch in zip(groups, batches, strict=True)
            for application in batch
        ],
        batch_size=BATCH,
    )
    members = {group.pk: [users[pk] for pk in result] for group, result in zip(groups, results, strict=True)}
    _bulk(
        Declaration,
        (
            Declaration(entry=entry, reviewer_id=reviewer, has_conflict=False, article=scheme.conflict_article)
            for entry in entries
            for reviewer in members[entry.group_id]
        ),
    )
    sheets = []
    for start in range(0, len(entries), BATCH // size):
        chunk = [
            ScoreSheet(entry=entry, reviewer_id=reviewer, status=SheetStatus.SUBMITTED, submitted_at=now)
            for entry in entries[start : start + BATCH // size]
            for reviewer in members[entry.group_id]
        ]
        sheets += ScoreSheet.objects.bulk_create(chunk)
    _bulk(
        ItemScore,
        (
            ItemScore(
                sheet=sheet,
                item=item,
                percent=_percent(sheet.entry_id, sheet.reviewer_id, index),
                strengths="方针目标明确，过程测量完整。",
                improvements="对比数据不足。",
            )
            for sheet in sheets
            for index, item in enumerate(items)
        ),
    )
    consensus = []
    for entry in entries:
        for index, item in enumerate(items):
            percents = [_percent(entry.pk, reviewer, index) for reviewer in members[entry.group_id]]
            percent = int(5 * round(sum(percents) / len(percents) / 5))
            points = (Decimal(item.points) * percent / 100).quantize(Decimal("0.01"))
            consensus.append(ConsensusScore(entry=entry, item=item, percent=percent, points=points))
        if len(consensus) >= BATCH:
            ConsensusScore.objects.bulk_create(consensus)
            consensus = []
    ConsensusScore.objects.bulk_create(consensus)
    _bulk(
        GroupReport,
        (GroupReport(entry=entry, text=REPORT_TEXT, written_by_id=members[entry.group_id][0]) for entry in entries),
    )


def _notice(cycle, stages, staff, applications, category, now) -> None:
    """The accepted list, published for public notice with every application on it."""
    stage = next((stage for stage in stages if stage.kind in NOTICE_STAGES), None)
    if stage is None:
        return
    notice = Notice.objects.create(
        cycle=cycle,
        stage=stage,
        title=f"{cycle.scheme.name}{cycle.name}受理名单公示",
        body="现将受理名单予以公示。",
        article=stage.article,
        status=NoticeStatus.PUBLISHED,
        period_days=stage.definition.notice_days or 7,
        period_unit=stage.definition.notice_unit,
        starts_on=now.date(),
        ends_at=now + datetime.timedelta(days=10),
        created_by=staff,
        published_at=now,
        published_by=staff,
    )
    districts = {d.pk: d.name for d in District.objects.filter(authority=cycle.scheme.authority)}
    _bulk(
        NoticeEntry,
        (
            NoticeEntry(
                notice=notice,
                application=application,
                order=order,
                display_name=application.title,
                category=category.name,
                district=districts[application.district_id],
            )
            for order, application in enumerate(applications, start=1)
        ),
    )


def _candidates(province, cycle, applications, category) -> None:
    """The best-placed applications become candidates of the top tier, and its vote opens."""
    scheme = cycle.scheme
    tier = scheme.tiers.order_by("rank").first()
    if tier is None or scheme.committee_single_vote_article:
        return
    chosen = applications[:CANDIDATES]
    Application.objects.filter(pk__in=[a.pk for a in chosen]).update(status=ApplicationStatus.CANDIDATE)
    Candidacy.objects.bulk_create(
        [
            Candidacy(
                application=application, tier=tier, total=Decimal(900 - rank), rank=rank, proposed_by=province.staff
            )
            for rank, application in enumerate(chosen, start=1)
        ]
    )
    votes.vote_open(cycle, tier, by=province.staff)


def _register(province, cycle, winners, year) -> None:
    """The winners of a closed cycle in the register, each with its certificate."""
    scheme = cycle.scheme
    tier = scheme.tiers.order_by("rank").first()
    records = AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                scheme=scheme,
                tier=tier,
                cycle=cycle,
                holder_name=application.title,
                credit_code=application.organisation.credit_code,
                awarded_on=datetime.date(year, 12, 1),
                award_year=year,
                decision_body=province.authority.name,
                decision_reference=f"{province.authority.region}政〔{year}〕1号",
            )
            for application in winners
        ]
    )
    Certificate.objects.bulk_create(
        [Certificate(record=record, code=new_code(), file="", sha256="0" * 64) for record in records]
    )


def analyse() -> None:
    """Refresh the planner's statistics, as autovacuum would on a live instance."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
