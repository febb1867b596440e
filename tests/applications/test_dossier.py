import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEntry
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.home import applicant_tasks
from applications.models import Application, ApplicationForm, CorrectionRequest, ReportSection, TeamMember
from applications.permissions import Access
from applications.selectors import dossier_for_display, dossier_missing, rubric_items
from applications.services import dossier as services
from applications.services.transitions import application_set_status
from cycles.enums import ApplicantKind
from cycles.models import Category, RubricItem
from tests import factories
from tests.applications.dossier_support import (
    add_declaration,
    fill_dossier,
    make_organisation,
    open_cycle,
    past,
    section_text,
    start,
)


@pytest.fixture
def cycle(scheme):
    add_declaration(scheme)
    return open_cycle(scheme)


@pytest.fixture
def organisation(district, applicant):
    return make_organisation(district, members=[applicant])


@pytest.fixture
def application(cycle, organisation, applicant):
    return start(cycle, organisation, applicant)


def test_application_start_creates_draft(application, organisation, applicant, district):
    assert application.status == ApplicationStatus.DRAFT
    assert (application.title, application.district, application.owner) == (organisation.name, district, applicant)
    assert ApplicationForm.objects.filter(application=application).count() == 1
    assert AuditEntry.objects.filter(action="application.created", target_id=application.pk).count() == 1


def test_application_start_second_live_application_refused(application, cycle, organisation, applicant):
    with pytest.raises(ApplicationError):
        start(cycle, organisation, applicant)
    assert Application.objects.count() == 1


def test_application_start_after_deadline_refused(cycle, organisation, applicant):
    cycle.submission_deadline = past()
    cycle.save()
    with pytest.raises(ApplicationError) as error:
        start(cycle, organisation, applicant)
    assert "截止" in str(error.value) or "deadline" in str(error.value)


def test_application_start_outside_application_stage_refused(cycle, organisation, applicant):
    cycle.stages.update(status="pending")
    cycle.stages.filter(order=2).update(status="current")
    with pytest.raises(ApplicationError):
        start(cycle, organisation, applicant)


def test_application_start_by_non_member_refused(cycle, organisation):
    with pytest.raises(ApplicationError):
        start(cycle, organisation, factories.UserFactory())


def test_application_start_view_creates_and_redirects(client, cycle, organisation, applicant):
    client.force_login(applicant)
    category = cycle.scheme.categories.get()
    response = client.post(
        reverse("applications:application-start", args=[cycle.pk, category.pk]), {"organisation": organisation.pk}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("applications:dossier", args=[application.pk])


def test_application_start_view_other_organisation_refused(client, cycle, organisation):
    stranger = factories.UserFactory()
    client.force_login(stranger)
    category = cycle.scheme.categories.get()
    url = reverse("applications:application-start", args=[cycle.pk, category.pk])
    client.post(url, {"organisation": organisation.pk})
    assert Application.objects.count() == 0


def test_form_view_saves_indicators_and_declarations(client, application, applicant, cycle):
    condition = cycle.scheme.conditions.get()
    client.force_login(applicant)
    data = {
        "legal_representative": "王法人",
        "employees": "320",
        "main_business": "编钟",
        "profile": "简介",
        "certifications": "ISO 9001",
        "indicator_2023_revenue": "1000.50",
        "indicator_2023_profit": "100",
        "indicator_2023_tax": "50",
        f"declaration_{condition.pk}": "on",
    }
    response = client.post(reverse("applications:dossier-form", args=[application.pk]), data)
    assert response.status_code == 302
    form = ApplicationForm.objects.get(application=application)
    assert form.employees == 320
    assert form.indicators == {"2023": {"revenue": "1000.50", "profit": "100", "tax": "50"}, "2024": {}, "2025": {}}
    assert form.declarations == {str(condition.pk): True}


def test_form_page_shows_declaration_article(client, application, applicant):
    client.force_login(applicant)
    content = client.get(reverse("applications:dossier-form", args=[application.pk])).content.decode()
    assert "近三年内未发生重大质量、安全、环境事故（第十五条第（五）项）" in content


def test_form_view_other_applicant_gets_404(client, application):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("applications:dossier-form", args=[application.pk])).status_code == 404


def test_autosave_saves_text_and_counts_words(client, application, applicant):
    item = rubric_items(application)[0]
    client.force_login(applicant)
    url = reverse("applications:report-autosave", args=[application.pk, item.pk])
    response = client.post(url, {"text": "质量第一 ISO 9001", "is_trade_secret": "1"})
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["words"] == 6
    section = ReportSection.objects.get(application=application, item=item)
    assert (section.text, section.is_trade_secret) == ("质量第一 ISO 9001", True)
    client.post(url, {"text": "改"})
    assert section_text(application, item) == "改"
    assert ReportSection.objects.get(pk=section.pk).is_trade_secret is True  # unchanged when not sent


def test_autosave_other_applicant_gets_404(client, application):
    item = rubric_items(application)[0]
    client.force_login(factories.UserFactory())
    response = client.post(reverse("applications:report-autosave", args=[application.pk, item.pk]), {"text": "x"})
    assert response.status_code == 404
    assert ReportSection.objects.count() == 0


def test_autosave_item_of_another_rubric_gets_404(client, application, applicant, other_scheme):
    foreign = rubric_items_of(other_scheme)[0]
    client.force_login(applicant)
    url = reverse("applications:report-autosave", args=[application.pk, foreign.pk])
    assert client.post(url, {"text": "x"}).status_code == 404


def rubric_items_of(scheme):

    return list(RubricItem.objects.filter(section__rubric__categories__scheme=scheme))


def test_autosave_anonymous_redirected_to_login(client, application):
    item = rubric_items(application)[0]
    response = client.post(reverse("applications:report-autosave", args=[application.pk, item.pk]), {"text": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_autosave_accepts_the_token_of_a_login_in_another_tab_and_refuses_the_old_one(application, applicant):
    """After a login elsewhere the page's own token is stale; the script sends the cookie's current one."""
    item = rubric_items(application)[0]
    url = reverse("applications:report-autosave", args=[application.pk, item.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    page = browser.get(reverse("applications:dossier-report", args=[application.pk]))
    page_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    browser.post(
        reverse("accounts:login"),
        {"username": applicant.username, "password": factories.PASSWORD, "csrfmiddlewaretoken": page_token},
    )
    assert browser.post(url, {"text": "旧"}, headers={"X-CSRFToken": page_token}).status_code == 403
    response = browser.post(url, {"text": "新"}, headers={"X-CSRFToken": browser.cookies["csrftoken"].value})
    assert (response.status_code, response.json()["saved"]) == (200, True)
    assert section_text(application, item) == "新"


def test_the_report_page_says_why_a_save_failed_in_chinese(client, application, applicant):
    client.force_login(applicant)
    with translation.override("zh-hans"):
        page = client.get(reverse("applications:dossier-report", args=[application.pk])).content.decode()
    assert 'data-offline-text="未保存：没有网络连接，连接恢复后立即保存。"' in page
    assert 'data-session-text="未保存：您已退出登录。' in page


def test_autosave_after_submission_refused(client, application, applicant):
    fill_dossier(application, applicant)
    services.application_submit(application, by=applicant)
    item = rubric_items(application)[0]
    client.force_login(applicant)
    response = client.post(reverse("applications:report-autosave", args=[application.pk, item.pk]), {"text": "改"})
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert section_text(application, item) == "我们坚持质量第一。"


def test_autosave_by_organisation_member_allowed(client, application, organisation):
    colleague = factories.UserFactory()
    organisation.members.add(colleague)
    item = rubric_items(application)[0]
    client.force_login(colleague)
    response = client.post(reverse("applications:report-autosave", args=[application.pk, item.pk]), {"text": "同事"})
    assert response.status_code == 200


def test_dossier_missing_lists_everything_then_nothing(application, applicant):
    missing = dossier_missing(application)
    assert "申报表：法定代表人。" in missing or "Application form: the legal representative." in missing
    assert len(missing) == 10  # 2 facts + 3 years + business + profile + 1 declaration + 2 report items
    fill_dossier(application, applicant)
    assert dossier_missing(application) == []


def test_dossier_page_owner_allowed(client, application, applicant, department):
    client.force_login(applicant)
    response = client.get(reverse("applications:dossier", args=[application.pk]))
    assert response.status_code == 200
    assert response.context["editable"] is True
    assert response.context["departments"] == [department]  # the recommending department of its district


@pytest.mark.parametrize("url_name", ["dossier", "dossier-form", "dossier-report"])
def test_dossier_pages_other_applicant_gets_404(client, application, url_name):
    client.force_login(factories.UserFactory())
    assert client.get(reverse(f"applications:{url_name}", args=[application.pk])).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    ["applications:dossier", "pipeline:dossier-view", "applications:dossier-report", "applications:my-applications"],
)
def test_dossier_pages_anonymous_redirected_to_login(client, application, url_name):
    args = [] if url_name.endswith("my-applications") else [application.pk]
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_dossier_view_department_of_jurisdiction_allowed_without_secrets(
    client, application, applicant, department_user
):
    item = rubric_items(application)[0]
    services.report_section_save(application, by=applicant, item=item, text="核心配方", is_trade_secret=True)
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)  # drafts are the applicant's
    client.force_login(department_user)
    response = client.get(reverse("pipeline:dossier-view", args=[application.pk]))
    assert response.status_code == 200
    assert "核心配方" not in response.content.decode()
    assert response.context["dossier"].secrets_withheld == 1


def test_dossier_view_department_outside_jurisdiction_gets_404(client, application, applicant, authority):
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)
    elsewhere = factories.DistrictFactory(authority=authority, name="广水市")
    department = factories.DepartmentFactory(authority=authority, name="广水市人民政府")
    department.districts.add(elsewhere)
    client.force_login(factories.make_department_user(department))
    assert client.get(reverse("pipeline:dossier-view", args=[application.pk])).status_code == 404


def test_dossier_view_staff_sees_secrets(client, application, applicant, staff):
    item = rubric_items(application)[0]
    services.report_section_save(application, by=applicant, item=item, text="核心配方", is_trade_secret=True)
    client.force_login(staff)
    response = client.get(reverse("pipeline:dossier-view", args=[application.pk]))
    assert "核心配方" in response.content.decode()


def test_dossier_view_other_authority_staff_gets_404(client, application, other_staff):
    client.force_login(other_staff)
    assert client.get(reverse("pipeline:dossier-view", args=[application.pk])).status_code == 404


def test_dossier_for_display_without_secrets_omits_marked_parts(application, applicant):
    items = rubric_items(application)
    services.report_section_save(application, by=applicant, item=items[0], text="公开内容")
    services.report_section_save(application, by=applicant, item=items[1], text="秘密内容", is_trade_secret=True)
    public = dossier_for_display(application, Access.WITHOUT_SECRETS)
    assert [(s.text, s.hidden) for s in public.sections] == [("公开内容", False), ("", True)]
    assert public.secrets_withheld == 1
    full = dossier_for_display(application, Access.FULL)
    assert [(s.text, s.hidden) for s in full.sections] == [("公开内容", False), ("秘密内容", False)]
    with pytest.raises(PermissionError):
        dossier_for_display(application, Access.NONE)


def test_my_applications_query_count(client, applicant, district, scheme, django_assert_num_queries):
    cycle = open_cycle(scheme)
    organisations = [
        make_organisation(district, members=[applicant], number=number + 10, name=f"企业{number}")
        for number in range(3)
    ]
    start(cycle, organisations[0], applicant)
    client.force_login(applicant)
    client.get(reverse("applications:my-applications"))  # warm caches (session, content types)
    with django_assert_num_queries(8):
        response = client.get(reverse("applications:my-applications"))
    assert response.status_code == 200
    assert len(response.context["applications"]) == 1
    assert len(response.context["organisations"]) == 3


def test_my_applications_query_count_constant_with_more_rows(
    client, applicant, district, scheme, authority, django_assert_num_queries
):
    cycle = open_cycle(scheme)
    other_scheme = factories.make_scheme(authority, code="second-award")
    second_cycle = open_cycle(other_scheme)
    for number in range(4):
        organisation = make_organisation(district, members=[applicant], number=number + 20, name=f"企业{number}")
        start(cycle, organisation, applicant)
        start(second_cycle, organisation, applicant)
    client.force_login(applicant)
    client.get(reverse("applications:my-applications"))
    with django_assert_num_queries(8):
        response = client.get(reverse("applications:my-applications"))
    assert len(response.context["applications"]) == 8
    assert len(response.context["calls"]) == 2


def test_team_application_size_limit_from_scheme(applicant, authority, district):
    scheme = factories.make_scheme(authority, code="jinzhong-test", max_team_size=3, team_size_article="第八条")
    category = Category.objects.create(
        scheme=scheme,
        code="individual",
        name="个人",
        applicant_kind=ApplicantKind.INDIVIDUAL,
        rubric=scheme.categories.get().rubric,
    )
    cycle = open_cycle(scheme)
    application = services.application_start(by=applicant, cycle=cycle, category=category, district=district)
    member = {"id_number": "421303198001011234", "years_in_quality_work": 12, "employer": "随州某公司", "title": ""}
    services.team_set(application, by=applicant, members=[{**member, "name": n} for n in ["甲", "乙", "丙"]])
    assert list(TeamMember.objects.values_list("name", "order")) == [("甲", 1), ("乙", 2), ("丙", 3)]
    application.refresh_from_db()
    assert application.title == "甲、乙、丙"
    with pytest.raises(ApplicationError) as error:
        services.team_set(application, by=applicant, members=[{**member, "name": n} for n in "甲乙丙丁"])
    assert "第八条" in str(error.value)
    assert TeamMember.objects.count() == 3


def test_team_view_refuses_fourth_member(client, applicant, authority, district):
    scheme = factories.make_scheme(authority, code="jinzhong-test", max_team_size=3, team_size_article="第八条")
    category = Category.objects.create(
        scheme=scheme,
        code="individual",
        name="个人",
        applicant_kind=ApplicantKind.INDIVIDUAL,
        rubric=scheme.categories.get().rubric,
    )
    application = services.application_start(
        by=applicant, cycle=open_cycle(scheme), category=category, district=district
    )
    client.force_login(applicant)
    data = {"team-TOTAL_FORMS": "4", "team-INITIAL_FORMS": "0", "team-MIN_NUM_FORMS": "0", "team-MAX_NUM_FORMS": "3"}
    for index, name in enumerate("甲乙丙丁"):
        data.update(
            {
                f"team-{index}-name": name,
                f"team-{index}-id_number": f"42130319800101123{index}",
                f"team-{index}-years_in_quality_work": "10",
                f"team-{index}-employer": "单位",
            }
        )
    response = client.post(reverse("applications:dossier-team", args=[application.pk]), data)
    assert response.status_code == 200
    assert TeamMember.objects.count() == 0
    data["team-TOTAL_FORMS"] = "2"
    response = client.post(reverse("applications:dossier-team", args=[application.pk]), data)
    assert response.status_code == 302
    assert list(TeamMember.objects.values_list("name", flat=True)) == ["甲", "乙"]


def test_team_page_for_organisation_application_gets_404(client, application, applicant):
    client.force_login(applicant)
    assert client.get(reverse("applications:dossier-team", args=[application.pk])).status_code == 404


def test_home_tasks_draft_and_returned(application, applicant, department_user):

    titles = [t.title for t in applicant_tasks(applicant)]
    assert len(titles) == 2
    assert application.cycle.name in titles[1]
    fill_dossier(application, applicant)
    services.application_submit(application, by=applicant)
    assert len(applicant_tasks(applicant)) == 1

    department = application.district.departments.get()
    CorrectionRequest.objects.create(
        application=application, department=department, comment="补充财务数据", returned_by=department_user
    )
    application_set_status(application, ApplicationStatus.RETURNED, by=department_user)
    tasks = applicant_tasks(applicant)
    assert len(tasks) == 2
    assert "补充财务数据" in tasks[1].title


def test_home_tasks_query_count(application, applicant, django_assert_num_queries):
    with django_assert_num_queries(2):
        applicant_tasks(applicant)
