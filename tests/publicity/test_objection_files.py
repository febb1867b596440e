"""Files an anonymous objector uploads, as the office downloads them: a content type judged from
their bytes whatever their name and the browser said, ``nosniff``, and always an attachment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import content_disposition_header

from publicity.models import Objection

from .conftest import pdf, png_bytes
from .helpers import publish

pytestmark = pytest.mark.django_db

PDF = pdf().read()


def disguised(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def file_anonymously(client, notice, *, status=302, **fields):
    entry = notice.entries.order_by("order").first()
    data = {"entry": entry.pk, "phone": "13800000000", "address": "兰州市城关区", "content": "该单位存在问题。"}
    response = client.post(reverse("publicity:object", args=[notice.pk]), {**data, **fields})
    assert response.status_code == status  # filed: redirected to the answer; refused: the form again
    return response


def download(client, objection, which):
    response = client.get(reverse("publicity:objection-file", args=[objection.pk, which]))
    assert response.status_code == 200
    return response


def served(response):
    return (
        response["Content-Type"],
        response["X-Content-Type-Options"],
        response["Content-Disposition"].split(";", 1)[0],
        b"".join(response.streaming_content)[:4],
    )


def test_an_anonymous_objectors_files_are_served_by_their_content_as_attachments(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    file_anonymously(
        client,
        notice,
        kind="individual",
        name="王建国",
        id_number="620102198001010011",
        identity_document=disguised("身份证.html", png_bytes(), "text/html"),
        evidence=[
            disguised("情况说明.html", PDF, "text/html"),
            disguised("现场.svg", png_bytes(), "image/svg+xml"),
        ],
    )
    file_anonymously(
        client,
        notice,
        kind="unit",
        name="某协会",
        sealed_letter=disguised("公函.js", PDF, "application/javascript"),
    )
    individual, unit = Objection.objects.order_by("pk")
    client.force_login(staff)

    assert served(download(client, individual, "identity")) == ("image/png", "nosniff", "attachment", b"\x89PNG")
    assert served(download(client, unit, "letter")) == ("application/pdf", "nosniff", "attachment", b"%PDF")
    letter, photo = individual.evidence.order_by("pk")
    response = download(client, individual, letter.pk)
    assert served(response) == ("application/pdf", "nosniff", "attachment", b"%PDF")
    assert response["Content-Disposition"] == content_disposition_header(True, "情况说明.html")
    assert served(download(client, individual, photo.pk)) == ("image/png", "nosniff", "attachment", b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("照片.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("证据.pdf", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "application/pdf"),
    ],
)
def test_a_file_whose_content_is_not_a_pdf_or_an_image_is_never_stored(
    client, staff, notice_stage, listed, name, content, content_type
):
    notice = publish(notice_stage, staff)
    response = file_anonymously(
        client,
        notice,
        status=200,
        kind="individual",
        name="王建国",
        id_number="620102198001010011",
        identity_document=disguised("身份证.png", png_bytes(), "image/png"),
        evidence=[disguised(name, content, content_type)],
    )
    assert response.context["form"].errors
    assert Objection.objects.count() == 0
