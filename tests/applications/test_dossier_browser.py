"""An applicant logs in, writes the report (autosaved), attaches evidence and submits, in the browser."""

import time

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.models import Application, Evidence, ReportSection
from applications.selectors import rubric_items
from demo.applications import tiny_pdf
from tests import factories
from tests.applications.dossier_support import add_declaration, fill_dossier, make_organisation, open_cycle, start


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_writes_report_uploads_evidence_and_submits(live_server, page, tmp_path):
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    scheme = factories.make_scheme(authority)
    add_declaration(scheme)
    applicant = factories.UserFactory(username="b-applicant")
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    fill_dossier(application, applicant, text="")  # the form and declarations; the report is left to write
    first, second = rubric_items(application)

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "b-applicant")
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("pipeline:home"))

    page.goto(live_server.url + reverse("applications:dossier-report", args=[application.pk]))
    page.locator(f"#text-{first.pk}").press_sequentially("领导作用突出", delay=20)
    assert page.locator(f"#count-{first.pk}").inner_text() == "6"
    assert wait_for(lambda: ReportSection.objects.filter(item=first, text="领导作用突出").exists())

    # typed, then the tab goes away at once: the beacon flush keeps the text
    page.locator(f"#text-{second.pk}").fill("结果良好")
    page.locator(f"#text-{second.pk}").dispatch_event("input")
    page.goto(live_server.url + reverse("applications:my-applications"))
    assert wait_for(lambda: ReportSection.objects.filter(item=second, text="结果良好").exists())

    page.goto(live_server.url + reverse("applications:dossier-report", args=[application.pk]))
    evidence = tmp_path / "证书.pdf"

    evidence.write_bytes(tiny_pdf())
    page.set_input_files("input[name=file]", str(evidence))
    page.select_option("select[name=item]", str(first.pk))
    page.locator("#upload-evidence").click()
    page.wait_for_load_state()
    assert Evidence.objects.filter(application=application, item=first, original_name="证书.pdf").count() == 1

    page.goto(live_server.url + reverse("applications:dossier", args=[application.pk]))
    page.locator("#submit-dossier").click()  # the confirmation in the page is required first
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    page.locator("#confirm-submit").check()
    page.locator("#submit-dossier").click()
    page.wait_for_selector("#pdf-link")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    assert page.locator("#status").inner_text() == "已提交"
    assert page.locator("#read-only").is_visible()
