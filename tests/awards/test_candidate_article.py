"""The article of a candidate proposal where the scheme has no comprehensive evaluation (Qinzhou)."""

import pytest

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from awards.services import evaluation
from cycles.enums import StageKind

from .conftest import make_application, make_cycle, scores

pytestmark = pytest.mark.django_db

QINZHOU_PIPELINE = [
    (StageKind.MATERIAL_REVIEW, "资料评审", "第十七条", None),
    (StageKind.ONSITE_REVIEW, "现场评审", "第十八条", None),
    (StageKind.COMMITTEE_VOTE, "评审委员会审议、无记名投票", "第十九条", None),
]


def test_candidates_propose_without_comprehensive_evaluation_cites_committee_article(
    scheme, district, staff, tier, totals
):
    cycle = make_cycle(scheme, pipeline=QINZHOU_PIPELINE)
    chosen = make_application(cycle, district, "甲公司")
    other = make_application(cycle, district, "乙公司")
    totals[chosen.pk] = scores(900, 900, 900)
    totals[other.pk] = scores(500, 500, 500)
    evaluation.candidates_propose(cycle, by=staff, proposals={chosen.pk: tier.pk}, feedback="得分未进入前列")
    entries = AuditEntry.objects.filter(action__in=["application.candidate", "application.eliminated"])
    assert sorted((e.target_id, e.to_state, e.article) for e in entries) == sorted(
        [
            (chosen.pk, ApplicationStatus.CANDIDATE, "第十九条"),
            (other.pk, ApplicationStatus.ELIMINATED, "第十九条"),
        ]
    )
