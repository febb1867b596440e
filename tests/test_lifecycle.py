"""Each of the five shipped schemes, from the call to the committee's vote, through the real services.

One organisation registers, applies with a complete dossier, is recommended, accepted, reviewed in
every round of its scheme's own order, listed on every notice its scheme has on the way, proposed
as a candidate and voted a proposed winner of the scheme's first tier.
"""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.services import recommendation
from awards.enums import Outcome
from awards.models import VoteLine
from cycles.enums import NOTICE_STAGES, ApplicantKind, ConditionCheck, CycleState, StageStatus
from cycles.loader import load_schemes
from cycles.models import Cycle
from pipeline.services import stage_checks
from pipeline.stages import RULES
from publicity.enums import NoticeStatus
from publicity.models import Notice
from register.enums import AwardStatus
from register.models import AwardRecord
from register.services import add_years
from tests.lifecycle_support import (
    AFTER_THE_VOTE,
    EXPECTED_STAGES,
    FIRST_PRIZES,
    K,
    World,
    application_trail,
    finish,
    run,
)


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED_STAGES))
def test_scheme_lifecycle_call_to_proposed_winner(code):
    load_schemes()
    world = World(code)

    vote = run(world)

    # Every stage with a condition refused to end while it failed, each time citing its article.
    conditioned = [kind for kind in EXPECTED_STAGES[code] if RULES[kind].conditions]
    assert sorted(set(world.refused)) == sorted(set(conditioned))
    assert all(check.holds for check in stage_checks(world.stage()))  # and the vote's stage may end now
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


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED_STAGES))
def test_scheme_lifecycle_vote_to_the_announced_register(code, client, django_capture_on_commit_callbacks):
    load_schemes()
    world = World(code)
    run(world)

    assert finish(world, django_capture_on_commit_callbacks) == AFTER_THE_VOTE[code]

    cycle = Cycle.objects.get(pk=world.cycle.pk)
    assert cycle.state == CycleState.CLOSED
    application = world.refresh()
    assert application.status == ApplicationStatus.AWARDED
    record = AwardRecord.objects.get(cycle=cycle)
    amount, article = FIRST_PRIZES[code]
    assert (record.holder_name, record.tier, record.award_year, record.prize_amount, record.prize_article) == (
        application.title,
        world.tier,
        cycle.year,
        amount,
        article,
    )
    assert record.decision_reference == f"{code}政发〔2026〕1号"
    assert record.valid_until == (
        None
        if not world.scheme.validity_years
        else add_years(record.awarded_on, world.scheme.validity_years) - datetime.timedelta(days=1)
    )
    certificate = record.certificate
    response = client.get(reverse("register:verify-code", args=[certificate.code]))
    assert response.status_code == 200
    assert response.context["status"] == AwardStatus.VALID
    assert application.title in response.content.decode()
