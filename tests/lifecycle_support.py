"""The five shipped schemes driven through the real services: the people of a cycle and one step
per kind of stage, from the call to the register (tests/test_lifecycle.py and the end-of-cycle tests)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import AuditEntry
from applications.eligibility import services as eligibility
from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from applications.selectors import declaration_conditions, indicator_years, rubric_items
from applications.services import dossier, recommendation, registration
from awards.enums import BallotChoice, ConsultationAnswer, VoteStatus
from awards.services import announcement, approval, consultation, evaluation, votes
from cycles.enums import ApplicantKind, ConditionCheck, StageKind, StageStatus
from cycles.models import AwardScheme, Cycle, CycleStage
from cycles.services import current_stage
from demo.applications import demo_credit_code, tiny_pdf, tiny_png
from pipeline.errors import StageCannotEnd
from pipeline.services import cycle_open
from publicity.enums import NoticeStatus
from publicity.models import Notice
from publicity.services.notices import close_due_notices, notice_publish
from register.models import AwardRecord
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
        self.refused = []  # the kinds of stage seen refusing to end while a condition failed

    @property
    def tier(self):
        return self.application.category.tiers.order_by("rank").first()

    def stage(self) -> CycleStage:
        return current_stage(Cycle.objects.get(pk=self.cycle.pk))

    def advance(self):
        factories.advance(self.cycle, by=self.staff, reason="按计划进入下一环节")

    def cannot_end(self, article):
        """The current stage refuses to end now, and every reason cites ``article``."""
        stage = self.stage()
        with pytest.raises(StageCannotEnd) as refused:
            self.advance()
        assert refused.value.unmet and all(reason.startswith(f"依据{article}") for reason in refused.value.unmet)
        assert self.stage() == stage
        self.refused.append(stage.kind)

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
    world.cannot_end(stage.article)  # unpublished
    notice = notice_publish(notice, by=by or world.staff)
    assert list(notice.entries.values_list("application_id", flat=True)) == [world.application.pk]
    stage.refresh_from_db()
    assert stage.not_before_end == notice.ends_at
    world.cannot_end(stage.article)  # still running
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
    world.cannot_end(world.stage().article)  # recommended, not decided yet
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
    world.cannot_end(stage.article)  # the application is not decided on yet
    shortlist.entry_decide(entry, by=world.staff, advance=True)
    assert world.refresh().status == ApplicationStatus.ACCEPTED


def propose(world):
    candidacies = evaluation.candidates_propose(
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
        vote = votes.vote_open_single(world.cycle, by=world.staff)
        tiers = {world.application.pk: world.tier.pk}
    else:
        vote = votes.vote_open(world.cycle, world.tier, by=world.staff)
        tiers = None
    world.cannot_end(world.scheme.committee_article)  # the vote is open
    quorum = -(-vote.quorum_percent * COMMITTEE_SIZE // 100)
    for member in world.committee[: max(quorum, 1)]:
        votes.vote_cast(vote, by=member, choices={world.application.pk: BallotChoice.FOR}, tiers=tiers)
    vote = votes.vote_close(vote, by=world.staff)
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
            world.cannot_end(stage.article)  # before the submission deadline
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
            world.cannot_end(stage.article)
            evaluation.public_score_set(world.application, by=world.staff, score=80)
            world.advance()
        elif kind == K.COMPREHENSIVE_EVALUATION:
            world.cannot_end(stage.article)
            propose(world)
            world.advance()
        elif kind == K.COMMITTEE_VOTE:
            return committee_vote(world)
        else:  # pragma: no cover - a stage kind the pipeline of a shipped scheme does not have before the vote
            raise AssertionError(f"unexpected stage {kind}")


AFTER_THE_VOTE = {
    "suizhou": [K.CONSULTATION, K.CANDIDATE_NOTICE, K.GOVERNMENT_APPROVAL, K.ANNOUNCEMENT],
    "qinzhou": [K.CANDIDATE_NOTICE, K.GOVERNMENT_APPROVAL, K.ANNOUNCEMENT],
    "qingyuan": [K.CANDIDATE_NOTICE, K.GOVERNMENT_APPROVAL, K.ANNOUNCEMENT],
    "jinzhong": [K.CANDIDATE_NOTICE, K.GOVERNMENT_APPROVAL, K.ANNOUNCEMENT],
    "lanzhou": [K.CANDIDATE_NOTICE, K.GOVERNMENT_APPROVAL, K.ANNOUNCEMENT],
}
# The prize of a first award of the scheme's first tier, and the rule's article (晋中: the office's amount).
FIRST_PRIZES = {
    "suizhou": (Decimal("800000.00"), "第二十六条"),
    "qinzhou": (Decimal("300000.00"), "第二十二条"),
    "qingyuan": (Decimal("200000.00"), "五(一)"),
    "jinzhong": (Decimal("100000.00"), "第十九条"),
    "lanzhou": (None, "第二十条"),
}


def finish(world, on_commit, *, until=None):
    """Drive the cycle on from the committee's vote to its close (or until its stage of kind
    ``until`` begins), and return the kinds seen."""
    kinds = []
    world.advance()
    while True:
        stage = world.stage()
        if stage is None or stage.kind == until:
            return kinds
        kinds.append(stage.kind)
        if stage.kind == K.CONSULTATION:
            world.cannot_end(stage.article)  # no member unit consulted yet
            opinion = consultation.consultation_add_unit(stage.consultation, by=world.staff, name="市发展和改革委员会")
            consultation.opinion_record(opinion, by=world.staff, answer=ConsultationAnswer.AGREE)
            world.advance()
        elif stage.kind == K.CANDIDATE_NOTICE:
            notice = Notice.objects.get(stage=stage)
            assert [(e.application_id, e.award) for e in notice.entries.all()] == [
                (world.application.pk, world.tier.name)
            ]
            publish_and_close(world)
        elif stage.kind == K.GOVERNMENT_APPROVAL:
            world.cannot_end(stage.article)
            if world.tier.prize_set_per_cycle:
                announcement.cycle_prize_set(world.cycle, world.tier, by=world.staff, amount=Decimal("100000"))
            approval.approval_record(
                world.cycle,
                by=world.staff,
                issuing_body=f"{world.authority.name}",
                document_number=f"{world.code}政发〔2026〕1号",
                decided_on=timezone.localdate(),
            )
            assert not AwardRecord.objects.filter(cycle=world.cycle).exists()  # nothing public before the announcement
            world.advance()
        elif stage.kind == K.ANNOUNCEMENT:
            world.cannot_end(world.tier.certificate_article)  # no certificate yet
            with on_commit(execute=True):  # the task is queued after commit; eager here, so issued at once
                batch = announcement.certificates_request(world.cycle, by=world.staff)
            batch.refresh_from_db()
            assert (batch.done, batch.total) == (1, 1) and batch.finished_at
            world.advance()
        else:  # pragma: no cover
            raise AssertionError(f"unexpected stage {stage.kind}")


def application_trail(application):
    return list(
        AuditEntry.objects.filter(
            target_type__model="application", target_id=application.pk, action__startswith="application."
        )
        .exclude(to_state="")
        .order_by("created", "id")
        .values_list("action", "from_state", "to_state", "article")
    )
