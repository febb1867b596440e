"""The archive (归档) of a closed cycle holds what its index lists, and its files move to cold storage."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry
from applications.models import Application
from applications.services.dossier import dossier_pdf_generate
from awards.models import GovernmentApproval
from cycles.enums import CycleState, StageKind
from cycles.models import Cycle
from operations import archive as archiving
from operations.archive import cycle_archive_create, cycle_files_to_cold, read_index
from operations.errors import OperationsError
from operations.models import CycleArchive
from publicity.enums import ObjectionStatus
from publicity.services.objections import objection_decide
from register.certificates import certificate_issue
from register.models import AwardRecord
from reviews.models import Round, RoundEntry
from tests.publicity.conftest import png_bytes
from tests.publicity.helpers import identified_objection, publish


@pytest.fixture
def closed_cycle(staff, cycle, notice_stage, listed):
    """A closed cycle with a kept dossier PDF, a published notice, an answered objection and a review round."""
    first, second = listed
    Application.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=40))
    first.refresh_from_db()
    dossier_pdf_generate(first)
    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))
    objection = identified_objection(notice, now=timezone.now() - datetime.timedelta(days=19))
    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经核查，异议反映的问题不属实。")
    review_stage = cycle.stages.get(kind=StageKind.MATERIAL_REVIEW)
    review = Round.objects.create(cycle=cycle, stage=review_stage, kind=StageKind.MATERIAL_REVIEW)
    RoundEntry.objects.create(round=review, application=first)
    RoundEntry.objects.create(round=review, application=second)
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED, closed_at=timezone.now())
    cycle.refresh_from_db()
    return cycle


def archive_members(record) -> dict[str, bytes]:
    with record.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.django_db
def test_archive_holds_what_its_index_lists_with_matching_checksums(closed_cycle, staff, listed):
    record = cycle_archive_create(closed_cycle, by=staff)

    members = archive_members(record)
    index = read_index(members.pop("index.xlsx"))
    sums = dict(reversed(line.split("  ", 1)) for line in members.pop("SHA256SUMS").decode().splitlines())
    first, second = listed
    objection = closed_cycle.notices.get().objections.get()

    assert sorted(row.path for row in index) == sorted(members)
    assert {row.path: row.sha256 for row in index} == {
        name: hashlib.sha256(c).hexdigest() for name, c in members.items()
    }
    assert {row.path: row.size for row in index} == {name: len(content) for name, content in members.items()}
    assert {path: sums[path] for path in members} == {row.path: row.sha256 for row in index}
    assert sorted((row.path.split("/")[0], row.kind) for row in index) == sorted(
        [
            ("dossiers", _("Dossier PDF")),
            ("notices", _("Public notice")),
            ("objections", _("Answer to an objection")),
            ("reviews", _("Score report (.xlsx)")),
            ("reviews", _("Score report (.xlsx)")),
            ("reviews", _("Score report (PDF)")),
            ("reviews", _("Score report (PDF)")),
        ]
    )
    assert f"objections/{objection.reference}.pdf" in members
    with first.pdfs.get().file.open("rb") as kept:
        assert members[next(p for p in members if p.startswith(f"dossiers/{first.pk}-"))] == kept.read()
    assert all(content.startswith(b"%PDF") for path, content in members.items() if path.endswith(".pdf"))
    assert (record.items, record.sha256, record.created_by) == (
        7,
        hashlib.sha256(default_storage.open(record.file.name).read()).hexdigest(),
        staff,
    )
    assert AuditEntry.objects.filter(action="cycle.archived", target_id=closed_cycle.pk).count() == 1


@pytest.mark.django_db
def test_archive_refused_for_an_open_cycle(english, cycle, staff):
    with pytest.raises(OperationsError, match="still open"):
        cycle_archive_create(cycle, by=staff)

    assert CycleArchive.objects.count() == 0


@pytest.mark.django_db
def test_archive_takes_a_producer_appended_to_the_list(closed_cycle, monkeypatch):
    def decisions(cycle):
        yield archiving.ArchiveItem(path="decisions/批复.pdf", kind="Decision", title="政府批复", content=b"%PDF-1.4 d")

    monkeypatch.setattr(archiving, "PRODUCERS", [*archiving.PRODUCERS, decisions])

    record = cycle_archive_create(closed_cycle)

    members = archive_members(record)
    assert members["decisions/批复.pdf"] == b"%PDF-1.4 d"
    assert read_index(members["index.xlsx"])[-1].title == "政府批复"


@pytest.fixture
def decided(closed_cycle, staff):
    """The closed cycle's government decision, uploaded, and the certificate of its one winner."""
    approval = GovernmentApproval(
        cycle=closed_cycle,
        issuing_body="随州市人民政府",
        document_number="随政发〔2026〕9号",
        decided_on=timezone.localdate(),
        recorded_by=staff,
    )
    approval.file.save("decision.pdf", ContentFile(b"%PDF-1.4 decision"), save=False)
    approval.save()
    record = AwardRecord.objects.create(
        scheme=closed_cycle.scheme,
        tier=closed_cycle.scheme.tiers.get(),
        cycle=closed_cycle,
        holder_name="随州市甲机械有限公司",
        awarded_on=timezone.localdate(),
    )
    return approval, certificate_issue(record, by=staff)


@pytest.mark.django_db
def test_archive_holds_the_government_decision_and_the_certificates(client, decided, closed_cycle, staff):
    approval, certificate = decided

    members = archive_members(cycle_archive_create(closed_cycle, by=staff))

    assert members["decision/随政发〔2026〕9号.pdf"] == b"%PDF-1.4 decision"
    with certificate.file.open("rb") as issued:
        assert members[f"certificates/{certificate.code}-随州市甲机械有限公司.pdf"] == issued.read()
    kinds = {row.path.split("/")[0]: row.kind for row in read_index(members["index.xlsx"])}
    assert (kinds["decision"], kinds["certificates"]) == (_("Government decision"), _("Certificate"))

    cycle_files_to_cold(closed_cycle, by=staff)

    assert not default_storage.in_hot(certificate.file.name) and storages["cold"].exists(certificate.file.name)
    assert not default_storage.in_hot(approval.file.name) and storages["cold"].exists(approval.file.name)
    client.force_login(staff)
    response = client.get(reverse("register:certificate", args=[certificate.record_id]))
    with storages["cold"].open(certificate.file.name, "rb") as cold_copy:
        assert b"".join(response.streaming_content) == cold_copy.read()


@pytest.mark.django_db
def test_files_moved_to_cold_storage_still_download_for_a_permitted_user(client, closed_cycle, staff, listed):
    first = listed[0]
    pdf = first.pdfs.get()
    objection = closed_cycle.notices.get().objections.get()
    cycle_archive_create(closed_cycle, by=staff)

    moved = cycle_files_to_cold(closed_cycle, by=staff)

    names = [pdf.file.name, objection.identity_document.name]
    assert moved == 2
    assert [(default_storage.in_hot(n), storages["cold"].exists(n)) for n in names] == [(False, True), (False, True)]
    client.force_login(first.owner)
    response = client.get(reverse("pipeline:dossier-pdf", args=[first.pk]))
    with storages["cold"].open(pdf.file.name, "rb") as cold_copy:
        assert b"".join(response.streaming_content) == cold_copy.read()
    assert hashlib.sha256(storages["cold"].open(pdf.file.name).read()).hexdigest() == pdf.sha256
    client.force_login(staff)
    document = client.get(reverse("publicity:objection-file", args=[objection.pk, "identity"]))
    assert (document.status_code, b"".join(document.streaming_content)) == (200, png_bytes())
    assert CycleArchive.objects.get().files_moved_at is not None
    assert cycle_files_to_cold(closed_cycle, by=staff) == 0  # idempotent


@pytest.mark.django_db
def test_files_not_moved_before_the_cycle_is_archived(english, closed_cycle, listed):
    with pytest.raises(OperationsError, match="no archive yet"):
        cycle_files_to_cold(closed_cycle)

    assert default_storage.in_hot(listed[0].pdfs.get().file.name)


@pytest.mark.django_db
def test_files_moved_to_a_cold_bucket_download_through_a_presigned_url(s3_storages, client, closed_cycle, listed):
    s3, hot, cold = s3_storages
    first = listed[0]
    pdf = first.pdfs.get()  # kept in the bucket: the storages were set before the cycle was built
    cycle_archive_create(closed_cycle)

    cycle_files_to_cold(closed_cycle)

    client.force_login(first.owner)
    response = client.get(reverse("pipeline:dossier-pdf", args=[first.pk]))
    assert response.status_code == 302
    assert f"/{cold}/{pdf.file.name}?" in response["Location"]
    assert s3.get_object(Bucket=cold, Key=pdf.file.name)["Body"].read()[:5] == b"%PDF-"


@pytest.mark.django_db
def test_archive_page_and_download_for_staff_only(client, closed_cycle, staff, other_staff, supervisor):
    record = cycle_archive_create(closed_cycle, by=staff)
    url = reverse("operations:archive-download", args=[record.pk])

    client.force_login(staff)
    page = client.get(reverse("operations:cycle-archives", args=[closed_cycle.pk]))
    download = client.get(url)

    assert page.status_code == 200 and url.encode() in page.content
    assert (download.status_code, download["Content-Type"]) == (200, "application/zip")
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    for outsider in (other_staff, supervisor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(reverse("operations:cycle-archives", args=[closed_cycle.pk])).status_code == 404


@pytest.mark.django_db
def test_archive_request_from_the_page_runs_the_pdf_task(
    client, closed_cycle, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("operations:archive-request", args=[closed_cycle.pk]))

    assert response.status_code == 302
    assert list(CycleArchive.objects.values_list("cycle_id", "created_by", "items")) == [(closed_cycle.pk, staff.pk, 7)]
