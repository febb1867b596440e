"""Eligibility on the shipped schemes as their texts count: 庆元's award years (五(三)), 晋中's
cycles including those held before the platform (第六条), 兰州's validity read as a bar (第六条),
晋中's joint entries (第十一条), and the withdrawal of a conflicted staff member (随州 第二十八条)."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from applications.eligibility import checks, services
from applications.errors import ApplicationError
from applications.models import Recusal
from applications.models.eligibility import ConditionOutcome
from applications.services.recusal import recusal_declare
from cycles.enums import ApplicantKind, ConditionCheck, CycleState, StageKind
from cycles.loader import load_schemes
from cycles.models import AwardScheme, Cycle
from register.keeping import register_import, register_template
from register.models import AwardRecord
from tests import factories
from tests.applications import eligibility_support as support

pytestmark = pytest.mark.django_db

CREDIT_CODE = "91140700MA0000001X"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def shipped(db):
    load_schemes()
    return {scheme.code: scheme for scheme in AwardScheme.objects.select_related("authority")}


def organisation_application(cycle, applicant, *, category=None, credit_code=CREDIT_CODE):
    district = factories.DistrictFactory(authority=cycle.scheme.authority)
    organisation = support.make_organisation(
        district, registered_on=datetime.date(2010, 1, 1), credit_code=credit_code, members=[applicant]
    )
    return support.make_application(
        cycle, owner=applicant, district=district, organisation=organisation, category=category
    )


def finding(application, check_kind):
    condition = application.cycle.scheme.conditions.get(check_kind=check_kind)
    return checks.evaluate(condition, application, checks.gather_facts(application))


def award(scheme, tier_code, on, *, cycle=None, credit_code=CREDIT_CODE):
    return AwardRecord.objects.create(
        scheme=scheme,
        tier=scheme.tiers.get(code=tier_code),
        cycle=cycle,
        holder_name="甲公司",
        credit_code=credit_code,
        awarded_on=on,
    )


@pytest.mark.parametrize(
    ("tier", "category", "awarded", "cycle_year", "outcome"),
    [
        # 质量奖 of 2023: 自获奖年度起满四年 → may apply again from 2027, whatever the day of the award
        ("award", "quality", datetime.date(2023, 12, 28), 2026, ConditionOutcome.NOT_MET),
        ("award", "quality", datetime.date(2023, 12, 28), 2027, ConditionOutcome.MET),
        # 创新奖 of 2025: 获奖年度起满一年 → from 2026, even if only days have passed
        ("innovation", "innovation", datetime.date(2025, 12, 30), 2025, ConditionOutcome.NOT_MET),
        ("innovation", "innovation", datetime.date(2025, 12, 30), 2026, ConditionOutcome.MET),
    ],
)
def test_qingyuan_counts_from_the_award_year_for_both_tiers(
    shipped, applicant, tier, category, awarded, cycle_year, outcome
):
    scheme = shipped["qingyuan"]
    award(scheme, tier, awarded)
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, year=cycle_year)
    application = organisation_application(cycle, applicant, category=scheme.categories.get(code=category))
    result = finding(application, ConditionCheck.COOLING_OFF)
    assert result.outcome == outcome
    if outcome == ConditionOutcome.NOT_MET:
        assert result.explanation == (
            f"Under 五(三): no award of this scheme within its cooling-off period; 甲公司 won the "
            f"{scheme.tiers.get(code=tier).name} on {awarded.isoformat()}; it may apply again after "
            f"{scheme.tiers.get(code=tier).cooling_off_value} years counted from the award year, and counted from "
            f"the award year {awarded.year} it may apply again from "
            f"{awarded.year + scheme.tiers.get(code=tier).cooling_off_value}; this cycle is of {cycle_year}"
        )


def test_lanzhou_bars_a_winner_by_the_offices_reading_of_article_six_and_never_a_nominee(shipped, applicant):
    scheme = shipped["lanzhou"]
    award(scheme, "award", datetime.date(2023, 12, 1))
    award(scheme, "nomination", datetime.date(2023, 12, 1), credit_code="91620100MA0000002X")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, year=2026)
    winner = organisation_application(cycle, applicant)
    result = finding(winner, ConditionCheck.COOLING_OFF)
    assert result.outcome == ConditionOutcome.NOT_MET
    assert result.explanation.startswith("Under the office's reading of 第六条: ")
    nominee = organisation_application(cycle, factories.UserFactory(), credit_code="91620100MA0000002X")
    assert finding(nominee, ConditionCheck.COOLING_OFF).outcome == ConditionOutcome.MET


def filled_template(authority, sheets: dict) -> io.BytesIO:
    template = load_workbook(io.BytesIO(register_template(authority)))
    book = Workbook()
    book.remove(book.active)
    for index, page in enumerate(template.worksheets):
        sheet = book.create_sheet(page.title)
        sheet.append([cell.value for cell in page[2]])
        for row in sheets.get(index, []):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("platform_cycles", "outcome", "held_since"),
    [
        ([], ConditionOutcome.NOT_MET, 0),  # 第三届 right after the award of 第二届
        (["第三届"], ConditionOutcome.NOT_MET, 1),  # 第四届: one cycle skipped
        (["第三届", "第四届"], ConditionOutcome.MET, 2),  # 第五届: two cycles skipped
    ],
)
def test_jinzhong_earlier_award_imported_from_xlsx_bars_its_holder_for_two_cycles(
    shipped, applicant, platform_cycles, outcome, held_since
):
    scheme = shipped["jinzhong"]
    staff = factories.make_staff(scheme.authority, username="jinzhong-staff")
    upload = filled_template(
        scheme.authority,
        {
            0: [["晋中市质量奖", "第一届", 2017], ["晋中市质量奖", "第二届", 2020]],
            1: [["晋中市质量奖", "第二届", "晋中市质量奖", "甲公司", CREDIT_CODE, "", "2020-12-18", 100000]],
        },
    )
    register_import(upload, by=staff, authority=scheme.authority)
    year = 2023
    for name in platform_cycles:
        closed = support.open_cycle(scheme, name=name, year=year)
        Cycle.objects.filter(pk=closed.pk).update(
            state=CycleState.CLOSED, opened_at=datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        )
        year += 3
    current = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name=f"第{3 + len(platform_cycles)}届", year=year)
    application = organisation_application(current, applicant, category=scheme.categories.get(code="organisation"))

    result = finding(application, ConditionCheck.COOLING_OFF)

    assert result.outcome == outcome
    if outcome == ConditionOutcome.NOT_MET:
        assert result.explanation == (
            "Under 第六条: no award of this scheme within its cooling-off period; 甲公司 won the 晋中市质量奖 on "
            f"2020-12-18; it may apply again after 2 cycles, and {held_since} cycles have been held since"
        )


def test_jinzhong_joint_entry_refused_outside_research_and_improvement_teams(shipped, applicant):
    scheme = shipped["jinzhong"]
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY)
    district = factories.DistrictFactory(authority=scheme.authority)
    solo = support.make_application(
        cycle, owner=applicant, district=district, category=scheme.categories.get(code="individual")
    )
    support.add_members(solo, [("李质量", 15, "140702198001011234"), ("赵改进", 9, "140702198505052345")])
    result = finding(solo, ConditionCheck.TEAM_SIZE)
    assert result.outcome == ConditionOutcome.NOT_MET
    assert result.explanation == (
        "Under 第十一条: one person under 晋中市质量奖（个人）; a joint entry of up to 3 only under "
        "晋中市质量奖（个人）：质量科研、质量攻关小组（3人以内共同申报）; the application names 2 persons"
    )
    team = support.make_application(
        cycle, owner=factories.UserFactory(), district=district, category=scheme.categories.get(code="team")
    )
    support.add_members(team, [("李质量", 15, "140702198001011235"), ("赵改进", 9, "140702198505052346")])
    assert finding(team, ConditionCheck.TEAM_SIZE).outcome == ConditionOutcome.MET
    assert scheme.categories.get(code="team").applicant_kind == ApplicantKind.INDIVIDUAL


def test_a_conflicted_staff_member_is_refused_and_a_colleague_decides(shipped, applicant):
    scheme = shipped["suizhou"]
    conflicted = factories.make_staff(scheme.authority, username="suizhou-staff")
    colleague = factories.make_staff(scheme.authority, username="suizhou-staff2")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY)
    application = organisation_application(cycle, applicant)
    application.status = "recommended"
    application.save(update_fields=["status"])

    recusal_declare(application, by=conflicted, statement="本人配偶在该企业任职")
    with pytest.raises(ApplicationError) as error:
        services.eligibility_evaluate(application, by=conflicted)
    assert str(error.value) == (
        f"Under 第二十八条: You have withdrawn from deciding on {application.title}; a colleague decides."
    )
    with pytest.raises(ApplicationError):
        recusal_declare(application, by=conflicted, statement="再次声明")
    review = services.eligibility_evaluate(application, by=colleague)
    assert review.evaluated_at is not None
    assert list(Recusal.objects.values_list("person__username", "article")) == [("suizhou-staff", "第二十八条")]


def test_recusal_view_staff_only(client, shipped, applicant):
    scheme = shipped["suizhou"]
    staff = factories.make_staff(scheme.authority, username="suizhou-staff")
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY)
    application = organisation_application(cycle, applicant)
    url = f"/applications/eligibility/{application.pk}/withdraw/"
    client.force_login(factories.make_staff(factories.AuthorityFactory(), username="outsider"))
    assert client.post(url, {"statement": "亲属"}).status_code == 404
    client.force_login(staff)
    assert client.post(url, {"statement": "本人曾在该企业任职"}).status_code == 302
    assert 'id="recused"' in client.get(f"/applications/eligibility/{application.pk}/").content.decode()
    assert Recusal.objects.filter(application=application, person=staff).exists()
