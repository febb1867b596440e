"""The kept PDF of a submission is rendered by the ``pdf.dossier`` task a moment after it: the
dossier page shows how it stands and follows it by reading a small JSON status (a GET that writes
nothing, the owner's only) until the PDF is there, then offers it without a reload."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from applications.models import DossierPdf
from applications.services import dossier_pdf
from applications.services.dossier_pdf import dossier_pdf_status
from applications.tasks import REQUEUE_AFTER, dossier_pdf_task
from tests import factories
from tests.applications.dossier_support import fill_dossier, make_organisation, open_cycle, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The PDF task a submission sends, recorded instead of run: the PDF stays to be made."""
    calls = []
    monkeypatch.setattr(dossier_pdf_task, "delay", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.fixture
def submitted(client, scheme, district, applicant, queued):
    application = fill_dossier(
        start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant), applicant
    )
    client.force_login(applicant)
    client.post(reverse("applications:dossier-submit", args=[application.pk]), {"confirm": "1"})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED  # its PDF task is queued once the submission commits
    return application


def _render(application):
    return dossier_pdf_task(application_id=application.pk, submitted_at=application.submitted_at.isoformat())


def test_the_status_of_the_pdf_from_submission_to_ready(submitted, other_scheme, district, monkeypatch):
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda application: b"%PDF-1.4 kept")
    later = submitted.submitted_at + datetime.timedelta(seconds=7)
    status = dossier_pdf_status(submitted, now=later, late_after=REQUEUE_AFTER)
    assert (status.state, status.waited, status.ready, status.pdf) == ("pending", 7, False, None)
    much_later = submitted.submitted_at + REQUEUE_AFTER + datetime.timedelta(seconds=1)
    assert dossier_pdf_status(submitted, now=much_later, late_after=REQUEUE_AFTER).state == "late"
    _render(submitted)
    ready = dossier_pdf_status(submitted, now=later, late_after=REQUEUE_AFTER)
    assert (ready.state, ready.ready, ready.pdf) == ("ready", True, DossierPdf.objects.get())
    draft = factories.application_in(open_cycle(other_scheme), district, title="草稿企业", status=S.DRAFT)
    assert dossier_pdf_status(draft, now=later, late_after=REQUEUE_AFTER).state == "none"


def test_the_json_status_answers_the_owner_and_writes_nothing(
    client, submitted, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda application: b"%PDF-1.4 kept")
    url = reverse("applications:dossier-pdf-status", args=[submitted.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["state"], body["ready"], body["url"], body["sha256"]) == ("pending", False, None, None)
    assert re.fullmatch(r"正在生成已提交申报材料的 PDF（已用时 \d+ 秒）。", body["message"])
    writes = [q["sql"] for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
    assert writes == []
    _render(submitted)
    with django_assert_num_queries(len(queries.captured_queries)):
        ready = client.get(url).json()
    pdf = DossierPdf.objects.get()
    assert (ready["state"], ready["ready"], ready["sha256"]) == ("ready", True, pdf.sha256)
    assert ready["url"] == reverse("pipeline:dossier-pdf", args=[submitted.pk])
    assert client.post(url).status_code == 405


def test_the_json_status_is_the_owner_s_only(client, submitted, staff, supervisor, department_user):
    url = reverse("applications:dossier-pdf-status", args=[submitted.pk])
    for user in (factories.UserFactory(username="stranger"), staff, supervisor, department_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_dossier_page_follows_the_pdf_while_it_is_made(client, submitted, monkeypatch):
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda application: b"%PDF-1.4 kept")
    page = client.get(reverse("applications:dossier", args=[submitted.pk])).content.decode()
    status_url = reverse("applications:dossier-pdf-status", args=[submitted.pk])
    assert f'data-poll-url="{status_url}"' in page and 'data-poll-state="pending"' in page
    assert re.search(r'id="pdf-ready-link" data-poll-ready hidden', page)
    _render(submitted)
    page = client.get(reverse("applications:dossier", args=[submitted.pk])).content.decode()
    assert "data-poll-url" not in page and 'id="pdf-link"' in page


def test_a_pdf_waited_for_too_long_is_said_to_be_queued_again(client, submitted):
    from_the_past = timezone.now() - REQUEUE_AFTER - datetime.timedelta(minutes=1)
    type(submitted).objects.filter(pk=submitted.pk).update(submitted_at=from_the_past)
    body = client.get(reverse("applications:dossier-pdf-status", args=[submitted.pk])).json()
    assert body["state"] == "late" and "自动重新排队" in body["message"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_dossier_page_offers_the_pdf_as_soon_as_the_worker_kept_it(live_server, page, monkeypatch):
    calls = []
    monkeypatch.setattr(dossier_pdf_task, "delay", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda application: b"%PDF-1.4 kept")
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    applicant = factories.UserFactory(username="pdf-applicant")
    application = fill_dossier(
        start(
            open_cycle(factories.make_scheme(authority)), make_organisation(district, members=[applicant]), applicant
        ),
        applicant,
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "pdf-applicant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))
    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    page.locator("#confirm-submit").check()
    submit = page.locator("#submit-dossier")
    submit.click()
    page.wait_for_url(live_server.url + reverse("applications:dossier", args=[application.pk]))
    pending = page.locator("#pdf-pending")
    assert pending.get_attribute("aria-busy") == "true"
    assert "正在生成" in pending.inner_text()
    assert page.locator("#pdf-ready-link").is_hidden()
    assert len(calls) == 1
    application.refresh_from_db()
    dossier_pdf_task(**calls[0])  # the worker keeps the PDF while the page waits
    page.locator("#pdf-ready-link").wait_for(state="visible", timeout=10000)
    assert pending.get_attribute("aria-busy") is None
    assert pending.get_attribute("data-poll-state") == "ready"
    assert "已生成" in pending.inner_text()
    assert page.locator("#pdf-pending .spinner-border").count() == 0
