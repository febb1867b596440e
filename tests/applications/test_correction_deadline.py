"""Returned for correction: a deadline within the scheme's period (or the office's setting) and the
stage's plan; the applicant sees what to correct and by when, corrects and resubmits until then even
after the call's deadline, and not after it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEntry, Notification
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.home import applicant_tasks
from applications.models import Application, CorrectionRequest, ReportSection
from applications.selectors import rubric_items
from applications.services import dossier as dossier_services
from applications.services import recommendation as services
from cycles.calendar import add_days, end_of_day
from cycles.enums import DayUnit, StageKind
from tests import factories
from tests.applications import eligibility_support as support
from tests.applications.dossier_support import add_declaration, fill_dossier, make_organisation, open_cycle, start

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def cycle(scheme):
    add_declaration(scheme)
    return open_cycle(scheme, year=timezone.localdate().year)


@pytest.fixture
def submitted(cycle, district, applicant):
    """A complete dossier submitted before the call's deadline, which has since passed; the cycle is
    in its eligibility stage, during which the department still acts."""
    application = start(cycle, make_organisation(district, members=[applicant]), applicant)
    fill_dossier(application, applicant)
    dossier_services.application_submit(application, by=applicant)
    type(cycle).objects.filter(pk=cycle.pk).update(submission_deadline=timezone.now() - datetime.timedelta(days=1))
    support.set_stage(cycle, StageKind.ELIGIBILITY)
    application.refresh_from_db()
    return application


def today():
    return timezone.localdate()


def returned(application, department_user, **kwargs):
    services.application_return_for_correction(application, by=department_user, comment="请补充财务报表。", **kwargs)
    return Application.objects.select_related("cycle__scheme").get(pk=application.pk)


def past_correction_deadline(application):
    Application.objects.filter(pk=application.pk).update(
        correction_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    return Application.objects.select_related("cycle__scheme").get(pk=application.pk)


# The deadline and its bound


def test_a_return_gives_the_last_day_the_office_setting_allows_by_default(submitted, department_user, applicant):
    application = returned(submitted, department_user)
    expected = end_of_day(add_days(today(), 5, DayUnit.WORKING))
    assert application.correction_deadline == expected
    assert CorrectionRequest.objects.get(application=application).correct_by == expected
    entry = AuditEntry.objects.get(action="application.correction_deadline")
    assert (entry.article, entry.data["before"], entry.data["after"]) == ("", None, expected.isoformat())
    notification = Notification.objects.filter(recipient=applicant).latest("pk")
    assert "请补充财务报表。" in notification.body
    assert timezone.localtime(expected).strftime("%Y-%m-%d %H:%M") in notification.body


def test_a_period_the_scheme_gives_bounds_the_deadline_and_is_cited(submitted, department_user, scheme):
    scheme.correction_days, scheme.correction_unit, scheme.correction_article = 10, DayUnit.CALENDAR, "第十七条"
    scheme.save()
    bound = add_days(today(), 10, DayUnit.CALENDAR)
    assert services.correction_bound(submitted) == bound
    with pytest.raises(ApplicationError, match="第十七条"):
        returned(submitted, department_user, correct_by=bound + datetime.timedelta(days=1))
    application = returned(submitted, department_user, correct_by=bound)
    assert application.correction_deadline == end_of_day(bound)
    assert AuditEntry.objects.get(action="application.correction_deadline").article == "第十七条"


def test_a_deadline_in_the_past_is_refused(submitted, department_user):
    with pytest.raises(ApplicationError, match="质量办设定"):
        returned(submitted, department_user, correct_by=today() - datetime.timedelta(days=1))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.correction_deadline) == (S.SUBMITTED, None)


def test_the_planned_end_of_the_running_stage_bounds_the_deadline(submitted, department_user, cycle):
    cycle.stages.filter(kind=StageKind.ELIGIBILITY).update(planned_end=today())
    assert services.correction_bound(submitted) == today()
    with pytest.raises(ApplicationError):
        returned(submitted, department_user, correct_by=today() + datetime.timedelta(days=1))


# Correcting after the call's deadline


def test_a_returned_application_is_corrected_and_resubmitted_after_the_calls_deadline(
    submitted, department_user, applicant
):
    application = returned(submitted, department_user)
    item = rubric_items(application)[0]
    dossier_services.report_section_save(application, by=applicant, item=item, text="已补充财务报表。")
    dossier_services.application_submit(application, by=applicant)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert ReportSection.objects.get(application=application, item=item).text == "已补充财务报表。"


def test_after_the_correction_deadline_nothing_is_changed_or_resubmitted(submitted, department_user, applicant):
    application = past_correction_deadline(returned(submitted, department_user))
    item = rubric_items(application)[0]
    with pytest.raises(ApplicationError, match="修改期限"):
        dossier_services.report_section_save(application, by=applicant, item=item, text="迟到的修改")
    with pytest.raises(ApplicationError, match="修改期限"):
        dossier_services.application_submit(application, by=applicant)
    application.refresh_from_db()
    assert application.status == S.RETURNED


def test_a_draft_still_closes_at_the_calls_deadline(cycle, district, applicant):
    application = start(cycle, make_organisation(district, members=[applicant], number=2), applicant)
    type(cycle).objects.filter(pk=cycle.pk).update(submission_deadline=timezone.now() - datetime.timedelta(days=1))
    application = Application.objects.get(pk=application.pk)
    with pytest.raises(ApplicationError, match="申报截止时间"):
        dossier_services.report_section_save(application, by=applicant, item=rubric_items(application)[0], text="草稿")


# Moving the deadline


def test_staff_move_the_deadline_within_the_bound_audited_and_told(submitted, department_user, staff, applicant):
    application = returned(submitted, department_user, correct_by=today())
    later = add_days(today(), 3, DayUnit.WORKING)
    services.correction_deadline_set(application, by=staff, correct_by=later)
    application.refresh_from_db()
    assert application.correction_deadline == end_of_day(later)
    entry = AuditEntry.objects.filter(action="application.correction_deadline").latest("pk")
    assert (entry.actor, entry.data["before"], entry.data["after"]) == (
        staff,
        end_of_day(today()).isoformat(),
        end_of_day(later).isoformat(),
    )
    assert Notification.objects.filter(recipient=applicant, subject__contains="修改期限").count() == 1
    with pytest.raises(ApplicationError):
        services.correction_deadline_set(application, by=staff, correct_by=add_days(today(), 6, DayUnit.WORKING))


def test_moving_the_deadline_is_refused_outside_the_jurisdiction_and_unless_returned(
    submitted, department_user, authority, other_staff
):
    with pytest.raises(ApplicationError):
        services.correction_deadline_set(submitted, by=department_user, correct_by=today())
    application = returned(submitted, department_user)
    elsewhere = factories.DepartmentFactory(authority=authority, name="广水市人民政府")
    elsewhere.districts.add(factories.DistrictFactory(authority=authority, name="广水市"))
    with pytest.raises(ApplicationError):
        services.correction_deadline_set(
            application, by=factories.make_department_user(elsewhere, username="guangshui"), correct_by=today()
        )
    with pytest.raises(ApplicationError):
        services.correction_deadline_set(application, by=other_staff, correct_by=today())


# Pages


def test_the_applicant_sees_what_to_correct_and_by_when(client, submitted, department_user, applicant):
    application = returned(submitted, department_user)
    client.force_login(applicant)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    when = timezone.localtime(application.correction_deadline).strftime("%Y-%m-%d %H:%M")
    assert "请补充财务报表。" in page
    assert f"请于 {when} 前改正并重新提交" in page
    assert 'id="submit-dossier"' in page
    assert reverse("applications:dossier-report", args=[application.pk]) in page


def test_after_the_correction_deadline_the_page_says_so(client, submitted, department_user, applicant):
    application = past_correction_deadline(returned(submitted, department_user))
    client.force_login(applicant)
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert 'id="correction-closed"' in page
    assert "修改期限已于" in page
    assert 'id="submit-dossier"' not in page


def test_the_home_page_lists_a_returned_application_after_the_calls_deadline(submitted, department_user, applicant):
    application = returned(submitted, department_user)
    [task] = [t for t in applicant_tasks(applicant) if t.url == reverse("applications:dossier", args=[application.pk])]
    assert task.due == application.correction_deadline


def test_the_return_form_offers_the_last_day_allowed(client, submitted, department_user):
    client.force_login(department_user)
    page = client.get(reverse("applications:recommendation-detail", args=[submitted.pk])).content.decode()
    bound = add_days(today(), 5, DayUnit.WORKING).isoformat()
    assert f'value="{bound}"' in page and f'max="{bound}"' in page
    assert "质量办设定" in page


def test_the_deadline_view_for_the_department_and_staff(client, submitted, department_user, staff):
    application = returned(submitted, department_user, correct_by=today())
    url = reverse("applications:correction-deadline", args=[application.pk])
    later = add_days(today(), 2, DayUnit.WORKING)
    client.force_login(department_user)
    assert client.post(url, {"correct_by": later.isoformat()}).status_code == 302
    application.refresh_from_db()
    assert application.correction_deadline == end_of_day(later)
    client.force_login(staff)
    dossier = reverse("pipeline:dossier-view", args=[application.pk])
    assert url in client.get(dossier).content.decode()
    response = client.post(url, {"correct_by": today().isoformat(), "next": dossier})
    assert (response.status_code, response.url) == (302, dossier)
    application.refresh_from_db()
    assert application.correction_deadline == end_of_day(today())


def test_the_deadline_view_is_denied_to_the_applicant_another_authority_and_anonymous(
    client, submitted, department_user, applicant, other_staff
):
    application = returned(submitted, department_user)
    url = reverse("applications:correction-deadline", args=[application.pk])
    for user in (applicant, other_staff):
        client.force_login(user)
        assert client.post(url, {"correct_by": today().isoformat()}).status_code == 404
    client.logout()
    response = client.post(url, {"correct_by": today().isoformat()})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    application.refresh_from_db()
    assert application.correction_deadline == end_of_day(add_days(today(), 5, DayUnit.WORKING))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_applicant_corrects_and_resubmits_after_the_calls_deadline_in_the_browser(
    live_server, page, submitted, department_user, applicant
):
    application = returned(submitted, department_user)
    item = rubric_items(application)[0]
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", applicant.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))

    returned_box = page.locator("#returned")
    assert "请补充财务报表。" in returned_box.inner_text()
    when = timezone.localtime(application.correction_deadline).strftime("%Y-%m-%d %H:%M")
    assert page.locator("#correct-by").inner_text() == f"请于 {when} 前改正并重新提交。"
    page.get_by_role("link", name="自评报告与佐证材料").click()
    area = page.locator(f"#text-{item.pk}")
    area.fill("")
    area.press_sequentially("已补充近三年财务报表。", delay=5)
    page.wait_for_function(f"() => document.querySelector('#status-{item.pk}').textContent === '已保存'")
    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    page.check("#confirm-submit")
    page.locator("#submit-dossier").click()
    assert page.locator("#status").inner_text() == "已提交"
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert ReportSection.objects.get(application=application, item=item).text == "已补充近三年财务报表。"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_after_the_correction_deadline_the_applicant_reads_why_it_cannot_resubmit(
    live_server, page, submitted, department_user, applicant
):
    application = past_correction_deadline(returned(submitted, department_user))
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", applicant.username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    assert "不能再修改或重新提交" in page.locator("#correction-closed").inner_text()
    assert page.locator("#submit-dossier").count() == 0


def test_the_schemes_page_states_the_correction_period_and_where_it_comes_from(client, scheme):
    page = client.get(reverse("cycles:scheme", args=[scheme.code])).content.decode()
    assert "退回修改的申报须在退回之日起5个工作日内修改" in page
    assert "质量办设定" in page[page.index('id="correction-period"') :].split("</li>")[0]
