"""The comprehensive evaluation on real review data (reviews.selectors.consensus_totals)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards import selectors
from cycles.enums import StageKind
from cycles.models import RubricItem

from .conftest import make_application

pytestmark = pytest.mark.django_db

from reviews import models as reviews_models  # noqa: E402


@pytest.fixture(autouse=True)
def totals():
    """Override the package's stand-in: here the real reviews selector answers."""


def _consensus(cycle, application, kind, points_per_item, report=None, writer=None):
    stage = cycle.stages.get(kind=kind)
    round_, _created = reviews_models.Round.objects.get_or_create(cycle=cycle, stage=stage, defaults={"kind": kind})
    entry = reviews_models.RoundEntry.objects.create(round=round_, application=application)
    for item in RubricItem.objects.filter(section__rubric=application.category.rubric):
        reviews_models.ConsensusScore.objects.create(
            entry=entry, item=item, percent=50, points=Decimal(points_per_item)
        )
    if report:
        reviews_models.GroupReport.objects.create(entry=entry, text=report, written_by=writer)


def test_ranking_uses_the_review_rounds_consensus_totals(client, cycle, district, staff):
    first = make_application(cycle, district, "甲公司")
    second = make_application(cycle, district, "乙公司")
    for kind in (StageKind.MATERIAL_REVIEW, StageKind.DEFENCE, StageKind.ONSITE_REVIEW):
        _consensus(cycle, first, kind, "40", report="材料评审报告：管理基础扎实。", writer=staff)
        _consensus(cycle, second, kind, "45")
    rows = list(selectors.ranking(cycle))
    # two rubric items per category: each round totals 80 (甲) and 90 (乙); weights 30/30/40.
    assert [(row.title, row.total, row.place) for row in rows] == [
        ("乙公司", Decimal("90.0000"), 1),
        ("甲公司", Decimal("80.0000"), 2),
    ]
    assert [report.text for report in selectors.round_reports(first)] == ["材料评审报告：管理基础扎实。"] * 3
    client.force_login(staff)
    assert "乙公司" in client.get(reverse("awards:evaluation", args=[cycle.pk])).content.decode()
