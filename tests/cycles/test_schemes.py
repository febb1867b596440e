"""The five shipped schemes, value by value against their regulations, and the loader."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEntry, Authority
from cycles.loader import load_schemes
from cycles.models import (
    AwardScheme,
    Category,
    EligibilityCondition,
    Rubric,
    RubricItem,
    RubricSection,
    Sanction,
    StageDefinition,
    Tier,
)
from cycles.schemes import SCHEME_MODULES
from tests.factories import make_scheme

pytestmark = pytest.mark.django_db

MODELS = [
    Authority,
    AwardScheme,
    Tier,
    Category,
    StageDefinition,
    EligibilityCondition,
    Sanction,
    Rubric,
    RubricSection,
    RubricItem,
]


@pytest.fixture
def loaded(db):
    load_schemes()
    return {scheme.code: scheme for scheme in AwardScheme.objects.select_related("authority")}


def tiers_of(scheme):
    return [
        (t.code, t.name, t.quota, t.quota_article, t.may_stay_vacant, t.cooling_off_value, t.cooling_off_unit)
        for t in scheme.tiers.order_by("rank")
    ]


def stages_of(scheme):
    return [s.kind for s in scheme.stages.order_by("order")]


def notices_of(scheme):
    return [(s.kind, s.notice_days, s.notice_unit, s.article) for s in scheme.stages.order_by("order") if s.notice_days]


def sanctions_of(scheme):
    return {s.cause: (s.bar_value, s.bar_unit, s.article) for s in scheme.sanctions.all()}


def categories_of(scheme):
    return [
        (c.code, c.applicant_kind, sorted(t.code for t in c.tiers.all()), c.rubric.code)
        for c in scheme.categories.order_by("order")
    ]


def test_load_schemes_codes_authorities_and_names(loaded):
    assert {code: (s.authority.name, s.authority.region, s.name) for code, s in loaded.items()} == {
        "suizhou": ("随州市人民政府", "随州市", "随州市编钟质量奖"),
        "qinzhou": ("钦州市人民政府", "钦州市", "钦州市市长质量奖"),
        "qingyuan": ("庆元县人民政府", "庆元县", "庆元县人民政府质量奖"),
        "jinzhong": ("晋中市人民政府", "晋中市", "晋中市质量奖"),
        "lanzhou": ("兰州市人民政府", "兰州市", "兰州市政府质量奖"),
    }
    assert loaded["suizhou"].authority.office_name == "随州市质量强市工作委员会办公室（市质强办）"


def test_suizhou_rules(loaded):
    scheme = loaded["suizhou"]
    assert tiers_of(scheme) == [
        ("award", "编钟质量奖", 3, "第五条", True, 5, "years"),
        ("nomination", "编钟质量奖提名奖", 6, "第五条", True, None, "years"),
    ]
    award, nomination = scheme.tiers.order_by("rank")
    assert (award.prize_first, award.prize_repeat, award.repeat_counts_toward_quota, award.repeat_article) == (
        Decimal("800000"),
        Decimal("0"),
        False,
        "第三十二条第二款",
    )
    assert (nomination.prize_first, award.prize_article) == (Decimal("200000"), "第二十六条")
    assert stages_of(scheme) == [
        "call",
        "application",
        "recommendation",
        "eligibility",
        "material_review",
        "defence_list_notice",
        "defence",
        "onsite_review",
        "public_evaluation",
        "comprehensive_evaluation",
        "committee_vote",
        "consultation",
        "candidate_notice",
        "government_approval",
        "announcement",
    ]
    assert notices_of(scheme) == [
        ("defence_list_notice", 5, "working", "第十九条第一款"),
        ("candidate_notice", 5, "working", "第二十三条"),
    ]
    assert [s.kind for s in scheme.stages.filter(optional=True)] == ["public_evaluation"]
    assert categories_of(scheme) == [("organisation", "organisation", ["award", "nomination"], "gbt19580")]
    assert sanctions_of(scheme) == {
        "fraud": (5, "years", "第三十五条、第三十四条第三款"),
        "revocation": (5, "years", "第三十四条"),
    }
    assert (scheme.interval_years, scheme.interval_article) == (2, "第五条")
    assert (scheme.review_group_min, scheme.review_group_max, scheme.review_group_article) == (
        3,
        None,
        "第十九条第二款",
    )
    assert (scheme.public_evaluation_article, scheme.commend_onsite_article) == ("第二十二条", "第二十五条")
    assert (scheme.conflict_article, scheme.confidentiality_article, scheme.objection_article) == (
        "第二十八条",
        "第二十八条",
        "第三十条",
    )
    years = scheme.conditions.get(check_kind="years_operating")
    assert (years.parameter, years.article) == (3, "第十五条第（一）项")


def test_qinzhou_rules(loaded):
    scheme = loaded["qinzhou"]
    assert tiers_of(scheme) == [
        ("award", "市长质量奖", 4, "第四条", True, 5, "years"),
        ("nomination", "市长质量奖提名奖", 6, "第四条", True, None, "years"),
    ]
    award, nomination = scheme.tiers.order_by("rank")
    assert (award.prize_first, nomination.prize_first, award.cooling_off_article) == (
        Decimal("300000"),
        Decimal("0"),
        "第十三条第（八）项",
    )
    assert stages_of(scheme) == [
        "call",
        "application",
        "recommendation",
        "eligibility",
        "material_review",
        "onsite_review",
        "committee_vote",
        "candidate_notice",
        "government_approval",
        "announcement",
    ]
    assert notices_of(scheme) == [("candidate_notice", 5, "working", "第二十条")]
    assert (scheme.review_group_min, scheme.review_group_max) == (3, 5)
    assert (scheme.committee_secret_ballot, scheme.committee_article) == (True, "第十九条")
    assert sanctions_of(scheme) == {"fraud": (5, "years", "第二十五条"), "revocation": (0, "years", "第二十六条")}
    assert categories_of(scheme) == [("organisation", "organisation", ["award", "nomination"], "gbt19580")]
    assert scheme.interval_years == 2


def test_qingyuan_rules(loaded):
    scheme = loaded["qingyuan"]
    assert tiers_of(scheme) == [
        ("award", "质量奖", 3, "一(二)", True, 4, "award_years"),
        ("innovation", "创新奖", 3, "一(二)", True, 1, "award_years"),
    ]
    award, innovation = scheme.tiers.order_by("rank")
    assert (award.prize_first, award.prize_after_tier, award.prize_after_amount, award.prize_article) == (
        Decimal("200000"),
        innovation,
        Decimal("150000"),
        "五(一)",
    )
    assert (award.prize_repeat, award.repeat_counts_toward_quota) == (Decimal("0"), False)
    assert (innovation.prize_first, innovation.prize_repeat, innovation.repeat_counts_toward_quota) == (
        Decimal("50000"),
        Decimal("0"),
        True,
    )
    assert categories_of(scheme) == [
        ("quality", "organisation", ["award"], "gbt19580"),
        ("innovation", "organisation", ["innovation"], "gbt19580"),
    ]
    assert stages_of(scheme) == [
        "call",
        "application",
        "eligibility",
        "material_review",
        "onsite_review",
        "comprehensive_evaluation",
        "committee_vote",
        "candidate_notice",
        "government_approval",
        "announcement",
    ]
    assert notices_of(scheme) == [("candidate_notice", 7, "calendar", "四(五)")]
    assert {s.kind: s.score_weight for s in scheme.stages.exclude(score_weight=None)} == {
        "material_review": 40,
        "onsite_review": 60,
    }
    assert (scheme.validity_years, scheme.validity_article, scheme.interval_years) == (5, "五(三)", 2)
    years = scheme.conditions.get(check_kind="years_operating")
    assert (years.parameter, years.article) == (3, "三(一)1")


def test_jinzhong_rules(loaded):
    scheme = loaded["jinzhong"]
    assert tiers_of(scheme) == [
        ("award", "晋中市质量奖", 5, "第八条", True, 2, "cycles"),
        ("nomination", "晋中市质量奖提名奖", 10, "第八条", True, None, "cycles"),
    ]
    assert [t.prize_first for t in scheme.tiers.all()] == [None, None]
    assert categories_of(scheme) == [
        ("organisation", "organisation", ["award", "nomination"], "gbt19580"),
        ("individual", "individual", ["award", "nomination"], "jinzhong-individual"),
        ("team", "individual", ["award", "nomination"], "jinzhong-individual"),
    ]
    assert (scheme.max_team_size, scheme.team_size_article) == (3, "第十一条")
    # 第十一条: only quality research and quality-improvement team entries may be joint
    assert {c.code: c.max_team_size for c in scheme.categories.all()} == {"organisation": 3, "individual": 1, "team": 3}
    assert stages_of(scheme) == [
        "call",
        "application",
        "recommendation",
        "eligibility",
        "acceptance_notice",
        "material_review",
        "onsite_review",
        "defence",
        "comprehensive_evaluation",
        "committee_vote",
        "candidate_notice",
        "government_approval",
        "announcement",
    ]
    assert notices_of(scheme) == [
        ("acceptance_notice", 5, "working", "第十八条第（三）项"),
        ("candidate_notice", 5, "working", "第十八条第（八）项"),
    ]
    assert sanctions_of(scheme) == {"fraud": (3, "cycles", "第二十五条"), "revocation": (3, "cycles", "第二十七条")}
    quality_work = scheme.conditions.get(check_kind="years_in_quality_work")
    assert (quality_work.applicant_kind, quality_work.parameter, quality_work.article) == (
        "individual",
        3,
        "第十一条第（一）项",
    )
    assert scheme.conditions.get(check_kind="years_operating").applicant_kind == "organisation"
    assert (scheme.interval_years, scheme.interval_article) == (3, "第五条")


def test_lanzhou_rules(loaded):
    scheme = loaded["lanzhou"]
    assert tiers_of(scheme) == [
        ("award", "兰州市政府质量奖", 3, "第四条", True, 5, "years"),
        ("nomination", "兰州市政府质量奖提名奖", 5, "第四条", True, None, "years"),
    ]
    assert stages_of(scheme) == [
        "call",
        "application",
        "county_notice",
        "recommendation",
        "eligibility",
        "material_review",
        "acceptance_notice",
        "onsite_review",
        "comprehensive_evaluation",
        "committee_vote",
        "candidate_notice",
        "government_approval",
        "announcement",
    ]
    assert notices_of(scheme) == [
        ("county_notice", 5, "working", "第十三条第一款"),
        ("acceptance_notice", 5, "working", "第十五条"),
        ("candidate_notice", 5, "working", "第十八条第二款"),
    ]
    assert sanctions_of(scheme) == {
        "fraud": (5, "years", "第三十二条"),
        "bribery": (10, "years", "第三十三条"),
        "revocation": (5, "years", "第三十五条"),
    }
    assert (
        scheme.objection_identity_required,
        scheme.objection_identity_article,
        scheme.objection_window_days,
        scheme.objection_window_unit,
        scheme.objection_window_article,
    ) == (True, "第二十八条第二款", 5, "working", "第二十九条")
    assert (scheme.validity_years, scheme.validity_article, scheme.interval_years) == (5, "第六条", None)
    years = scheme.conditions.get(check_kind="years_operating")
    assert (years.parameter, years.article) == (5, "第十条第（一）项")


def test_no_defence_where_the_regulation_has_none(loaded):
    with_defence = sorted(
        s.scheme.code for s in StageDefinition.objects.filter(kind="defence").select_related("scheme")
    )
    assert with_defence == ["jinzhong", "suizhou"]


def test_every_rule_names_its_article(loaded):
    assert not StageDefinition.objects.filter(article="").exists()
    assert not EligibilityCondition.objects.filter(article="").exists()
    assert not Sanction.objects.filter(article="").exists()
    assert not Tier.objects.filter(quota_article="").exists()
    assert not Tier.objects.filter(prize_article="").exists()
    assert not Category.objects.filter(article="").exists()


def test_every_value_of_the_shipped_data_reaches_the_database(loaded):
    """No key of a scheme module is dropped on the way (a revocation's grounds and window, say)."""
    for module in SCHEME_MODULES:
        scheme = AwardScheme.objects.get(code=module.SCHEME["code"])
        for key, value in module.SCHEME.items():
            assert getattr(scheme, key) == value, (scheme.code, key)
        for data in module.SANCTIONS:
            sanction = scheme.sanctions.get(cause=data["cause"])
            for key, value in data.items():
                assert getattr(sanction, key) == value, (scheme.code, data["cause"], key)
        for data in module.TIERS:
            tier = scheme.tiers.get(code=data["code"])
            for key, value in data.items():
                stored = getattr(tier, key)
                stored = stored.code if isinstance(stored, Tier) else stored
                assert stored == value or (stored is not None and Decimal(stored) == Decimal(value)), (tier.code, key)


def snapshot():
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in MODELS}


def test_load_schemes_first_run_creates_the_five_and_their_rubrics(db):
    report = load_schemes()
    assert report.created == ["suizhou", "qinzhou", "qingyuan", "jinzhong", "lanzhou"]
    assert report.rubrics == ["gbt19580", "jinzhong-individual"]
    assert (report.present, report.newer) == ([], [])
    assert set(AwardScheme.objects.values_list("edition", "is_current", "shipped_version")) == {(1, True, 2)}


def test_load_schemes_twice_changes_nothing(db):
    call_command("load_schemes", stdout=io.StringIO())
    before = snapshot()
    audits = AuditEntry.objects.filter(action="scheme.loaded").count()
    report = load_schemes()
    assert (report.created, report.rubrics, report.newer) == ([], [], [])
    assert report.present == ["suizhou", "qinzhou", "qingyuan", "jinzhong", "lanzhou"]
    assert snapshot() == before
    assert {name: len(rows) for name, rows in before.items()}["AwardScheme"] == 5
    assert AuditEntry.objects.filter(action="scheme.loaded").count() == audits == 5


def test_office_edit_survives_a_restart_and_a_second_load_schemes(db):
    """钦州's notice period and 晋中's prize amount are the office's to set (their summaries say so)."""
    call_command("load_schemes", stdout=io.StringIO())
    StageDefinition.objects.filter(scheme__code="qinzhou", kind="candidate_notice").update(notice_days=7)
    Tier.objects.filter(scheme__code="jinzhong", code="award").update(prize_first=Decimal("100000"))
    extra = StageDefinition.objects.create(
        scheme=AwardScheme.objects.get(code="qinzhou"), order=11, kind="consultation", name="征求意见", article="第一条"
    )
    out = io.StringIO()
    call_command("load_schemes", stdout=out)  # what `make run` and the production start run
    load_schemes()
    assert StageDefinition.objects.get(scheme__code="qinzhou", kind="candidate_notice").notice_days == 7
    assert Tier.objects.get(scheme__code="jinzhong", code="award").prize_first == Decimal("100000.00")
    assert StageDefinition.objects.filter(pk=extra.pk).exists()
    assert "created 0 schemes" in out.getvalue()


def test_load_schemes_leaves_other_schemes_alone(authority):
    scheme = make_scheme(authority, code="another-city", interval_years=4)
    load_schemes()
    scheme.refresh_from_db()
    assert (scheme.interval_years, scheme.tiers.count(), scheme.stages.count()) == (4, 1, 4)


def test_scheme_page_shows_every_rule_with_its_article(client, loaded, django_assert_num_queries):
    for code, expected in {
        "suizhou": ["第三十二条第二款", "第十九条第一款", "第二十二条", "第二十五条", "第三十四条"],
        "qinzhou": ["第十三条第（八）项", "第十九条", "第二十条", "第二十五条"],
        "qingyuan": ["一(二)", "五(一)", "五(三)", "四(五)", "三(一)1"],
        "jinzhong": ["第八条", "第六条", "第十一条第（一）项", "第十八条第（六）项", "第二十五条"],
        "lanzhou": ["第二十八条第二款", "第二十九条", "第三十三条", "第十条第（一）项"],
    }.items():
        # one query per prefetched relation; Qingyuan's reduced prize adds the earlier tier's
        with django_assert_num_queries(9 if code == "qingyuan" else 8):
            response = client.get(reverse("cycles:scheme", args=[code]))
        assert response.status_code == 200
        page = response.content.decode()
        assert loaded[code].name in page
        for article in expected:
            assert f'<span class="article">{article}' in page


def test_scheme_page_unknown_code_404(client, loaded):
    assert client.get(reverse("cycles:scheme", args=["nowhere"])).status_code == 404


@pytest.mark.django_db
def test_only_qingyuan_has_the_applicant_confirm_its_onsite_report():
    load_schemes()
    articles = dict(AwardScheme.objects.values_list("code", "onsite_report_confirmation_article"))
    assert articles == {"suizhou": "", "qinzhou": "", "qingyuan": "四(三)", "jinzhong": "", "lanzhou": ""}
