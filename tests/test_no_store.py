"""Nothing a logged-in user sees, and no file download, may be kept by a browser cache or a proxy."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.services import dossier as dossier_services
from applications.services.transitions import application_set_status
from tests.applications.dossier_support import make_organisation, open_cycle, pdf_file, start

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "persona", ["staff", "supervisor", "committee_member", "reviewer", "department_user", "applicant"]
)
def test_every_page_of_a_logged_in_user_is_no_store(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (reverse("pipeline:home"), reverse("accounts:inbox"), reverse("public-home"), "/no-such-page/"):
        response = client.get(url)
        assert no_store(response), (persona, url, response.status_code)
        assert "private" in response["Cache-Control"]


def test_public_pages_seen_without_an_account_stay_cacheable(client):
    for url in (reverse("public-home"), reverse("publicity:public-list"), reverse("publicity:public-past")):
        response = client.get(url)
        assert response.status_code == 200
        assert not no_store(response), url


def test_dossier_evidence_and_kept_files_are_no_store(client, scheme, district, applicant, department_user):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    evidence = dossier_services.evidence_add(application, by=applicant, uploaded=pdf_file())
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)
    for user in (applicant, department_user):
        client.force_login(user)
        for url in (
            reverse("pipeline:dossier-view", args=[application.pk]),
            reverse("pipeline:evidence-download", args=[evidence.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert no_store(response), url
