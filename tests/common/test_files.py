"""Protected downloads on the filesystem: X-Accel-Redirect after the permission check, else a stream."""

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.services import dossier as services
from demo.applications import tiny_png
from publicity.enums import ObjectorKind
from publicity.services.objections import objection_file
from tests import factories
from tests.applications.dossier_support import make_organisation, open_cycle, png_file, start
from tests.publicity.conftest import png_bytes
from tests.publicity.helpers import identified_objection, publish

DISPOSITION = "attachment; filename*=utf-8''%E7%85%A7%E7%89%87.png"  # 照片.png


@pytest.fixture
def accel(settings):
    """nginx in front: the default storage under /protected/media/, the cold one under /protected/cold/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "common.storage.TieredLocalStorage",
            "OPTIONS": {"accel_prefix": "/protected/media/"},
        },
        "cold": {
            "BACKEND": "common.storage.LocalStorage",
            "OPTIONS": {"accel_prefix": "/protected/cold/", "location_setting": "COLD_MEDIA_ROOT"},
        },
    }


@pytest.fixture
def evidence(scheme, district, applicant):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    return services.evidence_add(application, by=applicant, uploaded=png_file("照片.png"))


def download(client, evidence):
    return client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))


def test_download_permitted_answers_x_accel_redirect_without_body(accel, client, evidence, applicant):
    client.force_login(applicant)

    response = download(client, evidence)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/media/{evidence.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == DISPOSITION
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_download_without_permission_refused_before_any_accel_header(accel, client, evidence, district):
    other = factories.UserFactory()
    make_organisation(district, members=[other], number=78, name="另一家公司")
    client.force_login(other)

    response = download(client, evidence)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_download_anonymous_sent_to_login_without_accel_header(accel, client, evidence):
    response = download(client, evidence)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "X-Accel-Redirect" not in response


def test_download_trade_secret_refused_to_department_without_accel_header(
    accel, client, scheme, district, applicant, department_user
):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    secret = services.evidence_add(application, by=applicant, uploaded=png_file(), is_trade_secret=True)
    client.force_login(department_user)

    response = download(client, secret)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_download_without_accel_prefix_streams_the_bytes(client, evidence, applicant):
    client.force_login(applicant)

    response = download(client, evidence)

    assert response.status_code == 200
    assert response.streaming
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == tiny_png()
    assert (response["Content-Type"], response["Content-Disposition"]) == ("image/png", DISPOSITION)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_download_of_a_file_gone_from_storage_is_404(client, evidence, applicant):
    default_storage.delete(evidence.file.name)
    client.force_login(applicant)

    assert download(client, evidence).status_code == 404


def test_download_after_move_to_cold_points_nginx_at_the_cold_folder(accel, client, evidence, applicant):
    name = evidence.file.name
    with default_storage.open(name, "rb") as source:
        storages["cold"].save(name, source)
    default_storage.hot_delete(name)
    client.force_login(applicant)

    response = download(client, evidence)

    assert (default_storage.in_hot(name), storages["cold"].exists(name)) == (False, True)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/cold/{name}"


def test_objection_document_type_judged_from_bytes_not_the_browser(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    disguised = SimpleUploadedFile("身份证.png", png_bytes(), content_type="text/html")
    objection = objection_file(
        notice,
        entry=notice.entries.order_by("order").first(),
        kind=ObjectorKind.INDIVIDUAL,
        name="王建国",
        phone="13800000000",
        address="兰州市城关区庆阳路1号",
        id_number="620102198001010011",
        identity_document=disguised,
        content="该单位近五年内发生过质量事故。",
    )
    client.force_login(staff)

    response = client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()


def test_objection_document_refused_to_other_authority_staff(client, staff, other_staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    objection = identified_objection(notice)
    client.force_login(other_staff)

    response = client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"]))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
