import datetime

import pytest
from django.utils import translation

from applications.eligibility import checks
from applications.eligibility.services import applicable_conditions
from applications.models.eligibility import ConditionOutcome
from cycles.enums import ApplicantKind, ConditionCheck, SanctionCause
from register.models import AwardRecord, SanctionRecord
from tests import factories
from tests.applications import eligibility_support as support

MET, NOT_MET = ConditionOutcome.MET, ConditionOutcome.NOT_MET


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def lanzhou(other_authority):
    return support.lanzhou_rules(factories.make_scheme(other_authority, code="lanzhou-test"))


@pytest.fixture
def lanzhou_district(other_authority):
    return factories.DistrictFactory(authority=other_authority, name="城关区")


@pytest.fixture
def lanzhou_cycle(lanzhou):
    return support.open_cycle(lanzhou, name="第三届", year=2026)  # deadline 2026-06-30


def evaluate(scheme, application, check_kind):
    condition = scheme.conditions.get(check_kind=check_kind)
    return checks.evaluate(condition, application, checks.gather_facts(application))


def organisation_application(cycle, district, applicant, registered_on, **kwargs):
    organisation = support.make_organisation(district, registered_on=registered_on, **kwargs)
    return support.make_application(cycle, owner=applicant, district=district, organisation=organisation)


def test_full_years_counts_whole_years():
    assert checks.full_years(datetime.date(2020, 3, 1), datetime.date(2025, 2, 28)) == 4
    assert checks.full_years(datetime.date(2020, 3, 1), datetime.date(2025, 3, 1)) == 5


def test_years_operating_six_year_old_company_passes_in_lanzhou(lanzhou, lanzhou_cycle, lanzhou_district, applicant):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2020, 3, 1))
    finding = evaluate(lanzhou, application, ConditionCheck.YEARS_OPERATING)
    assert finding.outcome == MET
    assert finding.explanation.startswith("依据第十条第（一）项：正常运行满5年")


def test_years_operating_four_year_old_company_fails_in_lanzhou(lanzhou, lanzhou_cycle, lanzhou_district, applicant):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2022, 3, 1))
    finding = evaluate(lanzhou, application, ConditionCheck.YEARS_OPERATING)
    assert finding.outcome == NOT_MET
    assert finding.explanation.startswith("依据第十条第（一）项：正常运行满5年")
    assert "2022-03-01" in finding.explanation
    assert "4" in finding.explanation


@pytest.mark.parametrize(("registered_on", "outcome"), [((2021, 6, 30), MET), ((2021, 7, 1), NOT_MET)])
def test_years_operating_counts_to_the_submission_deadline(
    lanzhou, lanzhou_cycle, lanzhou_district, applicant, registered_on, outcome
):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(*registered_on))
    assert evaluate(lanzhou, application, ConditionCheck.YEARS_OPERATING).outcome == outcome


def test_cooling_off_applies_within_five_years(lanzhou, lanzhou_cycle, lanzhou_district, applicant):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2010, 1, 1))
    AwardRecord.objects.create(
        scheme=lanzhou,
        tier=lanzhou.tiers.get(code="award"),
        holder_name=application.title,
        credit_code=application.organisation.credit_code,
        awarded_on=datetime.date(2023, 12, 1),
    )
    finding = evaluate(lanzhou, application, ConditionCheck.COOLING_OFF)
    assert finding.outcome == NOT_MET
    assert finding.explanation.startswith("依据第六条")
    assert "2023-12-01" in finding.explanation


def test_cooling_off_expired_after_five_years(lanzhou, lanzhou_cycle, lanzhou_district, applicant):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2010, 1, 1))
    AwardRecord.objects.create(
        scheme=lanzhou,
        tier=lanzhou.tiers.get(code="award"),
        holder_name=application.title,
        credit_code=application.organisation.credit_code,
        awarded_on=datetime.date(2021, 6, 1),
    )
    assert evaluate(lanzhou, application, ConditionCheck.COOLING_OFF).outcome == MET


def test_cooling_off_does_not_restrict_nominees(lanzhou, lanzhou_cycle, lanzhou_district, applicant):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2010, 1, 1))
    AwardRecord.objects.create(
        scheme=lanzhou,
        tier=lanzhou.tiers.get(code="nominee"),
        holder_name=application.title,
        credit_code=application.organisation.credit_code,
        awarded_on=datetime.date(2025, 12, 1),
    )
    assert evaluate(lanzhou, application, ConditionCheck.COOLING_OFF).outcome == MET


def test_cooling_off_ignores_other_schemes_and_other_codes(lanzhou, lanzhou_cycle, lanzhou_district, applicant, scheme):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2010, 1, 1))
    tier = scheme.tiers.get(code="award")
    tier.cooling_off_value = 5
    tier.save()
    AwardRecord.objects.create(
        scheme=scheme,
        tier=tier,
        holder_name=application.title,
        credit_code=application.organisation.credit_code,
        awarded_on=datetime.date(2025, 12, 1),
    )
    AwardRecord.objects.create(
        scheme=lanzhou,
        tier=lanzhou.tiers.get(code="award"),
        holder_name="别家",
        credit_code="91620100MA99999999",
        awarded_on=datetime.date(2025, 12, 1),
    )
    finding = evaluate(lanzhou, application, ConditionCheck.COOLING_OFF)
    assert finding.outcome == MET


@pytest.mark.parametrize(
    ("cause", "decided_on", "outcome", "article"),
    [
        (SanctionCause.FRAUD, datetime.date(2023, 1, 10), NOT_MET, "依据第三十二条"),  # false materials: 5 years
        (SanctionCause.BRIBERY, datetime.date(2018, 1, 10), NOT_MET, "依据第三十三条"),  # bribery: 10 years
        (SanctionCause.FRAUD, datetime.date(2020, 1, 10), MET, ""),  # the 5 years have passed
    ],
)
def test_lanzhou_bans_by_cause_and_age(
    lanzhou, lanzhou_cycle, lanzhou_district, applicant, cause, decided_on, outcome, article
):
    application = organisation_application(lanzhou_cycle, lanzhou_district, applicant, datetime.date(2000, 1, 1))
    SanctionRecord.objects.create(
        scheme=lanzhou,
        cause=cause,
        holder_name=application.title,
        credit_code=application.organisation.credit_code,
        decided_on=decided_on,
        reason="提供虚假材料" if cause == SanctionCause.FRAUD else "行贿",
    )
    finding = evaluate(lanzhou, application, ConditionCheck.SANCTION)
    assert finding.outcome == outcome
    assert finding.explanation.startswith(article)


# Jinzhong: individuals and teams


@pytest.fixture
def jinzhong(authority):
    return support.jinzhong_rules(factories.make_scheme(authority, code="jinzhong-test"))


def individual_application(cycle, district, applicant, members):
    category = cycle.scheme.categories.get(applicant_kind=ApplicantKind.INDIVIDUAL)
    application = support.make_application(cycle, owner=applicant, district=district, category=category, title="张三等")
    support.add_members(application, members)
    return application


def test_team_of_four_fails_in_jinzhong(jinzhong, district, applicant):
    cycle = support.open_cycle(jinzhong)
    members = [(name, 5, "") for name in ("张三", "李四", "王五", "赵六")]
    application = individual_application(cycle, district, applicant, members)
    finding = evaluate(jinzhong, application, ConditionCheck.TEAM_SIZE)
    assert finding.outcome == NOT_MET
    assert finding.explanation.startswith("依据第十一条")
    assert "4" in finding.explanation


def test_team_of_three_passes_in_jinzhong(jinzhong, district, applicant):
    cycle = support.open_cycle(jinzhong)
    members = [(name, 5, "") for name in ("张三", "李四", "王五")]
    application = individual_application(cycle, district, applicant, members)
    assert evaluate(jinzhong, application, ConditionCheck.TEAM_SIZE).outcome == MET


def test_years_in_quality_work_fails_for_a_short_member(jinzhong, district, applicant):
    cycle = support.open_cycle(jinzhong)
    members = [("张三", 8, ""), ("李四", 2, "")]
    application = individual_application(cycle, district, applicant, members)
    finding = evaluate(jinzhong, application, ConditionCheck.YEARS_IN_QUALITY_WORK)
    assert finding.outcome == NOT_MET
    assert finding.explanation.startswith("依据第十一条第（一）项")
    assert "李四" in finding.explanation
    assert "张三" not in finding.explanation


def test_years_in_quality_work_passes_when_all_have_enough(jinzhong, district, applicant):
    cycle = support.open_cycle(jinzhong)
    members = [("张三", 3, ""), ("李四", 10, "")]
    application = individual_application(cycle, district, applicant, members)
    assert evaluate(jinzhong, application, ConditionCheck.YEARS_IN_QUALITY_WORK).outcome == MET


@pytest.mark.parametrize(("current", "outcome"), [(1, NOT_MET), (2, NOT_MET), (3, MET)])
def test_cooling_off_in_cycles_winners_skip_two(jinzhong, district, applicant, current, outcome):
    """Jinzhong 第六条: a winner of the 第一届 skips the 第二届 and 第三届 and may apply to the 第四届."""
    cycles = []
    for number in range(1, current + 2):
        cycle = support.open_cycle(
            jinzhong,
            name=f"第{number}届",
            year=2016 + 3 * number,
            opened_at=datetime.datetime(2016 + 3 * number, 1, 1, tzinfo=datetime.UTC),
        )
        if number <= current:  # only the last one is open
            cycle.state = "closed"
            cycle.save()
        cycles.append(cycle)
    members = [("张三", 10, "140702198001010011")]
    application = individual_application(cycles[-1], district, applicant, members)
    AwardRecord.objects.create(
        scheme=jinzhong,
        tier=jinzhong.tiers.get(code="award"),
        cycle=cycles[0],
        holder_name="张三",
        person_id_number="140702198001010011",
        awarded_on=datetime.date(2019, 12, 1),
    )
    assert evaluate(jinzhong, application, ConditionCheck.COOLING_OFF).outcome == outcome


def test_condition_for_organisations_does_not_apply_to_individuals(jinzhong, district, applicant):

    cycle = support.open_cycle(jinzhong)
    application = individual_application(cycle, district, applicant, [("张三", 5, "")])
    kinds = [c.check_kind for c in applicable_conditions(application)]
    assert kinds == [ConditionCheck.TEAM_SIZE, ConditionCheck.YEARS_IN_QUALITY_WORK, ConditionCheck.COOLING_OFF]
