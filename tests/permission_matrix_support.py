"""The world of the permission matrix (tests/test_permission_matrix.py): one cycle of 随州 driven
through the real services from the call to the certificates, with an answered objection, a
reassessment, a visit and an archive; the scheme's next cycle with an application awaiting its
department and one in a material review whose group's leader has declared and scored while a
second member has not declared yet; a second applicant, a department of another district and
the office of a second authority; and one logged-in session per role.

Built once per module inside a transaction that is rolled back at the end, so it leaves nothing
behind for the tests that run after it."""

import contextlib
import hashlib

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Authority
from accounts.services import notify
from applications.enums import ApplicationStatus
from applications.models import Application, Evidence, EvidenceKind
from applications.tasks import dossier_pdf_task
from awards.models import Candidacy, CommitteeVote
from awards.services import votes
from cycles.enums import StageKind
from cycles.loader import load_schemes
from cycles.services import current_stage
from demo.applications import tiny_pdf
from operations.models import CycleArchive
from publicity.enums import ObjectionStatus, ObjectorKind
from publicity.models import Notice
from publicity.services.objections import objection_decide, objection_file_any_time
from register.models import AwardRecord, Reassessment
from register.services import visit_record
from reviews.enums import RelationKind
from reviews.models import ReviewerProfile, ReviewerRelation
from reviews.services import declarations, groups, rounds, sheets
from tests import factories
from tests.lifecycle_support import World, finish, run

ROLES = [
    "anonymous",
    "applicant",  # the applicant of the object: owns the application everything hangs on
    "other_applicant",
    "department",  # recommends in the application's district
    "other_department",  # a department of the same authority, another district
    "reviewer",  # drawn into the group, its leader, has declared no conflict and scored
    "undeclared_reviewer",  # drawn into the same group, has not declared yet
    "outside_reviewer",  # in the authority's pool, not in the group
    "staff",
    "other_staff",  # the office of another authority
    "committee",
    "supervisor",
]


class Objects:
    """What the URLs point at, by name; every attribute is a primary key or a slug."""


@contextlib.contextmanager
def rolled_back():
    """A transaction rolled back at the end, which the code inside takes for a test case's own, as
    Django's TestCase marks its atomics: a durable block inside it (a secret ballot) still runs."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        yield
        transaction.set_rollback(True)


def _session_key(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def build_world():
    """Drive 随州's cycle to its end and add what a finished cycle lacks; return (users, objects)."""
    load_schemes()
    world = World("suizhou")
    # The reviewers drawn into the first round's group are the ones the matrix calls "in the group".
    run(world)
    cycle = world.cycle
    objection = objection_file_any_time(
        cycle,
        kind=ObjectorKind.INDIVIDUAL,
        subject="材料评审",
        content="评审过程有疑问。",
        name="张三",
        phone="13900000000",
        address="随州市解放路1号",
        id_number="420000199001010000",
        identity_document=ContentFile(tiny_pdf("identity"), name="身份证.pdf"),
        evidence=[ContentFile(tiny_pdf("evidence"), name="证据.pdf")],
    )
    objection_decide(objection, by=world.staff, finding=ObjectionStatus.UNFOUNDED, answer="您反映的问题不成立。")
    finish(world, TestCase.captureOnCommitCallbacks)
    # The kept PDF is rendered after the submission commits, which a rolled-back world never does.
    dossier_pdf_task(application_id=world.application.pk, submitted_at=world.refresh().submitted_at.isoformat())
    assert current_stage(cycle) is None

    authority = world.authority
    other_authority = Authority.objects.exclude(pk=authority.pk).order_by("pk").first()
    other_district = factories.DistrictFactory(authority=authority, name="随县")
    other_department = factories.DepartmentFactory(authority=authority, name="随县人民政府")
    other_department.districts.add(other_district)
    other_applicant = factories.UserFactory(username="matrix-other-applicant")
    other_application = factories.application_in(
        cycle, other_district, title="另一家企业", status=ApplicationStatus.SUBMITTED, owner=other_applicant
    )
    other_application.organisation.members.add(other_applicant)

    # The review URLs point at a round still running, in the scheme's next cycle: a group drawn
    # from the pool, its leader declared and scored, the second member not declared yet.
    live_cycle = factories.cycle_at(world.scheme, StageKind.MATERIAL_REVIEW, name="第二届")
    live_application = factories.application_in(live_cycle, world.district, title="评审中的企业", owner=world.applicant)
    live_application.organisation.members.add(world.applicant)
    # And one submitted to its department, awaiting its recommendation.
    submitted_application = factories.application_in(
        live_cycle, world.district, title="待推荐的企业", status=ApplicationStatus.SUBMITTED, owner=world.applicant
    )
    submitted_application.organisation.members.add(world.applicant)
    Application.objects.filter(pk__in=[live_application.pk, submitted_application.pk]).update(
        submitted_at=timezone.now()
    )
    # And a candidate on whom the committee's vote is open (a vote needs no stage of its own to open).
    candidate = factories.application_in(
        live_cycle, world.district, title="候选企业", status=ApplicationStatus.CANDIDATE, owner=world.applicant
    )
    candidate.organisation.members.add(world.applicant)
    tier = world.tier
    Candidacy.objects.create(application=candidate, tier=tier, proposed_by=world.staff)
    open_vote = votes.vote_open(live_cycle, tier, by=world.staff)
    evidence_content = tiny_pdf("evidence")
    live_evidence = Evidence.objects.create(
        application=live_application,
        file=ContentFile(evidence_content, name="证据.pdf"),
        original_name="证据.pdf",
        kind=EvidenceKind.PDF,
        size=len(evidence_content),
        sha256=hashlib.sha256(evidence_content).hexdigest(),
        uploaded_by=world.applicant,
    )
    round_ = rounds.round_open(current_stage(live_cycle), by=world.staff)
    entry = round_.entries.get()
    low, _high = groups.group_size_bounds(world.scheme)
    group = groups.group_draw(round_, by=world.staff, entries=[entry], size=low, seed="permission-matrix")
    member, undeclared_member = group.members.select_related("reviewer").order_by("-is_leader", "pk")[:2]
    declarations.declaration_make(entry, by=member.reviewer, has_conflict=False)
    scores = {
        item.pk: {"percent": 80, "strengths": "明确", "improvements": "不足"} for item in sheets.rubric_items(entry)
    }
    sheet = sheets.sheet_save(entry, by=member.reviewer, scores=scores, submit=True)
    outside = (
        ReviewerProfile.objects.filter(authority=authority)
        .exclude(user__in=group.members.values("reviewer"))
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    profile = ReviewerProfile.objects.get(user=member.reviewer, authority=authority)
    relation = ReviewerRelation.objects.create(
        profile=profile, kind=RelationKind.EMPLOYER, organisation_name="随州某公司"
    )

    record = AwardRecord.objects.get(cycle=cycle)
    # 随州's awards have no validity to re-assess; the row stands for one of a scheme whose awards do.
    reassessment = Reassessment.objects.create(
        record=record, opened_on=timezone.localdate(), article="第二十八条", recorded_by=world.staff
    )
    visit = visit_record(
        record, by=world.staff, visited_on=timezone.localdate(), findings="持续改进。", article="第二十八条"
    )
    content = b"PK\x05\x06" + bytes(18)  # an empty zip: the download is what is checked, not the producers
    archive = CycleArchive.objects.create(
        cycle=cycle,
        created_by=world.staff,
        file=ContentFile(content, name="archive.zip"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        items=0,
    )
    (notification,) = notify(recipients=[world.applicant], subject="测试通知", body="正文", url="/")

    users = {
        "applicant": world.applicant,
        "other_applicant": other_applicant,
        "department": world.department_user,
        "other_department": factories.make_department_user(other_department, username="matrix-other-department"),
        "reviewer": member.reviewer,
        "undeclared_reviewer": undeclared_member.reviewer,
        "outside_reviewer": outside,
        "staff": world.staff,
        "other_staff": factories.make_staff(other_authority, username="matrix-other-staff"),
        "committee": world.committee[0],
        "supervisor": factories.make_supervisor(authority, username="matrix-supervisor"),
    }
    application = world.application
    vote = CommitteeVote.objects.filter(cycle=cycle).order_by("pk").first()
    notice = Notice.objects.filter(cycle=cycle, department=None).order_by("pk").first()

    o = Objects()
    o.authority = authority.pk
    o.other_authority = other_authority.pk
    o.scheme = world.scheme.code
    o.cycle = cycle.pk
    o.stage = notice.stage_id
    o.category = application.category_id
    o.application = application.pk
    o.organisation = application.organisation_id
    o.item = application.report_sections.order_by("pk").first().item_id
    o.evidence = Evidence.objects.filter(application=application).order_by("pk").first().pk
    o.notice = notice.pk
    o.objection = objection.pk
    o.objection_reference = objection.reference
    o.objection_evidence = objection.evidence.get().pk
    o.profile = profile.pk
    o.relation = relation.pk
    o.round = round_.pk
    o.group = group.pk
    o.entry = entry.pk
    o.sheet = sheet.pk
    o.live_cycle = live_cycle.pk
    o.live_application = live_application.pk
    o.live_evidence = live_evidence.pk
    o.submitted_application = submitted_application.pk
    o.candidate = candidate.pk
    o.open_vote = open_vote.pk
    o.live_stage = current_stage(live_cycle).pk
    o.vote = vote.pk
    o.tier = vote.tier_id
    o.opinion = cycle.consultation.opinions.order_by("pk").first().pk
    o.record = record.pk
    o.certificate_code = record.certificate.code
    o.reassessment = reassessment.pk
    o.visit = visit.pk
    o.archive = archive.pk
    o.notification = notification.pk
    o.uidb64 = urlsafe_base64_encode(force_bytes(world.applicant.pk))
    o.token = default_token_generator.make_token(world.applicant)
    sessions = {role: _session_key(user) for role, user in users.items()}
    return users, sessions, o
