"""Review groups as the five texts size them, and 庆元's industry expert (二(四))."""

import datetime

import pytest
from django.utils import translation

from applications.enums import ApplicationStatus
from applications.models import Industry
from cycles.enums import StageKind
from cycles.loader import load_schemes
from cycles.models import AwardScheme
from reviews.drawing import draw_with_expert
from reviews.errors import ReviewError
from reviews.models import Draw, ReviewerProfile
from reviews.services import groups, rounds
from tests import factories
from tests.applications.eligibility_support import make_application, make_organisation, open_cycle
from tests.reviews.conftest import make_pool

pytestmark = pytest.mark.django_db

BOUNDS = {
    "suizhou": (3, None, "A review group has at least 3 members (第十九条第二款)."),
    "qinzhou": (3, 5, "A review group has 3 to 5 members (第十条)."),
    "qingyuan": (3, None, "A review group has at least 3 members (二(四))."),
    "jinzhong": (3, None, "A review group has at least 3 members (the office's setting)."),
    "lanzhou": (3, None, "A review group has at least 3 members (the office's setting)."),
}


@pytest.fixture
def loaded(db):
    load_schemes()


def round_of(code, applicant, *, pool=7, industry=Industry.MANUFACTURING):
    scheme = AwardScheme.objects.get(code=code)
    staff = factories.make_staff(scheme.authority, username=f"{code}-staff")
    make_pool(scheme.authority, pool, prefix=f"{code}-r")
    district = factories.DistrictFactory(authority=scheme.authority)
    cycle = open_cycle(scheme, at=StageKind.MATERIAL_REVIEW)
    organisation = make_organisation(district, registered_on=datetime.date(2000, 1, 1), name=f"{code}企业")
    organisation.industry = industry
    organisation.save(update_fields=["industry"])
    make_application(
        cycle,
        owner=applicant,
        district=district,
        organisation=organisation,
        category=scheme.categories.filter(applicant_kind="organisation").first(),
        status=ApplicationStatus.ACCEPTED,
    )
    round_ = rounds.round_open(cycle.stages.get(kind=StageKind.MATERIAL_REVIEW), by=staff)
    return round_, staff


@pytest.mark.parametrize("code", list(BOUNDS))
def test_group_size_bounds_of_the_five_shipped_schemes(loaded, code, applicant):
    low, high, rule = BOUNDS[code]
    scheme = AwardScheme.objects.get(code=code)
    assert groups.group_size_bounds(scheme) == (low, high)
    with translation.override("en"):
        assert groups.group_size_rule(scheme) == rule
    round_, staff = round_of(code, applicant)
    entry = round_.entries.get()
    with translation.override("en"), pytest.raises(ReviewError) as error:
        groups.group_draw(round_, by=staff, entries=[entry], size=2)
    assert str(error.value) == rule
    if high is not None:
        with pytest.raises(ReviewError):
            groups.group_draw(round_, by=staff, entries=[entry], size=high + 1)
    size = 6 if high is None else high  # no upper bound: six is as good as three
    group = groups.group_draw(round_, by=staff, entries=[entry], size=size, seed="bounds")
    assert group.members.count() == size


def test_qingyuan_group_includes_an_expert_of_the_applicants_industry(loaded, applicant):
    round_, staff = round_of("qingyuan", applicant)
    profiles = list(ReviewerProfile.objects.filter(authority=round_.cycle.scheme.authority).order_by("pk"))
    expert = profiles[-1]
    expert.industry_codes = [Industry.MANUFACTURING]
    expert.save(update_fields=["industry_codes"])
    entry = round_.entries.get()
    seeds = [f"seed-{n}" for n in range(40)]
    # a seed whose plain draw of three leaves the only expert out: the draw still takes him in
    seed = next(s for s in seeds if expert.pk not in draw_with_expert(s, [p.pk for p in profiles], 3, []))
    group = groups.group_draw(round_, by=staff, entries=[entry], size=3, seed=seed)
    record = Draw.objects.get(group=group)
    assert expert.pk in record.result
    assert (record.industry_experts, len(record.result)) == ([expert.pk], 3)
    assert record.industry_note == "依据二(四)：评审组包括制造业（含建筑业）的行业专家。"
    assert groups.draw_verify(record) is True


def test_qingyuan_draw_records_that_the_pool_has_no_industry_expert(loaded, applicant):
    round_, staff = round_of("qingyuan", applicant, industry=Industry.AGRICULTURE)
    group = groups.group_draw(round_, by=staff, entries=[round_.entries.get()], size=3, seed="none")
    record = Draw.objects.get(group=group)
    assert (record.industry_experts, len(record.result)) == ([], 3)
    assert record.industry_note == "依据二(四)：评审组应包括申报者所在行业的专家；专家库中没有农业的专家。"


def test_other_schemes_draw_without_an_industry_rule(loaded, applicant):
    round_, staff = round_of("suizhou", applicant)
    group = groups.group_draw(round_, by=staff, entries=[round_.entries.get()], size=3, seed="plain")
    record = Draw.objects.get(group=group)
    assert (record.industry_experts, record.industry_note) == ([], "")
