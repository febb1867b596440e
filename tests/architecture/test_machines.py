"""Every state machine that declares its moves in a table is held to it by its one transition
function: from every state, exactly the moves of the table are allowed, and a refused move
changes nothing."""

import datetime
import importlib
import itertools

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from applications.eligibility.services import review_set_decision
from applications.enums import TRANSITIONS, ApplicationStatus
from applications.models import EligibilityReview
from applications.models.eligibility import DECISION_MOVES, EligibilityDecision
from applications.services.transitions import application_set_status
from awards.enums import CONSULTATION_MOVES, VOTE_TRANSITIONS, ConsultationAnswer, VoteStatus
from awards.models import CommitteeVote, Consultation, ConsultationOpinion, ConsultedUnit
from awards.services.consultation import opinion_record
from awards.services.votes import vote_set_status
from common.errors import DomainError
from cycles.enums import CYCLE_MOVES, STAGE_MOVES, CycleState, StageKind, StageStatus
from cycles.services import cycle_set_state, cycle_stage_set_status
from publicity.enums import NOTICE_TRANSITIONS, OBJECTION_TRANSITIONS, NoticeStatus, ObjectionStatus
from publicity.models import Notice, NoticeEntry, Objection
from publicity.services.notices import notice_set_status
from publicity.services.objections import objection_set_status
from register.enums import REASSESSMENT_MOVES, VISIT_MOVES, ReassessmentOutcome, VisitOutcome
from register.models import AwardRecord, FollowUpVisit, Reassessment
from register.services import reassessment_decide, visit_close
from reviews.enums import ENTRY_MOVES, MEMBER_MOVES, SHEET_MOVES, EntryDecision, MemberStatus, SheetStatus
from reviews.models import Draw, GroupMember, ReviewerProfile, ReviewGroup, Round, RoundEntry, ScoreSheet
from reviews.services.groups import member_set_status
from reviews.services.sheets import sheet_set_status
from reviews.services.shortlist import entry_set_decision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(authority, district, staff):
    scheme = factories.make_scheme(authority)
    cycle = factories.cycle_at(scheme, StageKind.MATERIAL_REVIEW)
    application = factories.application_in(cycle, district, title="随州市甲机械有限公司")
    stage = cycle.stages.get(kind=StageKind.MATERIAL_REVIEW)
    round_ = Round.objects.create(cycle=cycle, stage=stage, kind=stage.kind)
    entry = RoundEntry.objects.create(round=round_, application=application)
    group = ReviewGroup.objects.create(round=round_, number=1, created_by=staff)
    reviewer = factories.make_reviewer(authority)
    profile = ReviewerProfile.objects.create(user=reviewer, authority=authority)
    draw = Draw.objects.create(
        group=group, kind="group", seed="s", pool=[profile.pk], size=1, result=[profile.pk], drawn_by=staff
    )
    notice = Notice.objects.create(
        cycle=cycle,
        stage=stage,
        title="公示",
        period_days=5,
        period_unit="working",
        created_by=staff,
        starts_on=timezone.localdate(),
        ends_at=timezone.now(),
    )
    notice_entry = NoticeEntry.objects.create(
        notice=notice, application=application, display_name="甲", category="组织", district="曾都区"
    )
    record = AwardRecord.objects.create(
        scheme=scheme,
        tier=scheme.tiers.get(),
        cycle=cycle,
        holder_name="随州市甲机械有限公司",
        awarded_on=datetime.date(2021, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
    )
    consultation = Consultation.objects.create(
        cycle=cycle, stage=stage, reply_by=timezone.localdate() - datetime.timedelta(days=1), opened_by=staff
    )
    return {
        "staff": staff,
        "cycle": cycle,
        "reassessment": Reassessment.objects.create(
            record=record, opened_on=datetime.date(2025, 10, 1), recorded_by=staff
        ),
        "visit": FollowUpVisit.objects.create(
            record=record, visited_on=datetime.date(2024, 5, 1), findings="整改", recorded_by=staff
        ),
        "opinion": ConsultationOpinion.objects.create(
            consultation=consultation, unit=ConsultedUnit.objects.create(authority=authority, name="市发改委")
        ),
        "stage": stage,
        "application": application,
        "entry": entry,
        "member": GroupMember.objects.create(group=group, profile=profile, reviewer=reviewer, draw=draw),
        "sheet": ScoreSheet.objects.create(entry=entry, reviewer=reviewer),
        "review": EligibilityReview.objects.create(application=application),
        "notice": notice,
        "objection": Objection.objects.create(
            cycle=cycle,
            notice=notice,
            entry=notice_entry,
            reference="YY-MACH-0001",
            objector_kind="individual",
            content="异议",
            answer="答复",
        ),
        "vote": CommitteeVote.objects.create(
            cycle=cycle,
            tier=cycle.scheme.tiers.get(),
            secret=False,
            quorum_percent=50,
            majority_percent=50,
            opened_by=staff,
        ),
    }


FIELDS = {
    RoundEntry: "decision",
    EligibilityReview: "decision",
    Reassessment: "outcome",
    FollowUpVisit: "outcome",
    ConsultationOpinion: "answer",
}


def _status_field(obj):
    return FIELDS.get(type(obj)) or ("state" if hasattr(obj, "state") else "status")


MACHINES = {
    "application": (TRANSITIONS, ApplicationStatus, lambda w, obj, to: application_set_status(obj, to, by=w["staff"])),
    "eligibility review": (
        DECISION_MOVES,
        EligibilityDecision,
        lambda w, obj, to: review_set_decision(obj, to, by=w["staff"], reasons="", articles=""),
    ),
    "notice": (NOTICE_TRANSITIONS, NoticeStatus, lambda w, obj, to: notice_set_status(obj, to)),
    "objection": (
        OBJECTION_TRANSITIONS,
        ObjectionStatus,
        lambda w, obj, to: objection_set_status(obj, to, answer="答复"),
    ),
    "group member": (MEMBER_MOVES, MemberStatus, lambda w, obj, to: member_set_status(obj, to)),
    "score sheet": (SHEET_MOVES, SheetStatus, lambda w, obj, to: sheet_set_status(obj, to)),
    "round entry": (ENTRY_MOVES, EntryDecision, lambda w, obj, to: entry_set_decision(obj, to, feedback="反馈")),
    "vote": (
        VOTE_TRANSITIONS,
        VoteStatus,
        lambda w, obj, to: vote_set_status(
            obj, to, **({"failure_reason": "未达法定人数"} if to == VoteStatus.FAILED else {})
        ),
    ),
    "cycle stage": (STAGE_MOVES, StageStatus, lambda w, obj, to: cycle_stage_set_status(obj, to, now=timezone.now())),
    "cycle": (CYCLE_MOVES, CycleState, lambda w, obj, to: cycle_set_state(obj, to, now=timezone.now())),
    "re-assessment": (
        REASSESSMENT_MOVES,
        ReassessmentOutcome,
        lambda w, obj, to: reassessment_decide(
            obj,
            by=w["staff"],
            outcome=to,
            findings="复评",
            decided_on=timezone.localdate(),
            rectify_by=timezone.localdate(),
        ),
    ),
    "follow-up visit": (
        VISIT_MOVES,
        VisitOutcome,
        lambda w, obj, to: visit_close(obj, by=w["staff"], outcome=to, note="", on=timezone.localdate()),
    ),
    "consultation opinion": (
        CONSULTATION_MOVES,
        ConsultationAnswer,
        lambda w, obj, to: opinion_record(obj, by=w["staff"], answer=to, reasons="理由"),
    ),
}
OBJECTS = {
    "application": "application",
    "eligibility review": "review",
    "notice": "notice",
    "objection": "objection",
    "group member": "member",
    "score sheet": "sheet",
    "round entry": "entry",
    "vote": "vote",
    "cycle stage": "stage",
    "cycle": "cycle",
    "re-assessment": "reassessment",
    "follow-up visit": "visit",
    "consultation opinion": "opinion",
}


def _declared_tables():
    """Every module-level move table of the project's apps: a dict named ``*_MOVES`` or ``*TRANSITIONS``."""
    tables = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue
        for module_name in ("enums", "models", "models.eligibility"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for name, value in vars(module).items():
                if name.endswith(("_MOVES", "TRANSITIONS")) and isinstance(value, dict):
                    tables[id(value)] = f"{config.name}.{module_name}.{name}"
    return tables


def test_every_declared_move_table_is_walked_here():
    walked = {id(table) for table, _choices, _move in MACHINES.values()}
    assert len(_declared_tables()) == len(MACHINES)
    assert {name for key, name in _declared_tables().items() if key not in walked} == set()


def test_every_machine_declares_a_move_table_over_all_its_states():
    for name, (table, choices, _move) in MACHINES.items():
        assert set(table) == set(choices.values), name
        assert all(set(targets) <= set(choices.values) for targets in table.values()), name


@pytest.mark.parametrize("machine", list(MACHINES))
def test_transition_function_allows_exactly_the_declared_moves(world, machine):
    table, choices, move = MACHINES[machine]
    obj = world[OBJECTS[machine]]
    field = _status_field(obj)
    model = type(obj)
    for current, target in itertools.product(choices.values, repeat=2):
        model.objects.filter(pk=obj.pk).update(**{field: current})
        obj.refresh_from_db()
        if target in table[current]:
            move(world, obj, target)
            obj.refresh_from_db()
            assert getattr(obj, field) == target, (machine, current, target)
        else:
            with pytest.raises(DomainError):
                move(world, obj, target)
            obj.refresh_from_db()
            assert getattr(obj, field) == current, (machine, current, target)
