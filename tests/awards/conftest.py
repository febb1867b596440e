"""A cycle standing at the comprehensive evaluation, with weighted rounds and applications in competition."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Case, Value, When
from django.utils import timezone

import awards.selectors
from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from awards import ballot_box
from awards.models import BallotBox
from cycles.enums import StageKind, StageStatus
from cycles.models import Cycle, CycleStage, StageDefinition
from tests import factories

PIPELINE = [
    (StageKind.MATERIAL_REVIEW, "材料评审", "第十八条", 30),
    (StageKind.DEFENCE, "陈述答辩", "第二十条", 30),
    (StageKind.ONSITE_REVIEW, "现场评审", "第二十一条", 40),
    (StageKind.PUBLIC_EVALUATION, "社会公众评价", "第二十二条", None),
    (StageKind.COMPREHENSIVE_EVALUATION, "综合评价", "第二十二条", None),
    (StageKind.COMMITTEE_VOTE, "评审委员会审议", "第二十二条", None),
]


def make_cycle(scheme, pipeline=PIPELINE, skipped=()):
    scheme.stages.all().delete()
    cycle = Cycle.objects.create(
        scheme=scheme, name="第五届", year=2026, call_text="通知", submission_deadline=timezone.now()
    )
    today = datetime.date(2026, 11, 2)
    for order, (kind, name, article, weight) in enumerate(pipeline, start=1):
        definition = StageDefinition.objects.create(
            scheme=scheme, order=order, kind=kind, name=name, article=article, score_weight=weight
        )
        CycleStage.objects.create(
            cycle=cycle,
            definition=definition,
            order=order,
            kind=kind,
            name=name,
            article=article,
            status=StageStatus.CURRENT if kind == StageKind.COMPREHENSIVE_EVALUATION else StageStatus.PENDING,
            planned_start=today,
            planned_end=today,
            skipped=kind in skipped,
        )
    return cycle


_counter = [0]


def make_application(cycle, district, title, status=ApplicationStatus.ACCEPTED, credit_code=None):
    _counter[0] += 1
    organisation = Organisation.objects.create(
        name=title,
        credit_code=credit_code or f"91421300MA{_counter[0]:08d}",
        registered_on=datetime.date(2015, 1, 1),
        district=district,
    )
    owner = factories.UserFactory()
    organisation.members.add(owner)
    return Application.objects.create(
        cycle=cycle,
        category=cycle.scheme.categories.first(),
        organisation=organisation,
        owner=owner,
        district=district,
        title=title,
        status=status,
    )


@pytest.fixture
def cycle(scheme):
    return make_cycle(scheme)


@pytest.fixture
def tier(scheme):
    return scheme.tiers.get(code="award")


def _rounds_score_of(data, shares):
    """The stand-in's Σ share × score over the rounds of ``shares``, as an expression of the
    ranking's query (NULL while a round's score is missing)."""
    whens = [
        When(
            pk=application_id,
            then=Value(
                sum(scores[kind] * share for kind, share in shares.items()), output_field=awards.selectors.SCORE
            ),
        )
        for application_id, scores in data.items()
        if all(scores.get(kind) is not None for kind in shares)
    ]
    return Case(*whens, default=Value(None, output_field=awards.selectors.SCORE), output_field=awards.selectors.SCORE)


@pytest.fixture(autouse=True)
def totals(monkeypatch):
    """Stands in for the review rounds' consensus totals (reviews.selectors): tests fill the dict."""
    data = {}

    monkeypatch.setattr(awards.selectors, "round_totals", lambda cycle: data)
    monkeypatch.setattr(awards.selectors, "rounds_score", lambda cycle, shares: _rounds_score_of(data, shares))
    return data


def scores(material, defence, onsite):
    return {
        StageKind.MATERIAL_REVIEW: Decimal(material),
        StageKind.DEFENCE: Decimal(defence),
        StageKind.ONSITE_REVIEW: Decimal(onsite),
    }


def sealed_ballots(vote) -> list[dict]:
    """The ballots in a secret vote's sealed box, opened as the close opens them, in a stable order."""
    candidate_ids = list(vote.candidates.values_list("pk", flat=True))
    ballots = ballot_box.unseal(vote.pk, BallotBox.objects.get(vote=vote).sealed)
    return sorted((ballot_box.decode(ballot, candidate_ids) for ballot in ballots), key=lambda b: sorted(b.items()))
