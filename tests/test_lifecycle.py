"""Each of the five shipped schemes, from the call to the committee's vote, through the real services.

One organisation registers, applies with a complete dossier, is recommended, accepted, reviewed in
every round of its scheme's own order, listed on every notice its scheme has on the way, proposed
as a candidate and voted a proposed winner of the scheme's first tier.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from accounts.models import AuditEntry
from applications.eligibility import services as eligibility
from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from applications.selectors import declaration_conditions, indicator_years, rubric_items
from applications.services import dossier, recommendation, registration
from awards import services as awards
from awards.enums import BallotChoice, Outcome, VoteStatus
from awards.models import VoteLine
from cycles.enums import NOTICE_STAGES, ApplicantKind, ConditionCheck, CycleState, StageKind, StageStatus
from cycles.errors import CycleError
from cycles.loader import load_schemes
from cycles.models import AwardScheme, Cycle, CycleStage
from cycles.services import current_stage
from demo.applications import demo_credit_code, tiny_pdf, tiny_png
from pipeline.services import cycle_open
from publicity.enums import NoticeStatus
from publicity.models import Notice
from publicity.services.notices import close_due_notices, notice_publish
from reviews.models import ReviewerProfile
from reviews.services import consensus, declarations, groups, pool, rounds, sheets, shortlist
from tests import factories

K = StageKind
EXPECTED_STAGES = {
    "suizhou": [
        K.CALL,
        K.APPLICATION,
        K.RECOMMENDATION,
        K.ELIGIBILITY,
        K.MATERIAL_REVIEW,
        K.DEFENCE_LIST_NOTICE,
        K.DEFENCE,
        K.ONSITE_REVIEW,
        K.PUBLIC_EVALUATION,
        K.COMPREHENSIVE_EVALUATION,
        K.COMMITTEE_VOTE,
    ],
    "qinzhou": [
        K.CALL,
        K.APPLICATION,
        K.RECOMMENDATION,
        K.ELIGIBILITY,
        K.MATERIAL_REVIEW,
        K.ONSITE_REVIEW,
        K.COMMITTEE_VOTE,
    ],
    "qingyuan": [
        K.CALL,
        K.APPLICATION,
        K.ELIGIBILITY,
        K.MATERIAL_REVIEW,
        K.ONSITE_REVIEW,
        K.COMPREHENSIVE_EVALUATION,
        K.COMMITTEE_VOTE,
    ],
    "jinzhong": [
        K.CALL,
        K.APPLICATION,
        K.RECOMMENDATION,
        K.ELIGIBILITY,
        K.ACCEPTANCE_NOTICE,
        K.MATERIAL_REVIEW,
        K.ONSITE_REVIEW,
        K.DEFENCE,
        K.COMPREHENSIVE_EVALUATION,
        K.COMMITTEE_VOTE,
    ],
    "lanzhou": [
        K.CALL,
        K.APPLICATION,
        K.COUNTY_NOTICE,
        K.RECOMMENDATION,
        K.ELIGIBILITY,
        K.MATERIAL_REVIEW,
        K.ACCEPTANCE_NOTICE,
        K.ONSITE_REVIEW,
        K.COMPREHENSIVE_EVALUATION,
        K.COMMITTEE_VOTE,
    ],
}
AUTHORITIES = {
    "suizhou": "随州市人民政府",
    "qinzhou": "钦州市人民政府",
    "qingyuan": "庆元县人民政府",
    "jinzhong": "晋中市人民政府",
    "lanzhou": "兰州市人民政府",
}
REGIONS = {"suizhou": "421303", "qinzhou": "450702", "qingyuan": "331126", "jinzhong": "140702", "lanzhou": "620102"}
PASSWORD = "Lifecycle#2026award"
COMMITTEE_SIZE = 5


class World:
    """The people and the one application of a cycle, and what happened to them."""

    def __init__(self, code):
        self.code = code
        self.scheme = AwardScheme.objects.get(code=code)
        self.authority = self.scheme.authority
        assert self.authority.name == AUTHORITIES[code]
        self.district = factories.DistrictFactory(authority=self.authority, name=f"{code}区")
        self.department = factories.DepartmentFactory(authority=self.authority, name=f"{code}区人民政府")
        self.department.districts.add(self.district)
        self.staff = factories.make_staff(self.authority, username=f"{code}-staff")
        self.department_user = factories.make_department_user(self.department, username=f"{code}-dept")
        self.committee = [
            factories.make_committee_member(self.authority, username=f"{code}-committee{n}")
            for n in range(1, COMMITTEE_SIZE + 1)
        ]
        low, _high = groups.group_size_bounds(self.scheme)
        for n in range(1, low + 2):
            factories.make_reviewer(self.authority, username=f"{code}-reviewer{n}")
        pool.pool_sync(self.authority, by=self.staff)
        assert ReviewerProfile.objects.filter(authority=self.authority).count() == low + 1
        self.cycle = None
        self.applicant = None
        self.application = None

    @property
    def tier(self):
        return self.application.category.tiers.order_by("rank").first()

    def stage(self) -> CycleStage:
        return current_stage(Cycle.objects.get(pk=self.cycle.pk))

    def advance(self):
        factories.advance(self.cycle, by=self.staff, reason="按计划进入下一环节")

    def refresh(self) -> Application:
        self.application.refresh_from_db()
        return self.application


# The steps, one per kind of stage ------------------------------------------------------------


def open_the_cycle(world):
    world.cycle = cycle_open(
        world.scheme,
        by=world.staff,
        name="第一届",
        year=timezone.localdate().year,
        call_text=f"关于开展{world.scheme.name}评选活动的通知。",
        submission_deadline=timezone.now() + datetime.timedelta(days=30),
        confirm_early=True,
    )


def apply(world):
    """An applicant registers its organisation, fills the whole dossier and submits it."""
    code = world.code
    world.applicant = registration.applicant_register(
        username=f"{code}-applicant",
        password=PASSWORD,
        display_name=f"{code}申报联系人",
        email=f"{code}-applicant@example.org",
        organisation={
            "name": f"{world.authority.region}精密制造有限公司",
            "credit_code": demo_credit_code(REGIONS[code], 1),
            "registered_on": datetime.date(2010, 3, 15),
            "legal_person": True,
            "industry": "manufacturing",
            "is_sme": False,
            "district": world.district,
            "address": f"{world.authority.region}工业大道10号",
            "contact_name": "联系人",
            "contact_phone": "13800000001",
            "contact_email": f"{code}-applicant@example.org",
        },
    )
    organisation = Organisation.objects.get(members=world.applicant)
    category = world.scheme.categories.filter(applicant_kind=ApplicantKind.ORGANISATION).order_by("order", "pk").first()
    application = dossier.application_start(
        by=world.applicant, cycle=world.cycle, category=category, organisation=organisation
    )
    conditions = declaration_conditions(application)
    assert conditions, "every shipped scheme has conditions the applicant declares"
    dossier.application_form_save(
        application,
        by=world.applicant,
        data={
            "legal_representative": "王建国",
            "employees": 420,
            "main_business": "精密零部件的研发、生产和销售。",
            "profile": "本地区重点企业，建立了完善的质量管理体系。",
            "certifications": "ISO 9001 质量管理体系认证",
            "indicators": {
                str(year): {"revenue": "12000.00", "profit": "800.00", "tax": "360.00"}
                for year in indicator_years(world.cycle)
            },
            "declarations": {str(condition.pk): True for condition in conditions},
        },
    )
    items = rubric_items(application)
    for item in items:
        dossier.report_section_save(
            application, by=world.applicant, item=item, text=f"{item.number} 自评：措施与成效。"
        )
    dossier.evidence_add(
        application,
        by=world.applicant,
        uploaded=ContentFile(tiny_pdf("certificate"), name="认证证书.pdf"),
        item=items[0],
        description="认证证书",
    )
    dossier.evidence_add(
        application,
        by=world.applicant,
        uploaded=ContentFile(tiny_png(), name="现场照片.png"),
        item=items[-1],
        description="现场照片",
    )
    dossier.application_submit(application, by=world.applicant)
    world.application = application
    assert world.refresh().status == ApplicationStatus.SUBMITTED
    # The deadline passes; the application stage can end.
    Cycle.objects.filter(pk=world.cycle.pk).update(submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    world.cycle.refresh_from_db()


def publish_and_close(world, *, department=None, by=None):
    """Publish the notice the stage drafted when it began, check the application is on it, let its
    period run out, and end the stage once it has."""
    stage = world.stage()
    notice = Notice.objects.get(stage=stage, department=department)
    assert notice.status == NoticeStatus.DRAFT
    with pytest.raises(CycleError, match=stage.article):
        world.advance()  # unpublished: the stage cannot end
    notice = notice_publish(notice, by=by or world.staff)
    assert list(notice.entries.values_list("application_id", flat=True)) == [world.application.pk]
    stage.refresh_from_db()
    assert stage.not_before_end == notice.ends_at
    with pytest.raises(CycleError, match=stage.article):
        world.advance()  # still running: the stage cannot end
    past = timezone.now() - datetime.timedelta(minutes=1)
    Notice.objects.filter(pk=notice.pk).update(ends_at=past)
    assert close_due_notices() == [notice.pk]
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    world.advance()
    stage.refresh_from_db()
    assert stage.status == StageStatus.DONE


def recommend(world):
    recommendation.application_recommend(
        world.application,
        by=world.department_user,
        opinion="经审核，该单位符合申报条件，同意推荐。",
        signer_name="李局长",
        signed_on=timezone.localdate(),
    )
    assert world.refresh().status == ApplicationStatus.RECOMMENDED


def check_eligibility(world):
    if world.refresh().status == ApplicationStatus.SUBMITTED:
        recommend(world)  # Qingyuan: the departments give their opinion during the eligibility review
    review = eligibility.eligibility_evaluate(world.application, by=world.staff)
    for result in review.results.filter(check_kind=ConditionCheck.JUDGMENT).order_by("order"):
        eligibility.condition_result_judge(result, by=world.staff, met=True, note="经核查，符合")
    eligibility.eligibility_accept(world.application, by=world.staff)
    assert world.refresh().status == ApplicationStatus.ACCEPTED


def review_round(world, stage):
    round_ = rounds.round_open(stage, by=world.staff)
    entry = round_.entries.get()
    assert entry.application_id == world.application.pk
    low, _high = groups.group_size_bounds(world.scheme)
    group = groups.group_draw(round_, by=world.staff, entries=[entry], size=low, seed=f"{world.code}-{stage.kind}")
    members = list(group.members.select_related("reviewer").order_by("-is_leader", "pk"))
    assert len(members) == low
    items = list(sheets.rubric_items(entry))
    for member in members:
        declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
        scores = {
            item.pk: {"percent": 80, "strengths": "方针目标明确", "improvements": "对比数据不足"} for item in items
        }
        sheets.sheet_save(entry, by=member.reviewer, scores=scores, submit=True)
    leader = members[0].reviewer
    consensus.consensus_record(entry, by=leader, percents={item.pk: 80 for item in items})
    report = consensus.report_write(entry, by=leader, text=f"{round_.report_title}：建议进入下一环节。")
    assert round_.applicant_confirms_report == (world.code == "qingyuan" and stage.kind == K.ONSITE_REVIEW)
    if round_.applicant_confirms_report:
        consensus.report_confirm(report, by=world.applicant, comment="无异议")
    shortlist.entry_decide(entry, by=world.staff, advance=True)
    assert world.refresh().status == ApplicationStatus.ACCEPTED


def propose(world):
    candidacies = awards.candidates_propose(
        world.cycle,
        by=world.staff,
        proposals={world.application.pk: world.tier.pk},
        feedback="综合评价得分未进入候选范围。",
    )
    assert [c.application_id for c in candidacies] == [world.application.pk]
    assert world.refresh().status == ApplicationStatus.CANDIDATE


def committee_vote(world):
    if world.scheme.committee_single_vote_article:
        # Qinzhou 第十九条: no comprehensive evaluation; one vote on everyone in competition, for every tier
        vote = awards.vote_open_single(world.cycle, by=world.staff)
        tiers = {world.application.pk: world.tier.pk}
    else:
        vote = awards.vote_open(world.cycle, world.tier, by=world.staff)
        tiers = None
    quorum = -(-vote.quorum_percent * COMMITTEE_SIZE // 100)
    for member in world.committee[: max(quorum, 1)]:
        awards.vote_cast(vote, by=member, choices={world.application.pk: BallotChoice.FOR}, tiers=tiers)
    vote = awards.vote_close(vote, by=world.staff)
    assert vote.status == VoteStatus.CLOSED
    assert vote.quorum_reached is True
    return vote


def run(world):
    """Drive the cycle stage by stage until the committee has voted."""
    open_the_cycle(world)
    while True:
        stage = world.stage()
        kind = stage.kind
        if kind == K.CALL:
            world.advance()
        elif kind == K.APPLICATION:
            apply(world)
            world.advance()
        elif kind == K.COUNTY_NOTICE:
            publish_and_close(world, department=world.department, by=world.department_user)
        elif kind == K.RECOMMENDATION:
            recommend(world)
            world.advance()
        elif kind == K.ELIGIBILITY:
            check_eligibility(world)
            world.advance()
        elif kind in (K.ACCEPTANCE_NOTICE, K.DEFENCE_LIST_NOTICE):
            publish_and_close(world)
        elif kind in (K.MATERIAL_REVIEW, K.DEFENCE, K.ONSITE_REVIEW):
            review_round(world, stage)
            world.advance()
        elif kind == K.PUBLIC_EVALUATION:
            awards.public_score_set(world.application, by=world.staff, score=80)
            world.advance()
        elif kind == K.COMPREHENSIVE_EVALUATION:
            propose(world)
            world.advance()
        elif kind == K.COMMITTEE_VOTE:
            return committee_vote(world)
        else:  # pragma: no cover - a stage kind the pipeline of a shipped scheme does not have before the vote
            raise AssertionError(f"unexpected stage {kind}")


def application_trail(application):
    return list(
        AuditEntry.objects.filter(
            target_type__model="application", target_id=application.pk, action__startswith="application."
        )
        .exclude(to_state="")
        .order_by("created", "id")
        .values_list("action", "from_state", "to_state", "article")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED_STAGES))
def test_scheme_lifecycle_call_to_proposed_winner(code):
    load_schemes()
    world = World(code)

    vote = run(world)

    cycle = Cycle.objects.get(pk=world.cycle.pk)
    assert cycle.state == CycleState.OPEN
    # The order the cycle went through: its opening, then every move, as the audit trail has them.
    moves = list(
        AuditEntry.objects.filter(target_type__model="cycle", target_id=cycle.pk)
        .filter(action__in=["cycle.opened", "cycle.advanced"])
        .order_by("created", "id")
        .values_list("to_state", flat=True)
    )
    assert moves == EXPECTED_STAGES[code]
    assert (
        list(cycle.stages.exclude(status=StageStatus.PENDING).order_by("order").values_list("kind", flat=True))
        == EXPECTED_STAGES[code]
    )
    assert world.stage().kind == K.COMMITTEE_VOTE
    stages = {stage.kind: stage for stage in cycle.stages.all()}

    # Every notice of the scheme on the way: published with the application on it, run out, closed.
    notice_kinds = [kind for kind in EXPECTED_STAGES[code] if kind in NOTICE_STAGES]
    notices = list(Notice.objects.filter(cycle=cycle).select_related("stage").order_by("stage__order"))
    assert [(n.stage.kind, n.status, n.article, n.department_id) for n in notices] == [
        (kind, NoticeStatus.CLOSED, stages[kind].article, world.department.pk if kind == K.COUNTY_NOTICE else None)
        for kind in notice_kinds
    ]
    for notice in notices:
        trail = AuditEntry.objects.filter(target_type__model="notice", target_id=notice.pk).order_by("created", "id")
        assert list(trail.values_list("action", "to_state", "article")) == [
            ("notice.prepared", NoticeStatus.DRAFT, notice.article),
            ("notice.published", NoticeStatus.PUBLISHED, notice.article),
            ("notice.closed", NoticeStatus.CLOSED, notice.article),
        ]
        assert notice.article

    # The application: a candidate of the first tier, a proposed winner within its quota.
    application = world.refresh()
    assert application.status == ApplicationStatus.CANDIDATE
    line = VoteLine.objects.get(vote=vote, application=application)
    assert (line.outcome, line.passed, line.counts_toward_quota) == (Outcome.WINNER, True, True)
    winners = VoteLine.objects.filter(vote=vote, outcome=Outcome.WINNER, counts_toward_quota=True).count()
    assert winners == 1 <= world.tier.quota
    assert line.votes_for == vote.participations.count()

    # The audit trail: every status change of the application, with the article applied.
    recommended_article = recommendation.recommendation_article(world.scheme)
    candidate_stage = stages.get(K.COMPREHENSIVE_EVALUATION) or stages[K.COMMITTEE_VOTE]
    assert application_trail(application) == [
        ("application.created", "", ApplicationStatus.DRAFT, ""),
        ("application.submitted", ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ""),
        ("application.recommended", ApplicationStatus.SUBMITTED, ApplicationStatus.RECOMMENDED, recommended_article),
        (
            "application.accepted",
            ApplicationStatus.RECOMMENDED,
            ApplicationStatus.ACCEPTED,
            stages[K.ELIGIBILITY].article,
        ),
        ("application.candidate", ApplicationStatus.ACCEPTED, ApplicationStatus.CANDIDATE, candidate_stage.article),
    ]
    assert recommended_article and stages[K.ELIGIBILITY].article and candidate_stage.article
    judged = AuditEntry.objects.filter(
        action="eligibility.condition_checked", target_type__model="application", target_id=application.pk
    )
    organisation_conditions = world.scheme.conditions.filter(check_kind=ConditionCheck.JUDGMENT).filter(
        Q(applicant_kind="") | Q(applicant_kind=ApplicantKind.ORGANISATION)
    )
    assert sorted(judged.values_list("article", flat=True)) == sorted(c.article for c in organisation_conditions)
    assert all(judged.values_list("article", flat=True))
    decided = AuditEntry.objects.filter(
        action="reviews.entry_advanced", target_type__model="application", target_id=application.pk
    ).order_by("created", "id")
    review_kinds = [kind for kind in EXPECTED_STAGES[code] if kind in (K.MATERIAL_REVIEW, K.DEFENCE, K.ONSITE_REVIEW)]
    assert list(decided.values_list("article", flat=True)) == [stages[kind].article for kind in review_kinds]
    vote_closed = AuditEntry.objects.get(action="awards.vote_close", target_id=vote.pk)
    assert vote_closed.article == world.scheme.committee_article != ""
    assert vote_closed.data["winners"] == [application.pk]
