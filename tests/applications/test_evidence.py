import hashlib
import io

import openpyxl
import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import Evidence, EvidenceKind
from applications.services import dossier as services
from applications.services.transitions import application_set_status
from applications.storage import detect_kind
from demo.applications import tiny_pdf, tiny_png
from tests import factories
from tests.applications.dossier_support import (
    docx_bytes,
    exe_bytes,
    fill_dossier,
    make_organisation,
    ole2_bytes,
    open_cycle,
    pdf_file,
    png_file,
    start,
    upload,
)


@pytest.fixture
def application(scheme, district, applicant):
    return start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)


def post_upload(client, application, file, follow=False, **extra):
    url = reverse("applications:evidence-upload", args=[application.pk])
    return client.post(url, {"file": file, **extra}, follow=follow)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (tiny_pdf(), EvidenceKind.PDF),
        (tiny_png(), EvidenceKind.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64, EvidenceKind.JPEG),
        (docx_bytes(), EvidenceKind.DOCX),
        (ole2_bytes("WordDocument"), EvidenceKind.DOC),
        (ole2_bytes("Workbook"), EvidenceKind.XLS),
    ],
)
def test_detect_kind_from_content(content, kind):
    assert detect_kind(upload("whatever.bin", content)) == kind


def test_detect_kind_xlsx():

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert detect_kind(upload("表.xlsx", buffer.getvalue())) == EvidenceKind.XLSX


@pytest.mark.parametrize("content", [exe_bytes(), b"just some text", ole2_bytes("Unknown"), b"PK\x03\x04broken"])
def test_detect_kind_unknown_is_none(content):
    assert detect_kind(upload("x.pdf", content)) is None


def test_upload_pdf_stored_with_checksum_and_random_name(client, application, applicant, settings):
    client.force_login(applicant)
    content = tiny_pdf()
    response = post_upload(client, application, upload("营业执照.pdf", content, "application/pdf"), description="执照")
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.size, evidence.original_name) == (EvidenceKind.PDF, len(content), "营业执照.pdf")
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.file.name.startswith("evidence/") and "营业执照" not in evidence.file.name
    assert str(settings.MEDIA_ROOT) in evidence.file.path
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


def test_upload_png_named_pdf_stored_as_png(client, application, applicant):
    client.force_login(applicant)
    post_upload(client, application, upload("扫描件.pdf", tiny_png(), "application/pdf"))
    evidence = Evidence.objects.get()
    assert evidence.kind == EvidenceKind.PNG
    assert evidence.file.name.endswith(".png")


def test_upload_exe_renamed_pdf_refused(client, application, applicant):
    client.force_login(applicant)
    response = post_upload(client, application, upload("报告.pdf", exe_bytes(), "application/pdf"), follow=True)
    assert Evidence.objects.count() == 0
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "报告.pdf" in messages[0]


def test_upload_oversize_file_refused(client, application, applicant, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 100
    client.force_login(applicant)
    post_upload(client, application, pdf_file())
    assert Evidence.objects.count() == 0


def test_upload_dossier_cap_refused(application, applicant, settings):
    settings.EVIDENCE_MAX_DOSSIER_SIZE = len(tiny_pdf("evidence")) + 10
    services.evidence_add(application, by=applicant, uploaded=pdf_file())
    with pytest.raises(ApplicationError):
        services.evidence_add(application, by=applicant, uploaded=pdf_file())
    assert Evidence.objects.count() == 1


def test_upload_other_applicant_gets_404(client, application):
    client.force_login(factories.UserFactory())
    assert post_upload(client, application, pdf_file()).status_code == 404
    assert Evidence.objects.count() == 0


def test_upload_after_submission_refused(application, applicant):
    fill_dossier(application, applicant)
    services.application_submit(application, by=applicant)
    with pytest.raises(ApplicationError):
        services.evidence_add(application, by=applicant, uploaded=pdf_file())
    assert Evidence.objects.count() == 0


def test_download_owner_gets_attachment_nosniff(client, application, applicant):
    evidence = services.evidence_add(application, by=applicant, uploaded=png_file("照片.png"))
    client.force_login(applicant)
    response = client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == tiny_png()


def test_download_other_applicant_changing_id_gets_404(client, application, applicant, district, scheme):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    other = factories.UserFactory()
    make_organisation(district, members=[other], number=77, name="另一家")
    client.force_login(other)
    assert client.get(reverse("pipeline:evidence-download", args=[evidence.pk])).status_code == 404


def test_download_anonymous_redirected_to_login(client, application, applicant):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    response = client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_download_trade_secret_hidden_from_department(client, application, applicant, department_user):
    public = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    secret = services.evidence_add(application, by=applicant, uploaded=png_file(), is_trade_secret=True)
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)  # drafts are the applicant's
    client.force_login(department_user)
    assert client.get(reverse("pipeline:evidence-download", args=[public.pk])).status_code == 200
    assert client.get(reverse("pipeline:evidence-download", args=[secret.pk])).status_code == 404


def test_download_trade_secret_served_to_staff(client, application, applicant, staff):
    secret = services.evidence_add(application, by=applicant, uploaded=png_file(), is_trade_secret=True)
    client.force_login(staff)
    assert client.get(reverse("pipeline:evidence-download", args=[secret.pk])).status_code == 200


def test_download_department_outside_jurisdiction_gets_404(client, application, applicant, authority):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    application_set_status(application, ApplicationStatus.SUBMITTED, by=applicant)
    department = factories.DepartmentFactory(authority=authority, name="广水市人民政府")
    department.districts.add(factories.DistrictFactory(authority=authority, name="广水市"))
    client.force_login(factories.make_department_user(department))
    assert client.get(reverse("pipeline:evidence-download", args=[evidence.pk])).status_code == 404


def test_evidence_secret_toggle_by_owner(client, application, applicant):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    client.force_login(applicant)
    client.post(reverse("applications:evidence-secret", args=[evidence.pk]), {"secret": "1"})
    evidence.refresh_from_db()
    assert evidence.is_trade_secret is True


def test_evidence_secret_toggle_other_applicant_gets_404(client, application, applicant):
    evidence = services.evidence_add(application, by=applicant, uploaded=pdf_file())
    client.force_login(factories.UserFactory())
    response = client.post(reverse("applications:evidence-secret", args=[evidence.pk]), {"secret": "1"})
    assert response.status_code == 404
    evidence.refresh_from_db()
    assert evidence.is_trade_secret is False
