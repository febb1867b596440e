"""A backup restores completely: every dossier, every stored file with its checksum, every audit entry."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage, storages
from django.core.management import call_command

from accounts.models import AuditEntry
from applications.models import Application, DossierPdf, Evidence
from applications.services import dossier as services
from operations.backup import MANIFEST, backup_create, backup_restore, walk_storage
from operations.errors import OperationsError
from tests.applications.dossier_support import fill_dossier, make_organisation, open_cycle, pdf_file, png_file, start

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def submitted(scheme, district, applicant):
    """A submitted dossier with two evidence files and its kept PDF; every step wrote the audit trail."""
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    fill_dossier(application, applicant)
    services.evidence_add(application, by=applicant, uploaded=pdf_file("营业执照.pdf"))
    services.evidence_add(application, by=applicant, uploaded=png_file("车间照片.png"), is_trade_secret=True)
    return services.application_submit(application, by=applicant)


def stored_checksums() -> dict[tuple[str, str], str]:
    checksums = {}
    for alias in ("default", "cold"):
        storage = storages[alias]
        for name in walk_storage(storage):
            with storage.open(name, "rb") as handle:
                checksums[(alias, name)] = hashlib.sha256(handle.read()).hexdigest()
    return checksums


def snapshot():
    return {
        "applications": list(Application.objects.order_by("pk").values_list("pk", "title", "status", "submitted_at")),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "file", "sha256", "is_trade_secret")),
        "pdfs": list(DossierPdf.objects.order_by("pk").values_list("pk", "file", "sha256")),
        "audit": list(
            AuditEntry.objects.order_by("pk").values_list(
                "pk", "created", "actor__username", "action", "target_type__model", "target_id", "summary", "to_state"
            )
        ),
        "files": stored_checksums(),
    }


def empty_everything():
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.COLD_MEDIA_ROOT, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_empty_database_and_storage_finds_everything_again(submitted, tmp_path):
    before = snapshot()
    path = backup_create(output=tmp_path / "backups")
    empty_everything()
    assert (Application.objects.count(), AuditEntry.objects.count(), stored_checksums()) == (0, 0, {})

    report = backup_restore(path)

    after = snapshot()
    assert after == before
    assert report.files == len(before["files"]) == 3  # two evidence files and the dossier PDF
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == evidence.sha256
    for pdf in DossierPdf.objects.all():
        with pdf.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == pdf.sha256
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionDenied):
        entry.save()  # the restored trail is as unchangeable as before


@pytest.mark.django_db
def test_backup_archive_is_dated_and_lists_every_file_with_its_checksum(submitted, tmp_path):
    path = backup_create(output=tmp_path)

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        listed = {(f["storage"], f["name"]): f["sha256"] for f in manifest["files"]}
        members = {
            (f["storage"], f["name"]): hashlib.sha256(archive.read(f"files/{f['storage']}/{f['name']}")).hexdigest()
            for f in manifest["files"]
        }
        sums = archive.read("SHA256SUMS").decode().splitlines()

    assert path.name.startswith("qualityaward-backup-") and path.suffix == ".zip"
    assert listed == members == stored_checksums()
    assert sums[0].endswith("  database.json")
    assert len(sums) == 1 + len(listed)
    assert manifest["database"]["vendor"] == "postgresql"


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(english, submitted, tmp_path):
    path = backup_create(output=tmp_path)
    count = AuditEntry.objects.count()

    with pytest.raises(OperationsError, match="database is not empty"):
        backup_restore(path)

    assert AuditEntry.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_storage_that_is_not_empty(english, submitted, tmp_path):
    path = backup_create(output=tmp_path)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(OperationsError, match="file storage is not empty"):
        backup_restore(path)

    assert Application.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_restore_forced_replaces_a_database_that_is_not_empty(submitted, tmp_path):
    before = snapshot()
    path = backup_create(output=tmp_path)
    Evidence.objects.filter(pk=before["evidence"][0][0]).update(description="changed after the backup")
    default_storage.save("stray/after-backup.txt", open(__file__, "rb"))  # noqa: SIM115 -- closed by save

    backup_restore(path, force=True)

    assert Evidence.objects.get(pk=before["evidence"][0][0]).description == ""
    assert {k: v for k, v in snapshot().items() if k != "files"} == {k: v for k, v in before.items() if k != "files"}
    assert set(before["files"]) < set(stored_checksums())  # files not in the backup stay


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup(english, submitted, tmp_path):
    path = backup_create(output=tmp_path)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content + b"x" if info.filename.startswith("files/") else content)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(OperationsError, match="does not match its checksum"):
        backup_restore(damaged)

    assert Application.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_backup_from_postgresql_restores_into_sqlite(submitted, tmp_path):
    """Portable: the commands themselves, in a process whose database is a fresh SQLite file."""
    before = snapshot()
    path = backup_create(output=tmp_path)
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "qualityaward.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "COLD_MEDIA_ROOT": str(tmp_path / "restored-cold"),
    }

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "-v0")
    restored = manage("restore", str(path))
    counts = manage(
        "shell",
        "-c",
        "import json; from accounts.models import AuditEntry; from applications.models import Application, Evidence;"
        "import hashlib;"
        "print(json.dumps([Application.objects.count(), AuditEntry.objects.count(),"
        " sorted(hashlib.sha256(e.file.open('rb').read()).hexdigest() == e.sha256 for e in Evidence.objects.all())]))",
    )

    assert restored.startswith(
        f"restored {len(json.loads(zipfile.ZipFile(path).read('database.json')))} database objects and 3 files"
    )
    assert json.loads(counts.splitlines()[-1]) == [len(before["applications"]), len(before["audit"]), [True, True]]
