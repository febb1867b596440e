"""A department sees an application only once it is submitted to it: drafts are the applicant's alone."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.services import dossier as services
from applications.services.transitions import application_set_status
from tests.applications.dossier_support import make_organisation, open_cycle, pdf_file, start


@pytest.fixture
def application(scheme, district, applicant):
    return start(open_cycle(scheme), make_organisation(district, members=[applicant], name="草稿企业"), applicant)


@pytest.fixture
def evidence(application, applicant):
    return services.evidence_add(application, by=applicant, uploaded=pdf_file("草稿证明.pdf"))


def department_sees(client, department_user, application, evidence):
    client.force_login(department_user)
    return (
        client.get(reverse("pipeline:dossier-view", args=[application.pk])).status_code,
        client.get(reverse("pipeline:evidence-download", args=[evidence.pk])).status_code,
        "草稿企业" in client.get(reverse("applications:recommendation-list")).content.decode(),
    )


def test_department_gets_404_for_a_draft_and_its_evidence(client, application, evidence, department_user):
    assert application.status == ApplicationStatus.DRAFT
    assert department_sees(client, department_user, application, evidence) == (404, 404, False)


def test_department_gets_404_for_an_application_withdrawn_while_a_draft(
    client, application, evidence, applicant, department_user
):
    services.application_withdraw(application, by=applicant, reason="不再申报")
    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (ApplicationStatus.WITHDRAWN, None)
    assert department_sees(client, department_user, application, evidence) == (404, 404, False)


def test_department_reads_the_application_once_submitted(client, application, evidence, applicant, department_user):
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)
    assert department_sees(client, department_user, application, evidence) == (200, 200, True)


def test_department_still_reads_an_application_withdrawn_after_submission(
    client, application, evidence, applicant, department_user
):
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)
    services.application_withdraw(application, by=applicant, reason="不再申报")
    assert department_sees(client, department_user, application, evidence) == (200, 200, True)


def test_the_applicant_still_reads_its_draft_and_evidence(client, application, evidence, applicant):
    client.force_login(applicant)
    assert client.get(reverse("pipeline:dossier-view", args=[application.pk])).status_code == 200
    assert client.get(reverse("pipeline:evidence-download", args=[evidence.pk])).status_code == 200
