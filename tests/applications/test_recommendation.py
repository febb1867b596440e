import datetime

import pytest
from django.urls import reverse

import common.pagination
from accounts.models import AuditEntry, Notification
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.home import recommendation_tasks
from applications.models import Application, CorrectionRequest, Recommendation
from applications.services import recommendation as services
from applications.services.holds import application_hold, application_release
from applications.services.transitions import application_set_status
from cycles.enums import StageKind, StageStatus
from tests import factories
from tests.applications import eligibility_support as support

S = ApplicationStatus


@pytest.fixture
def cycle(scheme):
    support.make_pipeline(scheme, support.PLAIN_STAGES)
    return support.open_cycle(scheme)


@pytest.fixture
def application(cycle, district, applicant):
    organisation = support.make_organisation(
        district, registered_on=datetime.date(2015, 1, 1), name="随州编钟制造有限公司"
    )
    return support.make_application(cycle, owner=applicant, district=district, organisation=organisation)


@pytest.fixture
def other_district_application(cycle, authority, applicant):
    elsewhere = factories.DistrictFactory(authority=authority, name="广水市")
    return support.make_application(cycle, owner=applicant, district=elsewhere, title="广水企业")


def sign(application, user, **overrides):
    fields = {
        "opinion": "经审核，材料真实，同意推荐。",
        "signer_name": "王主任",
        "signed_on": datetime.date(2026, 5, 20),
    }
    return services.application_recommend(application, by=user, **{**fields, **overrides})


def test_recommend_without_recommendation_stage_cites_the_eligibility_stage(
    scheme, district, applicant, department_user
):
    """庆元: the functional departments give their opinion during the eligibility review, 四(一)."""
    support.make_pipeline(
        scheme,
        [(StageKind.APPLICATION, "申报", "三(二)2", None), (StageKind.ELIGIBILITY, "资格审查", "四(一)", None)],
    )
    cycle = support.open_cycle(scheme)
    application = support.make_application(cycle, owner=applicant, district=district, title="庆元企业")
    assert sign(application, department_user).article == "四(一)"


def test_recommend_signs_opinion_under_scheme_article(application, department, department_user, applicant):
    recommendation = sign(application, department_user)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    assert (recommendation.department, recommendation.signer_name, recommendation.article) == (
        department,
        "王主任",
        "第十八条",
    )
    assert recommendation.signed_on == datetime.date(2026, 5, 20)
    entry = AuditEntry.objects.get(action="application.recommended")
    assert (entry.from_state, entry.to_state, entry.article) == (S.SUBMITTED, S.RECOMMENDED, "第十八条")
    assert AuditEntry.objects.filter(action="recommendation.signed", article="第十八条").count() == 1
    assert Notification.objects.filter(recipient=applicant).count() == 1


def test_recommend_uses_recommendation_stage_article_when_the_scheme_has_one(
    scheme, district, applicant, department_user
):
    support.make_pipeline(
        scheme,
        [
            (StageKind.APPLICATION, "申报", "十八(二)", None),
            (StageKind.RECOMMENDATION, "初审推荐", "十八(三)", None),
            (StageKind.ELIGIBILITY, "资格审查", "十八(四)", None),
        ],
    )
    cycle = support.open_cycle(scheme, at=StageKind.RECOMMENDATION)
    application = support.make_application(cycle, owner=applicant, district=district, title="晋中企业")
    assert sign(application, department_user).article == "十八(三)"


def test_recommend_without_opinion_is_refused(application, department_user):
    with pytest.raises(ApplicationError, match="必填"):
        sign(application, department_user, opinion="  ")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.RECOMMENDED, S.WITHDRAWN, S.ACCEPTED, S.REFUSED])
def test_recommend_refused_from_other_states(application, department_user, status):
    type(application).objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    with pytest.raises(ApplicationError):
        sign(application, department_user)
    application.refresh_from_db()
    assert application.status == status
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.RECOMMENDED, S.WITHDRAWN, S.ACCEPTED])
def test_return_refused_from_other_states(application, department_user, status):
    type(application).objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(ApplicationError):
        services.application_return_for_correction(application, by=department_user, comment="请补充")
    application.refresh_from_db()
    assert application.status == status
    assert CorrectionRequest.objects.count() == 0


def test_recommend_refused_outside_jurisdiction(other_district_application, department_user):
    with pytest.raises(ApplicationError, match="辖区"):
        sign(other_district_application, department_user)
    other_district_application.refresh_from_db()
    assert other_district_application.status == S.SUBMITTED


def test_recommend_allowed_during_eligibility(application, cycle, department_user):
    support.set_stage(cycle, StageKind.ELIGIBILITY)
    sign(application, department_user)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


def test_recommend_refused_once_eligibility_has_ended(application, cycle, department_user):
    support.set_stage(cycle, StageKind.ACCEPTANCE_NOTICE)
    with pytest.raises(ApplicationError, match="推荐已结束"):
        sign(application, department_user)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_return_and_resubmit_then_recommend(application, department, department_user, applicant):
    request = services.application_return_for_correction(
        application, by=department_user, comment="请补充近三年财务报表。"
    )
    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert (request.department, request.comment) == (department, "请补充近三年财务报表。")
    notification = Notification.objects.get(recipient=applicant)
    assert "请补充近三年财务报表。" in notification.body
    entry = AuditEntry.objects.get(action="application.returned")
    assert (entry.from_state, entry.to_state, entry.reason) == (S.SUBMITTED, S.RETURNED, "请补充近三年财务报表。")
    # the applicant corrects and re-submits (the dossier's submit goes through the same transition)
    application_set_status(application, S.SUBMITTED, by=applicant)
    sign(application, department_user)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


def test_return_without_comment_is_refused(application, department_user):
    with pytest.raises(ApplicationError, match="需要修改"):
        services.application_return_for_correction(application, by=department_user, comment=" ")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.fixture
def lanzhou(other_authority):
    scheme = support.lanzhou_rules(factories.make_scheme(other_authority, code="lanzhou-test"))
    district = factories.DistrictFactory(authority=other_authority, name="城关区")
    department, user = support.department_with_user(
        other_authority, district, username="chengguan", name="城关区质强办"
    )
    cycle = support.open_cycle(scheme, at=StageKind.COUNTY_NOTICE)
    return {"scheme": scheme, "district": district, "department": department, "user": user, "cycle": cycle}


def test_lanzhou_forward_refused_before_county_notice_passed(lanzhou, applicant):
    application = support.make_application(
        lanzhou["cycle"], owner=applicant, district=lanzhou["district"], title="兰州企业"
    )
    with pytest.raises(ApplicationError) as error:
        sign(application, lanzhou["user"])
    assert "第十三条" in str(error.value)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert Recommendation.objects.count() == 0


def test_lanzhou_forward_after_county_notice_passed(lanzhou, applicant):
    application = support.make_application(
        lanzhou["cycle"], owner=applicant, district=lanzhou["district"], title="兰州企业"
    )
    lanzhou["cycle"].stages.filter(kind=StageKind.COUNTY_NOTICE).update(status=StageStatus.DONE)
    lanzhou["cycle"].stages.filter(kind=StageKind.RECOMMENDATION).update(status=StageStatus.CURRENT)
    application_hold(application, by=None, reference="YY-TEST-0002", reason="异议调查中")
    with pytest.raises(ApplicationError, match="第十三条"):
        sign(application, lanzhou["user"])  # held by an objection on its county notice
    application_release(application, by=None, reference="YY-TEST-0002", reason="异议不成立")
    recommendation = sign(application, lanzhou["user"])
    assert (recommendation.department, recommendation.article) == (lanzhou["department"], "第十三条第二款")
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


# Views


def test_list_shows_only_the_jurisdiction(
    client, application, other_district_application, department_user, django_assert_num_queries
):
    client.force_login(department_user)
    for number in range(3):
        support.make_application(
            application.cycle, owner=application.owner, district=application.district, title=f"另一家{number}"
        )
    client.get(reverse("applications:recommendation-list"))  # warm the session and permission caches
    with django_assert_num_queries(9):  # the counts per status, each list's page and count (the others: none)
        response = client.get(reverse("applications:recommendation-list"))
    assert response.status_code == 200
    titles = [a.title for a in response.context["awaiting"]]
    assert titles.count("随州编钟制造有限公司") == 1
    assert "广水企业" not in titles
    assert len(titles) == 4


def test_list_paginated_with_counts_per_status_and_constant_queries(
    client, application, department_user, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(common.pagination, "PAGE_SIZE", 2)
    client.force_login(department_user)
    url = reverse("applications:recommendation-list")
    for count in (4, 9):
        while Application.objects.filter(cycle=application.cycle).count() < count:
            number = Application.objects.count()
            support.make_application(
                application.cycle, owner=application.owner, district=application.district, title=f"企业{number}"
            )
        recommended = list(Application.objects.exclude(pk=application.pk).order_by("pk").values_list("pk", flat=True))
        Application.objects.filter(pk__in=recommended[:2]).update(status=S.RECOMMENDED)
        Application.objects.filter(pk__in=recommended[2:3]).update(status=S.RETURNED)
        client.get(url)
        with django_assert_num_queries(10):
            response = client.get(url, {"awaiting_page": 2, "status": S.RECOMMENDED})
        assert response.context["awaiting"].paginator.count == count - 3
        assert len(response.context["awaiting"]) == (1 if count == 4 else 2)  # page 2 of 1 is the last
        assert [(c.value, c.count) for c in response.context["states"].counts] == [(S.RETURNED, 1), (S.RECOMMENDED, 2)]
        assert {a.status for a in response.context["others"]} == {S.RECOMMENDED}


def test_list_denied_to_a_user_without_department(client, staff):
    client.force_login(staff)
    assert client.get(reverse("applications:recommendation-list")).status_code == 404


def test_list_anonymous_redirects_to_login(client):
    response = client.get(reverse("applications:recommendation-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_detail_allowed_for_the_department(client, application, department_user):
    client.force_login(department_user)
    response = client.get(reverse("applications:recommendation-detail", args=[application.pk]))
    assert response.status_code == 200
    assert "第十八条" in response.content.decode()


def test_detail_of_another_jurisdiction_is_404(client, other_district_application, department_user):
    client.force_login(department_user)
    assert (
        client.get(reverse("applications:recommendation-detail", args=[other_district_application.pk])).status_code
        == 404
    )


def test_department_of_another_authority_gets_404(client, application, other_authority):
    district = factories.DistrictFactory(authority=other_authority, name="七里河区")
    _department, user = support.department_with_user(other_authority, district, username="qilihe", name="七里河区政府")
    client.force_login(user)
    for name in ("recommendation-detail", "recommendation-return", "recommendation-sign"):
        method = client.get if name == "recommendation-detail" else client.post
        assert method(reverse(f"applications:{name}", args=[application.pk])).status_code == 404


def test_detail_anonymous_redirects_to_login(client, application):
    response = client.get(reverse("applications:recommendation-detail", args=[application.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sign_view_recommends(client, application, department_user):
    client.force_login(department_user)
    response = client.post(
        reverse("applications:recommendation-sign", args=[application.pk]),
        {"opinion": "同意推荐。", "signer_name": "李局长", "signed_on": "2026-05-21"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert application.recommendation.signer_name == "李局长"


def test_sign_view_with_missing_fields_changes_nothing(client, application, department_user):
    client.force_login(department_user)
    response = client.post(reverse("applications:recommendation-sign", args=[application.pk]), {"opinion": ""})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_return_view_returns(client, application, department_user):
    client.force_login(department_user)
    response = client.post(
        reverse("applications:recommendation-return", args=[application.pk]), {"comment": "缺少营业执照"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RETURNED


def test_other_jurisdiction_cannot_post(client, other_district_application, department_user):
    client.force_login(department_user)
    url = reverse("applications:recommendation-return", args=[other_district_application.pk])
    assert client.post(url, {"comment": "x"}).status_code == 404
    other_district_application.refresh_from_db()
    assert other_district_application.status == S.SUBMITTED


def test_home_task_counts_the_jurisdiction(application, other_district_application, department_user, staff):
    tasks = recommendation_tasks(department_user)
    assert [task.url for task in tasks] == [reverse("applications:recommendation-list")]
    assert "1" in tasks[0].title
    assert recommendation_tasks(staff) == []


def test_applicant_reads_the_return_comment(client, application, department_user, applicant):
    services.application_return_for_correction(application, by=department_user, comment="请补充质量管理体系认证证书。")
    client.force_login(applicant)
    page = client.get(reverse("applications:eligibility-decision", args=[application.pk])).content.decode()
    assert "请补充质量管理体系认证证书。" in page
