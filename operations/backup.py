"""Backups of a whole installation, and their restore.

One dated zip holds the database as Django fixtures (``dumpdata`` with natural keys for content
types and permissions, so it loads into SQLite or PostgreSQL alike), every file of the
``default`` and ``cold`` storages under ``files/<alias>/<name>``, a ``manifest.json`` naming each
file with its size and SHA-256, and a ``SHA256SUMS`` that ``sha256sum -c`` reads after unzipping.

The audit trail refuses ``save()`` on an existing row; ``loaddata`` writes through
``Model.save_base(raw=True)``, which neither calls that ``save()`` nor touches ``created``, so
the trail comes back exactly as it was.
"""

import datetime
import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import OperationsError

FORMAT = "qualityaward-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
CHECKSUMS = "SHA256SUMS"
FILES = "files"
STORAGE_ALIASES = ("default", "cold")
CHUNK = 1024 * 1024
# Django's JSON fixtures with times to the microsecond (operations/serializers.py).
SERIALIZATION_FORMAT = "json_exact"
serializers.register_serializer(SERIALIZATION_FORMAT, "operations.serializers")

# Not backed up: rows that ``migrate`` writes itself (content types, permissions), and per-process
# state that means nothing on another server (sessions, login-failure counters).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
# Rows a fresh installation may already hold (``setup_periodic_tasks`` runs at every start): they
# do not make a database "not empty", and the backup's own schedule replaces them.
SCHEDULE_APP = "django_celery_beat"


@dataclass(frozen=True)
class StoredFile:
    alias: str
    name: str
    size: int
    sha256: str

    @property
    def member(self) -> str:
        return f"{FILES}/{self.alias}/{self.name}"


@dataclass(frozen=True)
class RestoreReport:
    objects: int
    files: int


def walk_storage(storage, folder: str = ""):
    """Every file name under ``folder`` of ``storage``, sorted, through ``listdir`` only."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from walk_storage(storage, posixpath.join(folder, sub) if folder else sub)


def copy_hashed(source, target) -> tuple[int, str]:
    """Copy the open file ``source`` into ``target`` in chunks; its size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def _stored_here(storage, name) -> bool:
    """Whether ``storage`` itself holds ``name`` (the default storage's reads would also find cold files)."""
    return storage.in_hot(name) if hasattr(storage, "in_hot") else storage.exists(name)


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def backup_create(*, output: Path | None = None, now: datetime.datetime | None = None) -> Path:
    """Write the database and every stored file into one new zip; returns its path.

    ``output`` is a folder (the file is named ``qualityaward-backup-YYYYmmdd-HHMMSS.zip``) or a
    file name; by default ``settings.BACKUP_DIR``. The database is read in one snapshot
    (PostgreSQL); the files are copied after it. The zip appears complete or not at all.
    Changes nothing in the database or the storages.
    """
    now = timezone.localtime(now or timezone.now())
    target = Path(output or settings.BACKUP_DIR)
    if target.suffix != ".zip":
        target.mkdir(parents=True, exist_ok=True)
        target = target / f"qualityaward-backup-{now:%Y%m%d-%H%M%S}.zip"
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    files: list[StoredFile] = []
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        # One consistent snapshot of every table, however busy the installation is (a caller's own
        # transaction, as in a test, keeps its isolation).
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=EXCLUDED,
                output=str(dump),
                verbosity=0,
                format=SERIALIZATION_FORMAT,
            )
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with dump.open("rb") as source:
                objects = len(json.load(source))
            with dump.open("rb") as source, archive.open(DATABASE, "w", force_zip64=True) as member:
                database_size, database_sha = copy_hashed(source, member)
            seen = set()
            for alias in STORAGE_ALIASES:
                if alias not in settings.STORAGES:
                    continue
                storage = storages[alias]
                for name in walk_storage(storage):
                    # A file caught between the default and cold storage is kept once, from default.
                    if name in seen:
                        continue
                    seen.add(name)
                    member_name = f"{FILES}/{alias}/{name}"
                    with storage.open(name, "rb") as source, archive.open(member_name, "w", force_zip64=True) as member:
                        size, checksum = copy_hashed(source, member)
                    files.append(StoredFile(alias=alias, name=name, size=size, sha256=checksum))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": now.isoformat(),
                "database": {
                    "vendor": connection.vendor,
                    "member": DATABASE,
                    "size": database_size,
                    "sha256": database_sha,
                    "objects": objects,
                },
                "migrations": _applied_migrations(),
                "files": [{"storage": f.alias, "name": f.name, "size": f.size, "sha256": f.sha256} for f in files],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            sums = [f"{database_sha}  {DATABASE}"] + [f"{f.sha256}  {f.member}" for f in files]
            archive.writestr(CHECKSUMS, "\n".join(sums) + "\n")
    os.replace(partial, target)
    return target


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise OperationsError(_("This file is not a backup of this platform: it has no manifest.")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise OperationsError(_("This file is not a backup this version of the platform can restore."))
    return manifest


def _manifest_files(manifest) -> list[StoredFile]:
    return [
        StoredFile(alias=f["storage"], name=f["name"], size=f["size"], sha256=f["sha256"]) for f in manifest["files"]
    ]


def backup_verify(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Raise unless the database dump and every file in ``archive`` match the manifest's checksums."""
    expected = [(DATABASE, manifest["database"]["sha256"])] + [(f.member, f.sha256) for f in _manifest_files(manifest)]
    for member, checksum in expected:
        try:
            with archive.open(member) as source:
                _size, actual = copy_hashed(source, _Discard())
        except KeyError:
            raise OperationsError(_("The backup lacks %(member)s.") % {"member": member}) from None
        if actual != checksum:
            raise OperationsError(
                _("%(member)s does not match its checksum; the backup is damaged.") % {"member": member}
            )


class _Discard:
    """A sink for ``copy_hashed`` when only the checksum is wanted."""

    def write(self, data):
        return len(data)


def data_models():
    """The models whose rows make a database "not empty"."""
    skipped_apps = {"contenttypes", "sessions", "axes", SCHEDULE_APP}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in skipped_apps or meta.label_lower == "auth.permission":
            continue
        if meta.managed and not meta.proxy:
            yield model


def database_is_empty() -> bool:
    return not any(model._base_manager.exists() for model in data_models())


def storages_are_empty() -> bool:
    return not any(
        next(walk_storage(storages[alias]), None) is not None for alias in STORAGE_ALIASES if alias in settings.STORAGES
    )


def _missing_migrations(manifest) -> list[str]:
    applied = _applied_migrations()
    return [
        f"{app_label}.{name}"
        for app_label, names in manifest["migrations"].items()
        for name in names
        if name not in applied.get(app_label, ())
    ]


def backup_restore(path: Path, *, force: bool = False) -> RestoreReport:
    """Restore a backup into this installation's database and storages.

    Refuses, changing nothing, a damaged archive, a database that lacks migrations the backup
    had, and a database or storage that already holds data, unless ``force``: then the database is
    flushed first and files of the same name are replaced (other files stay). The periodic-task
    schedule is replaced by the backup's.
    """
    with zipfile.ZipFile(path) as archive:
        manifest = read_manifest(archive)
        backup_verify(archive, manifest)
        missing = _missing_migrations(manifest)
        if missing:
            raise OperationsError(
                _("The backup was made by a newer version: run the migrations first (missing %(missing)s).")
                % {"missing": ", ".join(missing[:5])}
            )
        if not force and not database_is_empty():
            raise OperationsError(_("The database is not empty; restore into an empty one, or force it."))
        if not force and not storages_are_empty():
            raise OperationsError(_("The file storage is not empty; restore into an empty one, or force it."))
        with tempfile.TemporaryDirectory() as scratch:
            # loaddata reads the format from the extension.
            dump = Path(scratch) / f"database.{SERIALIZATION_FORMAT}"
            with archive.open(DATABASE) as source, dump.open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            if force:
                call_command("flush", interactive=False, verbosity=0)
            with transaction.atomic():
                for model in apps.get_app_config(SCHEDULE_APP).get_models():
                    model._base_manager.all().delete()
                call_command("loaddata", str(dump), verbosity=0)
        files = _manifest_files(manifest)
        for stored in files:
            storage = storages[stored.alias]
            if _stored_here(storage, stored.name):
                if not force:
                    raise OperationsError(_("%(name)s is already stored.") % {"name": stored.name})
                if hasattr(storage, "hot_delete"):
                    storage.hot_delete(stored.name)
                else:
                    storage.delete(stored.name)
            with archive.open(stored.member) as source:
                saved = storage.save(stored.name, File(source, name=stored.name))
            if saved != stored.name:
                raise OperationsError(_("%(name)s was stored as %(saved)s.") % {"name": stored.name, "saved": saved})
    return RestoreReport(objects=manifest["database"]["objects"], files=len(files))
