"""The comprehensive evaluation's ranking as one set-based query on real consensus scores: the same
ranking as the totals computed in Python from ``consensus_totals`` (ties and missing scores
included), in one query whatever the number of applications."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import selectors
from awards.models import PublicEvaluationScore
from cycles.enums import StageKind
from cycles.models import RubricItem
from reviews import models as reviews_models
from reviews.selectors import consensus_totals

from .conftest import make_application, make_cycle

pytestmark = pytest.mark.django_db

ROUNDS = (StageKind.MATERIAL_REVIEW, StageKind.DEFENCE, StageKind.ONSITE_REVIEW)


@pytest.fixture(autouse=True)
def totals():
    """Override the package's stand-in: here the real reviews selector answers."""


def _consensus(cycle, application, kind, points_per_item):
    stage = cycle.stages.get(kind=kind)
    round_, _created = reviews_models.Round.objects.get_or_create(cycle=cycle, stage=stage, defaults={"kind": kind})
    entry = reviews_models.RoundEntry.objects.create(round=round_, application=application)
    reviews_models.ConsensusScore.objects.bulk_create(
        reviews_models.ConsensusScore(entry=entry, item=item, percent=50, points=Decimal(points_per_item))
        for item in RubricItem.objects.filter(section__rubric=application.category.rubric)
    )


def _expected(cycle):
    """The ranking computed row by row in Python, as the page computed it before: per tier, the
    total Σ share × round total (None while a round is missing), ranked with ties sharing a place."""
    weights = [weight for weight in selectors.evaluation_weights(cycle) if not weight.skipped]
    totals = consensus_totals(cycle)
    public = dict(PublicEvaluationScore.objects.values_list("application_id", "score"))
    rows = []
    for application in selectors.in_competition(cycle).select_related("category"):
        total = Decimal(0)
        for weight in weights:
            if weight.kind == StageKind.PUBLIC_EVALUATION:
                score = public.get(application.pk)
            else:
                score = totals.get(application.pk, {}).get(weight.kind)
            total = None if total is None or score is None else total + score * weight.share
        for tier in application.category.tiers.all():
            rows.append((tier.rank, tier.pk, application.title, total))
    rows.sort(key=lambda row: (row[0], row[1], row[3] is None, -(row[3] or 0), row[2]))
    ranked = []
    for index, (_rank, tier_id, title, total) in enumerate(rows):
        previous = ranked[-1] if ranked else None
        if previous and previous[0] == tier_id and previous[2] == total:
            place = previous[3]
        else:
            first = next(i for i, row in enumerate(rows) if row[1] == tier_id)
            place = index - first + 1
        ranked.append((tier_id, title, total, place))
    return ranked


def _fill(cycle, district, start, count):
    """``count`` applications; every third ties with the one before it, every fifth misses its on-site score."""
    for index in range(start, start + count):
        application = make_application(cycle, district, f"公司{index:03d}")
        points = 30 + (index - index % 3 if index % 3 == 1 else index)
        for kind in ROUNDS:
            if kind == StageKind.ONSITE_REVIEW and index % 5 == 4:
                continue
            _consensus(cycle, application, kind, str(points))


def _actual(cycle):
    return [(row.tier_id, row.title, row.total, row.place) for row in selectors.ranking(cycle)]


def _rounded(rows):
    """Shares such as 30/70 do not end: Python's and PostgreSQL's precision differ past a few places."""
    quantum = Decimal("0.000001")
    return [
        (tier, title, None if total is None else total.quantize(quantum), place) for tier, title, total, place in rows
    ]


def test_ranking_is_the_python_ranking_with_ties_and_missing_scores(cycle, district):
    _fill(cycle, district, 0, 11)
    expected = _expected(cycle)
    actual = _actual(cycle)
    assert actual == expected
    places = [place for _tier, _title, _total, place in actual]
    assert len(set(places)) < len(places)  # ties share a place
    assert actual[-1][2] is None  # a missing score ranks last


def test_ranking_with_public_evaluation_and_a_skipped_round_is_the_python_ranking(scheme, district, staff):
    pipeline = [
        (StageKind.MATERIAL_REVIEW, "材料评审", "第十八条", 30),
        (StageKind.DEFENCE, "陈述答辩", "第二十条", 30),
        (StageKind.ONSITE_REVIEW, "现场评审", "第二十一条", 20),
        (StageKind.PUBLIC_EVALUATION, "社会公众评价", "第二十二条", 20),
    ]
    cycle = make_cycle(scheme, pipeline, skipped={StageKind.DEFENCE})
    _fill(cycle, district, 0, 6)
    for index, application in enumerate(selectors.in_competition(cycle).order_by("title")):
        if index != 2:
            PublicEvaluationScore.objects.create(
                application=application, score=Decimal(700 + 10 * (index % 2)), entered_by=staff
            )
    assert _rounded(_actual(cycle)) == _rounded(_expected(cycle))


def test_ranking_costs_one_query_whatever_the_number_of_applications(cycle, district):
    counts = []
    for start, count in ((0, 3), (3, 12)):
        _fill(cycle, district, start, count)
        weights = selectors.evaluation_weights(cycle)
        with CaptureQueriesContext(connection) as queries:
            rows = list(selectors.ranking(cycle, weights))
        counts.append(len(queries))
        assert len(rows) == start + count
    assert counts == [1, 1]
