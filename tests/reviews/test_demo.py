from accounts.models import AuditEntry
from cycles.enums import StageKind
from demo import people as accounts_demo
from demo import reviews as demo
from reviews.models import ReviewerProfile, ReviewGroup, ScoreSheet
from tests import factories
from tests.reviews.conftest import make_cycle


def test_demo_builds_pools_and_a_group_idempotently(db, district, applicant):
    context = {}
    accounts_demo.build(context)
    suizhou = context["authorities"]["suizhou"]
    scheme = factories.make_scheme(suizhou, code="demo-suizhou")
    cycle, _apps = make_cycle(scheme, factories.DistrictFactory(authority=suizhou), applicant)
    context["cycles"] = {"suizhou": cycle}
    demo.build(context)
    assert ReviewerProfile.objects.filter(authority=suizhou).count() == 8
    assert ReviewerProfile.objects.count() == 8 * len(context["authorities"])
    assert ReviewerProfile.objects.filter(field="").count() == 0
    assert ReviewGroup.objects.count() == 1
    assert ScoreSheet.objects.count() == 2
    audit = AuditEntry.objects.count()
    demo.build(context)
    assert (ReviewGroup.objects.count(), ScoreSheet.objects.count(), AuditEntry.objects.count()) == (1, 2, audit)
    assert cycle.stages.get(kind=StageKind.MATERIAL_REVIEW).review_round.entries.count() == 2
