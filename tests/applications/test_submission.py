import pytest
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import AuditEntry, Notification
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import Application, ApplicationForm, DossierPdf
from applications.selectors import rubric_items
from applications.services import dossier as services
from applications.services.transitions import application_set_status
from cycles.enums import StageKind
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

S = ApplicationStatus


@pytest.fixture
def cycle(scheme):
    add_declaration(scheme)
    return open_cycle(scheme)


@pytest.fixture
def application(cycle, district, applicant):
    return start(cycle, make_organisation(district, members=[applicant]), applicant)


@pytest.fixture
def complete(application, applicant):
    return fill_dossier(application, applicant)


def set_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()


def test_submit_without_the_confirmation_in_the_page_changes_nothing(client, complete, applicant):
    client.force_login(applicant)
    response = client.post(reverse("applications:dossier-submit", args=[complete.pk]), follow=True)
    complete.refresh_from_db()
    assert complete.status == S.DRAFT
    assert "勾选确认" in response.content.decode()
    assert not AuditEntry.objects.filter(action="application.submitted").exists()


def test_submit_complete_dossier(client, complete, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:dossier-submit", args=[complete.pk]), {"confirm": "1"})
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == S.SUBMITTED
    assert complete.submitted_at is not None
    entry = AuditEntry.objects.get(action="application.submitted")
    assert (entry.from_state, entry.to_state, entry.target_id) == (S.DRAFT, S.SUBMITTED, complete.pk)
    assert Notification.objects.filter(recipient=applicant).count() == 1
    pdf = DossierPdf.objects.get(application=complete)
    assert pdf.submitted_at == complete.submitted_at


def test_submit_incomplete_refused_with_what_is_missing(client, application, applicant):
    client.force_login(applicant)
    response = client.post(reverse("applications:dossier-submit", args=[application.pk]), {"confirm": "1"}, follow=True)
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert len(list(response.context["messages"])) == 1
    page = client.get(reverse("applications:dossier", args=[application.pk]))
    assert len(page.context["missing"]) == 10
    assert "第十五条第（五）项" in page.content.decode()


def test_submit_undeclared_condition_refused(complete, applicant, cycle):
    form = ApplicationForm.objects.get(application=complete)
    form.declarations = {}
    form.save()
    with pytest.raises(ApplicationError) as error:
        services.application_submit(complete, by=applicant)
    assert "第十五条第（五）项" in str(error.value)


def test_submit_late_post_refused_naming_deadline(client, complete, applicant, cycle):
    cycle.submission_deadline = past()
    cycle.save()
    client.force_login(applicant)
    response = client.post(reverse("applications:dossier-submit", args=[complete.pk]), {"confirm": "1"}, follow=True)
    complete.refresh_from_db()
    assert complete.status == S.DRAFT
    deadline = formats.date_format(timezone.localtime(cycle.submission_deadline), "Y-m-d H:i")
    [message] = [str(m) for m in response.context["messages"]]
    assert deadline in message
    assert DossierPdf.objects.count() == 0


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RECOMMENDED, S.ACCEPTED, S.REFUSED, S.WITHDRAWN, S.AWARDED])
def test_submit_refused_from_state(complete, applicant, status):
    set_status(complete, status)
    with pytest.raises(ApplicationError):
        services.application_submit(complete, by=applicant)
    complete.refresh_from_db()
    assert complete.status == status


def test_submit_by_other_applicant_gets_404(client, complete):
    client.force_login(factories.UserFactory())
    assert client.post(reverse("applications:dossier-submit", args=[complete.pk]), {"confirm": "1"}).status_code == 404
    complete.refresh_from_db()
    assert complete.status == S.DRAFT


def test_submitted_dossier_read_only(client, complete, applicant):
    services.application_submit(complete, by=applicant)
    client.force_login(applicant)
    item = rubric_items(complete)[0]
    response = client.post(
        reverse("applications:dossier-form", args=[complete.pk]), {"profile": "改过的简介", "main_business": "x"}
    )
    assert response.status_code == 200
    assert ApplicationForm.objects.get(application=complete).profile == "公司成立于2012年。"
    with pytest.raises(ApplicationError):
        services.report_section_save(complete, by=applicant, item=item, text="改")
    assert section_text(complete, item) == "我们坚持质量第一。"
    page = client.get(reverse("applications:dossier-report", args=[complete.pk]))
    assert page.context["editable"] is False
    assert 'id="read-only"' in page.content.decode()


def test_returned_dossier_editable_and_resubmitted(
    complete, applicant, department_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(complete, by=applicant)
    application_set_status(complete, S.RETURNED, by=department_user, reason="补充")
    item = rubric_items(complete)[0]
    services.report_section_save(complete, by=applicant, item=item, text="补充后的内容")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(complete, by=applicant)
    complete.refresh_from_db()
    assert complete.status == S.SUBMITTED
    assert DossierPdf.objects.filter(application=complete).count() == 2


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED, S.RECOMMENDED])
def test_withdraw_allowed_before_eligibility(client, application, applicant, status):
    set_status(application, status)
    client.force_login(applicant)
    response = client.post(reverse("applications:dossier-withdraw", args=[application.pk]), {"reason": "战略调整"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    entry = AuditEntry.objects.get(action="application.withdrawn")
    assert (entry.from_state, entry.reason) == (status, "战略调整")
    assert Application.objects.filter(pk=application.pk).exists()  # never deleted


@pytest.mark.parametrize("status", [S.ACCEPTED, S.REFUSED, S.CANDIDATE, S.WITHDRAWN, S.AWARDED, S.ELIMINATED])
def test_withdraw_refused_from_state(application, applicant, status):
    set_status(application, status)
    with pytest.raises(ApplicationError):
        services.application_withdraw(application, by=applicant, reason="不参加了")
    application.refresh_from_db()
    assert application.status == status


def test_withdraw_without_reason_refused(application, applicant):
    with pytest.raises(ApplicationError):
        services.application_withdraw(application, by=applicant, reason="  ")
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_withdraw_by_other_applicant_gets_404(client, application):
    client.force_login(factories.UserFactory())
    response = client.post(reverse("applications:dossier-withdraw", args=[application.pk]), {"reason": "x"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_withdraw_by_staff_refused(application, staff):
    with pytest.raises(ApplicationError):
        services.application_withdraw(application, by=staff, reason="x")


def test_departments_of_the_district_are_told_a_dossier_awaits_them(authority, district, applicant, department_user):
    scheme = factories.make_scheme(
        authority,
        code="with-recommendation",
        stages=[(StageKind.APPLICATION, "申报", None), (StageKind.RECOMMENDATION, "推荐", None)],
    )
    add_declaration(scheme)
    elsewhere = factories.make_department_user(factories.DepartmentFactory(authority=authority, name="另一区"))
    application = fill_dossier(
        start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant), applicant
    )

    services.application_submit(application, by=applicant)

    told = Notification.objects.filter(url=reverse("applications:recommendation-detail", args=[application.pk]))
    assert list(told.values_list("recipient", flat=True)) == [department_user.pk]
    assert application.title in told.get().subject
    assert not Notification.objects.filter(recipient=elsewhere).exists()


def test_no_department_is_told_where_the_scheme_has_no_recommendation(complete, applicant, department_user):
    services.application_submit(complete, by=applicant)

    assert not Notification.objects.filter(recipient=department_user).exists()
