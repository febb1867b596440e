import datetime

import pytest
from django.urls import reverse
from django.utils import translation

import common.pagination
from accounts.models import AuditEntry, Notification
from applications.eligibility import services
from applications.eligibility.home import eligibility_tasks
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import Application, ConditionResult, EligibilityReview, Recommendation
from applications.models.eligibility import ConditionOutcome, EligibilityDecision
from applications.services.holds import application_hold, application_release
from cycles.enums import ConditionCheck, StageKind
from cycles.models import CalendarYear
from cycles.services import current_stage
from demo import applications as dossier_demo
from demo import cycles as cycles_demo
from demo import eligibility as demo_eligibility
from demo import people as accounts_demo
from register.models import AwardRecord, SanctionRecord
from tests import factories
from tests.applications import eligibility_support as support

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def lanzhou_staff(other_staff):
    return other_staff


@pytest.fixture
def lanzhou(other_authority):
    scheme = support.lanzhou_rules(factories.make_scheme(other_authority, code="lanzhou-test"))
    district = factories.DistrictFactory(authority=other_authority, name="城关区")
    department, dept_user = support.department_with_user(
        other_authority, district, username="chengguan", name="城关区质强办"
    )
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY, name="第三届", year=2026)
    return {"scheme": scheme, "district": district, "department": department, "dept_user": dept_user, "cycle": cycle}


def recommended(lanzhou, applicant, registered_on, name):
    organisation = support.make_organisation(
        lanzhou["district"], registered_on=registered_on, name=name, members=[applicant]
    )
    application = support.make_application(
        lanzhou["cycle"], owner=applicant, district=lanzhou["district"], organisation=organisation, status=S.RECOMMENDED
    )
    Recommendation.objects.create(
        application=application,
        department=lanzhou["department"],
        opinion="同意推荐",
        signer_name="王主任",
        signed_on=datetime.date(2026, 6, 1),
        article="第十三条",
        recorded_by=lanzhou["dept_user"],
    )
    return application


@pytest.fixture
def six_year_old(lanzhou, applicant):
    return recommended(lanzhou, applicant, datetime.date(2020, 3, 1), "兰州老字号有限公司")


@pytest.fixture
def four_year_old(lanzhou, applicant):
    return recommended(lanzhou, applicant, datetime.date(2022, 3, 1), "兰州新创科技有限公司")


def judgment_result(review):
    return review.results.get(check_kind=ConditionCheck.JUDGMENT)


def test_lanzhou_six_year_old_company_is_accepted(six_year_old, lanzhou_staff, applicant):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    outcomes = {r.check_kind: r.outcome for r in review.results.all()}
    assert outcomes == {
        ConditionCheck.YEARS_OPERATING: ConditionOutcome.MET,
        ConditionCheck.JUDGMENT: ConditionOutcome.UNCHECKED,
        ConditionCheck.COOLING_OFF: ConditionOutcome.MET,
        ConditionCheck.SANCTION: ConditionOutcome.MET,
    }
    services.condition_result_judge(
        judgment_result(review), by=lanzhou_staff, met=True, note="经查询应急管理局，无事故记录"
    )
    services.eligibility_accept(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.ACCEPTED
    review.refresh_from_db()
    assert (review.decision, review.decided_by, review.articles) == (
        EligibilityDecision.ACCEPTED,
        lanzhou_staff,
        "第十五条",
    )
    entry = AuditEntry.objects.get(action="application.accepted")
    assert (entry.from_state, entry.to_state, entry.article) == (S.RECOMMENDED, S.ACCEPTED, "第十五条")
    notification = Notification.objects.get(recipient=applicant)
    assert notification.url == reverse("applications:eligibility-decision", args=[six_year_old.pk])


def test_lanzhou_four_year_old_company_is_refused_under_article_ten(four_year_old, lanzhou_staff, applicant, client):
    review = services.eligibility_evaluate(four_year_old, by=lanzhou_staff)
    years = review.results.get(check_kind=ConditionCheck.YEARS_OPERATING)
    assert years.outcome == ConditionOutcome.NOT_MET
    assert years.explanation.startswith("依据第十条第（一）项：正常运行满5年")
    with pytest.raises(ApplicationError, match="第十条第（一）项"):
        services.eligibility_accept(four_year_old, by=lanzhou_staff)
    services.eligibility_refuse(four_year_old, by=lanzhou_staff)
    four_year_old.refresh_from_db()
    assert four_year_old.status == S.REFUSED
    review.refresh_from_db()
    assert review.decision == EligibilityDecision.REFUSED
    assert review.articles == "第十条第（一）项、第十五条"
    assert review.reasons == years.explanation
    entry = AuditEntry.objects.get(action="application.refused")
    assert (entry.from_state, entry.to_state, entry.article) == (S.RECOMMENDED, S.REFUSED, "第十条第（一）项、第十五条")
    # sent in writing (兰州 第十五条): the inbox and an e-mail
    notification = Notification.objects.get(recipient=applicant)
    assert "依据第十条第（一）项：正常运行满5年" in notification.body
    # and shown on the applicant's decision page
    client.force_login(applicant)
    page = client.get(reverse("applications:eligibility-decision", args=[four_year_old.pk])).content.decode()
    assert "依据第十条第（一）项：正常运行满5年" in page
    assert "第十条第（一）项、第十五条" in page


def test_refusal_is_emailed(four_year_old, lanzhou_staff, applicant, mailoutbox, django_capture_on_commit_callbacks):
    services.eligibility_evaluate(four_year_old, by=lanzhou_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.eligibility_refuse(four_year_old, by=lanzhou_staff, reason="另查明：未按规定提交财务审计报告。")
    assert [message.to for message in mailoutbox] == [[applicant.email]]
    assert "未按规定提交财务审计报告" in mailoutbox[0].body


def test_refuse_without_reasons_is_refused(six_year_old, lanzhou_staff):
    services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    with pytest.raises(ApplicationError, match="理由"):
        services.eligibility_refuse(six_year_old, by=lanzhou_staff, reason="  ")
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED
    assert EligibilityReview.objects.get(application=six_year_old).decision == EligibilityDecision.PENDING
    assert Notification.objects.count() == 0


def test_refuse_with_a_written_reason_only(six_year_old, lanzhou_staff):
    services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    review = services.eligibility_refuse(six_year_old, by=lanzhou_staff, reason="申报材料存在明显不实内容。")
    assert (review.reasons, review.articles) == ("申报材料存在明显不实内容。", "第十五条")


def test_judgment_condition_not_met_refuses_with_its_article_and_note(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    result = services.condition_result_judge(
        judgment_result(review), by=lanzhou_staff, met=False, note="2024年发生较大安全事故"
    )
    assert (result.outcome, result.note, result.checked_by) == (
        ConditionOutcome.NOT_MET,
        "2024年发生较大安全事故",
        lanzhou_staff,
    )
    review = services.eligibility_refuse(six_year_old, by=lanzhou_staff)
    assert review.articles == "第十条第（六）项、第十五条"
    assert "2024年发生较大安全事故" in review.reasons
    entry = AuditEntry.objects.get(action="eligibility.condition_checked")
    assert (entry.to_state, entry.article) == (ConditionOutcome.NOT_MET, "第十条第（六）项")


def test_judgment_not_met_needs_a_note(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    with pytest.raises(ApplicationError):
        services.condition_result_judge(judgment_result(review), by=lanzhou_staff, met=False, note="")
    assert judgment_result(review).outcome == ConditionOutcome.UNCHECKED


def test_automatic_condition_cannot_be_ticked(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    automatic = review.results.get(check_kind=ConditionCheck.YEARS_OPERATING)
    with pytest.raises(ApplicationError):
        services.condition_result_judge(automatic, by=lanzhou_staff, met=False, note="x")
    automatic.refresh_from_db()
    assert automatic.outcome == ConditionOutcome.MET


def test_accept_refused_while_judgment_unchecked(six_year_old, lanzhou_staff):
    services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    with pytest.raises(ApplicationError, match="第十条第（六）项"):
        services.eligibility_accept(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED


def test_accept_refused_before_evaluation(six_year_old, lanzhou_staff):
    with pytest.raises(ApplicationError):
        services.eligibility_accept(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED


def test_accept_refused_while_an_objection_is_open(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    services.condition_result_judge(judgment_result(review), by=lanzhou_staff, met=True, note="")
    application_hold(six_year_old, by=None, reference="YY-TEST-0001", reason="异议调查中")
    with pytest.raises(ApplicationError, match="异议"):
        services.eligibility_accept(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED
    application_release(six_year_old, by=lanzhou_staff, reference="YY-TEST-0001", reason="异议不成立")
    services.eligibility_accept(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.ACCEPTED


def test_a_decision_is_final(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    services.condition_result_judge(judgment_result(review), by=lanzhou_staff, met=True, note="")
    services.eligibility_accept(six_year_old, by=lanzhou_staff)
    with pytest.raises(ApplicationError):
        services.eligibility_refuse(six_year_old, by=lanzhou_staff, reason="改判")
    with pytest.raises(ApplicationError):
        services.eligibility_accept(six_year_old, by=lanzhou_staff)
    with pytest.raises(ApplicationError):
        services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.ACCEPTED
    assert AuditEntry.objects.filter(action__in=["application.accepted", "application.refused"]).count() == 1


def test_decisions_need_the_eligibility_stage(six_year_old, lanzhou, lanzhou_staff):
    support.set_stage(lanzhou["cycle"], StageKind.COUNTY_NOTICE)
    with pytest.raises(ApplicationError, match="资格审核阶段"):
        services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    assert EligibilityReview.objects.count() == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN, S.ACCEPTED, S.REFUSED])
def test_evaluation_refused_from_other_states(six_year_old, lanzhou_staff, status):
    type(six_year_old).objects.filter(pk=six_year_old.pk).update(status=status)
    with pytest.raises(ApplicationError):
        services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    assert EligibilityReview.objects.count() == 0


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RETURNED, S.WITHDRAWN])
def test_decisions_refused_from_other_states(six_year_old, lanzhou_staff, status):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    services.condition_result_judge(judgment_result(review), by=lanzhou_staff, met=True, note="")
    type(six_year_old).objects.filter(pk=six_year_old.pk).update(status=status)
    six_year_old.refresh_from_db()
    for decide in (
        lambda: services.eligibility_accept(six_year_old, by=lanzhou_staff),
        lambda: services.eligibility_refuse(six_year_old, by=lanzhou_staff, reason="理由"),
    ):
        with pytest.raises(ApplicationError):
            decide()
    six_year_old.refresh_from_db()
    assert six_year_old.status == status
    assert EligibilityReview.objects.get().decision == EligibilityDecision.PENDING


def test_staff_of_another_authority_cannot_decide(six_year_old, staff):
    with pytest.raises(ApplicationError):
        services.eligibility_evaluate(six_year_old, by=staff)


def test_cooling_off_that_applies_refuses(six_year_old, lanzhou, lanzhou_staff):

    AwardRecord.objects.create(
        scheme=lanzhou["scheme"],
        tier=lanzhou["scheme"].tiers.get(code="award"),
        holder_name=six_year_old.title,
        credit_code=six_year_old.organisation.credit_code,
        awarded_on=datetime.date(2024, 1, 15),
    )
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    assert review.results.get(check_kind=ConditionCheck.COOLING_OFF).outcome == ConditionOutcome.NOT_MET
    review = services.eligibility_refuse(six_year_old, by=lanzhou_staff)
    assert review.articles == "第六条、第十五条"


def test_a_ban_that_applies_refuses(six_year_old, lanzhou, lanzhou_staff):

    SanctionRecord.objects.create(
        scheme=lanzhou["scheme"],
        cause="fraud",
        holder_name=six_year_old.title,
        credit_code=six_year_old.organisation.credit_code,
        decided_on=datetime.date(2024, 3, 1),
        reason="上届申报提供虚假材料",
    )
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    assert review.results.get(check_kind=ConditionCheck.SANCTION).outcome == ConditionOutcome.NOT_MET
    assert services.eligibility_refuse(six_year_old, by=lanzhou_staff).articles == "第三十二条、第十五条"


def test_jinzhong_team_of_four_is_refused(authority, district, staff, applicant):
    scheme = support.jinzhong_rules(factories.make_scheme(authority, code="jinzhong-test"))
    cycle = support.open_cycle(scheme, at=StageKind.ELIGIBILITY)
    application = support.make_application(
        cycle,
        owner=applicant,
        district=district,
        category=scheme.categories.get(code="individual"),
        title="张三等4人",
        status=S.RECOMMENDED,
    )
    support.add_members(application, [(name, 5, "") for name in ("张三", "李四", "王五", "赵六")])
    review = services.eligibility_evaluate(application, by=staff)
    assert review.results.get(check_kind=ConditionCheck.TEAM_SIZE).outcome == ConditionOutcome.NOT_MET
    assert review.results.get(check_kind=ConditionCheck.YEARS_IN_QUALITY_WORK).outcome == ConditionOutcome.MET
    assert services.eligibility_refuse(application, by=staff).articles == "第十一条、第十八条、第十九条"
    application.refresh_from_db()
    assert application.status == S.REFUSED


def test_evaluating_again_keeps_the_ticks(six_year_old, lanzhou_staff):
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    services.condition_result_judge(judgment_result(review), by=lanzhou_staff, met=True, note="已核实")
    review = services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    assert (judgment_result(review).outcome, judgment_result(review).note) == (ConditionOutcome.MET, "已核实")
    assert ConditionResult.objects.count() == 4


# Views


def test_list_for_staff_with_pinned_queries(client, lanzhou, lanzhou_staff, applicant, django_assert_num_queries):
    for number in range(4):
        application = recommended(lanzhou, applicant, datetime.date(2015, 1, 1), f"企业{number}")
        if number % 2:
            services.eligibility_evaluate(application, by=lanzhou_staff)
    client.force_login(lanzhou_staff)
    url = reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk])
    client.get(url)
    with django_assert_num_queries(10):  # with the counts per status and the page's count
        response = client.get(url)
    assert response.status_code == 200
    assert [a.title for a in response.context["applications"]] == ["企业0", "企业1", "企业2", "企业3"]
    assert [a.unchecked for a in response.context["applications"]] == [0, 1, 0, 1]


def test_list_paginated_and_filtered_by_status_with_counts(
    client, lanzhou, lanzhou_staff, applicant, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(common.pagination, "PAGE_SIZE", 2)
    client.force_login(lanzhou_staff)
    url = reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk])
    for start, count in ((0, 3), (3, 6)):
        for number in range(start, start + count):
            recommended(lanzhou, applicant, datetime.date(2015, 1, 1), f"企业{number}")
        Application.objects.filter(cycle=lanzhou["cycle"], title="企业0").update(status=S.REFUSED)
        client.get(url)
        with django_assert_num_queries(10):
            response = client.get(url, {"status": S.RECOMMENDED, "page": 2})
        states = response.context["states"]
        assert (states.chosen, [(c.value, c.count) for c in states.counts]) == (
            S.RECOMMENDED,
            [(S.RECOMMENDED, start + count - 1), (S.REFUSED, 1)],
        )
        assert response.context["applications"].paginator.count == start + count - 1
        expected = ["企业1", "企业2"] if start == 0 else ["企业3", "企业4"]  # page 2 of 1 is the last
        assert [a.title for a in response.context["applications"]] == expected


def test_list_of_another_authority_is_404(client, lanzhou, staff):
    client.force_login(staff)
    assert client.get(reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk])).status_code == 404


def test_list_anonymous_redirects_to_login(client, lanzhou):
    response = client.get(reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


STAFF_POSTS = ["eligibility-evaluate", "eligibility-judge", "eligibility-accept", "eligibility-refuse"]


def test_review_views_of_another_authority_are_404(client, six_year_old, staff, lanzhou):
    client.force_login(staff)
    assert client.get(reverse("applications:eligibility-review", args=[six_year_old.pk])).status_code == 404
    for name in STAFF_POSTS:
        assert client.post(reverse(f"applications:{name}", args=[six_year_old.pk])).status_code == 404
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED


def test_review_views_deny_the_department_and_the_applicant(client, six_year_old, lanzhou, applicant):
    for user in (lanzhou["dept_user"], applicant):
        client.force_login(user)
        assert client.get(reverse("applications:eligibility-review", args=[six_year_old.pk])).status_code == 404
        assert client.post(reverse("applications:eligibility-evaluate", args=[six_year_old.pk])).status_code == 404


def test_review_views_anonymous_redirect_to_login(client, six_year_old):
    for name in ["eligibility-review", *STAFF_POSTS, "eligibility-decision"]:
        response = client.post(reverse(f"applications:{name}", args=[six_year_old.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_review_flow_through_the_views(client, six_year_old, lanzhou_staff):
    client.force_login(lanzhou_staff)
    assert client.post(reverse("applications:eligibility-evaluate", args=[six_year_old.pk])).status_code == 302
    page = client.get(reverse("applications:eligibility-review", args=[six_year_old.pk])).content.decode()
    assert "依据第十条第（一）项：正常运行满5年" in page
    result = judgment_result(EligibilityReview.objects.get(application=six_year_old))
    url = reverse("applications:eligibility-judge", args=[six_year_old.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {f"r{result.pk}-met": "1", f"r{result.pk}-note": "无事故"}).status_code == 302
    assert client.post(reverse("applications:eligibility-accept", args=[six_year_old.pk])).status_code == 302
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.ACCEPTED


def test_refuse_view_without_reasons_changes_nothing(client, six_year_old, lanzhou_staff):
    client.force_login(lanzhou_staff)
    client.post(reverse("applications:eligibility-evaluate", args=[six_year_old.pk]))
    response = client.post(
        reverse("applications:eligibility-refuse", args=[six_year_old.pk]), {"reason": ""}, follow=True
    )
    assert "不予受理须有理由" in response.content.decode()
    six_year_old.refresh_from_db()
    assert six_year_old.status == S.RECOMMENDED


def test_decision_page_denied_to_another_applicant(client, four_year_old, lanzhou_staff):
    other = factories.UserFactory(username="someone-else")
    client.force_login(other)
    assert client.get(reverse("applications:eligibility-decision", args=[four_year_old.pk])).status_code == 404


def test_decision_page_for_staff(client, four_year_old, lanzhou_staff):
    client.force_login(lanzhou_staff)
    assert client.get(reverse("applications:eligibility-decision", args=[four_year_old.pk])).status_code == 200


def test_staff_home_task(six_year_old, four_year_old, lanzhou, lanzhou_staff, staff):
    tasks = eligibility_tasks(lanzhou_staff)
    assert [task.url for task in tasks] == [reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk])]
    assert "2" in tasks[0].title
    assert eligibility_tasks(staff) == []


# The demo


def _demo_world():
    """The demo's accounts, five small schemes shaped like the real ones with an open cycle each, and
    the dossier demo's applicants (demo.applications), as ``manage.py load_demo`` runs them."""

    for year in (2026, 2027):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试"})
    context = {}
    accounts_demo.build(context)
    pipelines = {
        "lanzhou": [
            (StageKind.APPLICATION, "申报", "第十一条、第十二条", None),
            (StageKind.COUNTY_NOTICE, "县（区）审核并公示", "第十三条第一款", 5),
            (StageKind.RECOMMENDATION, "县（区）报送", "第十三条第二款", None),
            (StageKind.ELIGIBILITY, "市级审核", "第十三条第二款", None),
            (StageKind.ACCEPTANCE_NOTICE, "正式受理名单公示", "第十五条", 5),
            (StageKind.MATERIAL_REVIEW, "材料评审", "第十四条", None),
        ],
        "jinzhong": [
            (StageKind.APPLICATION, "组织申报", "第十八条第（二）项", None),
            (StageKind.RECOMMENDATION, "初审推荐", "第十八条第（三）项", None),
            (StageKind.ELIGIBILITY, "资格审查", "第十八条第（三）项", None),
            (StageKind.ACCEPTANCE_NOTICE, "受理名单公示", "第十八条第（三）项", 5),
            (StageKind.MATERIAL_REVIEW, "材料评审", "第十八条第（四）项", None),
        ],
    }
    for code, authority in context["authorities"].items():
        scheme = factories.make_scheme(authority, code=code)
        if code in pipelines:
            support.make_pipeline(scheme, pipelines[code])
        if code == "lanzhou":
            support.lanzhou_rules_conditions(scheme)
    cycles_demo.build(context)
    dossier_demo.build(context)
    return context


def _statuses(cycle):
    return dict(cycle.applications.values_list("owner__username", "status"))


def test_demo_recommends_reviews_and_is_idempotent(db):

    context = _demo_world()
    demo_eligibility.build(context)
    cycles = context["cycles"]
    # Lanzhou: 石化 returned; 牛肉面 accepted; the 4-year-old 新创 refused under 第十条
    assert _statuses(cycles["lanzhou"]) == {
        "lanzhou-applicant1": S.RETURNED,
        "lanzhou-applicant2": S.ACCEPTED,
        "lanzhou-applicant3": S.DRAFT,
        "lanzhou-applicant4": S.REFUSED,
    }
    refused = EligibilityReview.objects.get(application__owner__username="lanzhou-applicant4")
    assert refused.reasons.startswith("依据第十条第（一）项：正常运行满5年")
    assert refused.articles == "第十条第（一）项、第十三条第二款、第十五条"
    assert current_stage(cycles["lanzhou"]).kind == StageKind.ACCEPTANCE_NOTICE
    assert _statuses(cycles["jinzhong"]) == {
        "jinzhong-applicant1": S.ACCEPTED,
        "jinzhong-applicant2": S.RETURNED,
        "jinzhong-applicant4": S.ACCEPTED,
    }
    assert current_stage(cycles["jinzhong"]).kind == StageKind.ACCEPTANCE_NOTICE
    assert _statuses(cycles["suizhou"]) == {
        "suizhou-applicant1": S.RECOMMENDED,
        "suizhou-applicant2": S.RETURNED,
        "suizhou-applicant3": S.DRAFT,
        "suizhou-applicant4": S.SUBMITTED,
    }
    assert current_stage(cycles["suizhou"]).kind == StageKind.ELIGIBILITY
    assert sorted(_statuses(cycles["qinzhou"]).values()) == sorted([S.RECOMMENDED, S.RETURNED, S.DRAFT, S.SUBMITTED])
    entries = AuditEntry.objects.count()
    demo_eligibility.build(context)
    assert AuditEntry.objects.count() == entries


def test_supervisor_reads_the_eligibility_review_without_any_form_and_cannot_decide(
    client, lanzhou, lanzhou_staff, six_year_old, other_authority
):
    supervisor = factories.make_supervisor(other_authority, username="lanzhou-supervisor")
    services.eligibility_evaluate(six_year_old, by=lanzhou_staff)
    client.force_login(supervisor)
    listing = client.get(reverse("applications:eligibility-list", args=[lanzhou["cycle"].pk]))
    assert listing.status_code == 200
    assert reverse("applications:accepted-export", args=[lanzhou["cycle"].pk]) not in listing.content.decode()
    page = client.get(reverse("applications:eligibility-review", args=[six_year_old.pk]))
    assert page.status_code == 200
    assert '<form method="post" action="/applications/' not in page.content.decode()
    assert "第十条" in page.content.decode()
    assert client.post(reverse("applications:eligibility-accept", args=[six_year_old.pk])).status_code == 404
    six_year_old.refresh_from_db()
    assert six_year_old.status == ApplicationStatus.RECOMMENDED
