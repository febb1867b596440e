"""Files in S3-compatible object storage, against a real S3 server (moto's server mode) on this machine."""

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from applications.services import dossier as services
from common.storage_s3 import ObjectStorage
from demo.applications import tiny_png
from tests import factories
from tests.applications.dossier_support import make_organisation, open_cycle, png_file, start
from tests.s3_support import bucket_keys, s3_options

DISPOSITION = "attachment; filename*=utf-8''%E7%85%A7%E7%89%87.png"  # 照片.png


@pytest.fixture
def evidence(s3_storages, scheme, district, applicant):
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    return services.evidence_add(application, by=applicant, uploaded=png_file("照片.png"))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # the moto server on 127.0.0.1
        return response.read(), response.headers


def test_evidence_added_through_the_service_is_an_object_in_the_bucket(s3_storages, evidence):
    client, hot, cold = s3_storages

    stored = client.get_object(Bucket=hot, Key=evidence.file.name)["Body"].read()

    assert bucket_keys(client, hot) == [evidence.file.name]
    assert bucket_keys(client, cold) == []
    assert stored == tiny_png()


def test_evidence_download_permitted_redirects_to_a_presigned_url_that_serves_the_bytes(
    s3_server, s3_storages, client, evidence, applicant
):
    _client, hot, _cold = s3_storages
    client.force_login(applicant)

    response = client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))
    url = response["Location"]
    query = parse_qs(urlsplit(url).query)
    body, headers = fetch(url)

    assert response.status_code == 302
    assert url.startswith(f"{s3_server}/{hot}/{evidence.file.name}?")
    assert (query["X-Amz-Expires"], query["response-content-type"]) == (["60"], ["image/png"])
    assert query["response-content-disposition"] == [DISPOSITION]
    assert "X-Amz-Signature" in query
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert body == tiny_png()
    assert (headers["Content-Type"], headers["Content-Disposition"]) == ("image/png", DISPOSITION)


def test_evidence_download_without_permission_is_404_and_names_no_url(s3_storages, client, evidence, district):
    other = factories.UserFactory()
    make_organisation(district, members=[other], number=79, name="别的公司")
    client.force_login(other)

    response = client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))

    assert response.status_code == 404
    assert "Location" not in response
    assert b"X-Amz" not in response.content


def test_evidence_download_after_move_to_cold_bucket_is_signed_for_the_cold_bucket(
    s3_server, s3_storages, client, evidence, applicant
):
    s3, hot, cold = s3_storages
    name = evidence.file.name
    with default_storage.open(name, "rb") as source:
        storages["cold"].save(name, source)
    default_storage.hot_delete(name)
    client.force_login(applicant)

    response = client.get(reverse("pipeline:evidence-download", args=[evidence.pk]))
    body, _headers = fetch(response["Location"])

    assert (bucket_keys(s3, hot), bucket_keys(s3, cold)) == ([], [name])
    assert response["Location"].startswith(f"{s3_server}/{cold}/{name}?")
    assert body == tiny_png()


def test_signed_url_names_the_public_endpoint_when_it_differs(s3_server, s3_storages):
    _client, hot, _cold = s3_storages
    public = s3_server.replace("127.0.0.1", "localhost")
    storage = ObjectStorage(**s3_options(s3_server, hot, public_endpoint_url=public))
    name = storage.save("notes/说明.pdf", ContentFile(b"%PDF-1.4 test"))

    url = storage.signed_url(name, filename="说明.pdf", content_type="application/pdf", as_attachment=True, expire=30)
    body, headers = fetch(url)

    assert url.startswith(f"{public}/{hot}/notes/")
    assert body == b"%PDF-1.4 test"
    assert headers["Content-Type"] == "application/pdf"


def test_head_reads_only_the_first_bytes(s3_server, s3_storages):
    _client, hot, _cold = s3_storages
    storage = ObjectStorage(**s3_options(s3_server, hot))
    name = storage.save("big.bin", ContentFile(b"A" * 100 + b"B" * 100))

    assert storage.head(name, 100) == b"A" * 100
    assert storage.head("missing.bin", 100) == b""
