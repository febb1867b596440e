import hashlib
import re
import subprocess
import zlib

import pytest
from django.urls import reverse

from applications.models import DossierPdf
from applications.pdf import dossier_pdf_html, render_dossier_pdf
from applications.permissions import Access
from applications.selectors import rubric_items
from applications.services import dossier as services
from tests import factories
from tests.applications.dossier_support import fill_dossier, make_organisation, open_cycle, start


@pytest.fixture
def submitted(scheme, district, applicant, django_capture_on_commit_callbacks):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    fill_dossier(application, applicant, text="公开的自评内容")
    item = rubric_items(application)[1]
    services.report_section_save(application, by=applicant, item=item, text="保密工艺参数", is_trade_secret=True)
    with django_capture_on_commit_callbacks(execute=True):  # the kept PDF is rendered after commit
        return services.application_submit(application, by=applicant)


def font_names(content: bytes) -> tuple[bytes, bytes]:
    """The PDF's text with every Flate stream inflated (WeasyPrint packs font dictionaries in object streams)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            parts.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    inflated = b"\n".join(parts)
    return b" ".join(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+#-]+)", inflated)), inflated


def pdf_bytes(pdf):
    with pdf.file.open("rb") as stored:
        return stored.read()


def test_pdf_kept_with_checksum_and_cjk_font(submitted):
    pdf = DossierPdf.objects.get(application=submitted)
    content = pdf_bytes(pdf)
    assert content.startswith(b"%PDF")
    assert pdf.sha256 == hashlib.sha256(content).hexdigest()
    names, inflated = font_names(content)
    assert re.search(rb"Noto-?S(erif|ans)-?CJK-?SC", names), names
    assert re.search(rb"/FontFile[23]?", inflated)  # embedded, not just named


def test_pdf_html_full_has_secret_and_without_secrets_omits_it(submitted):
    full = dossier_pdf_html(submitted, access=Access.FULL)
    assert "保密工艺参数" in full
    assert 'lang="zh-CN"' in full
    public = dossier_pdf_html(submitted, access=Access.WITHOUT_SECRETS)
    assert "保密工艺参数" not in public
    assert "公开的自评内容" in public


def test_pdf_full_version_contains_secret_and_public_one_omits_it(submitted, tmp_path):
    def text_of(content):
        path = tmp_path / "x.pdf"
        path.write_bytes(content)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    full = text_of(pdf_bytes(DossierPdf.objects.get(application=submitted)))
    assert "保密工艺参数" in full
    public = text_of(render_dossier_pdf(submitted, access=Access.WITHOUT_SECRETS))
    assert "保密工艺参数" not in public
    assert "公开的自评内容" in public


def test_pdf_generation_idempotent(submitted):
    first = DossierPdf.objects.get(application=submitted)
    assert services.dossier_pdf_generate(submitted) == first
    assert DossierPdf.objects.count() == 1


def test_pdf_download_owner(client, submitted, applicant):
    client.force_login(applicant)
    response = client.get(reverse("pipeline:dossier-pdf", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_download_staff(client, submitted, staff):
    client.force_login(staff)
    assert client.get(reverse("pipeline:dossier-pdf", args=[submitted.pk])).status_code == 200


def test_pdf_download_department_without_full_access_gets_404(client, submitted, department_user):
    client.force_login(department_user)
    assert client.get(reverse("pipeline:dossier-pdf", args=[submitted.pk])).status_code == 404


def test_pdf_download_other_applicant_gets_404(client, submitted):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("pipeline:dossier-pdf", args=[submitted.pk])).status_code == 404


def test_pdf_download_anonymous_redirected(client, submitted):
    response = client.get(reverse("pipeline:dossier-pdf", args=[submitted.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
