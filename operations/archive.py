"""The archive (归档) of a closed cycle, and moving its files to cold storage.

An archive is one zip for the office's records: what each producer in ``PRODUCERS`` yields (the
dossier PDFs, each review round's score reports, each notice, the written answers to objections),
an index ``index.xlsx`` listing every document with its size and SHA-256, and ``SHA256SUMS``.

To add a kind of document, write a producer ``(cycle) -> Iterable[ArchiveItem]`` and append it to ``PRODUCERS``; if the cycle keeps stored files
of that kind, append a function ``(cycle) -> Iterable[FieldFile]`` to ``STORED_FILES`` so that
they move to cold storage with the rest.
"""

import datetime
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from accounts.services import audit_record
from applications.models import DossierPdf, Evidence
from awards.models import GovernmentApproval
from common.xlsx import append_row
from cycles.enums import CycleState
from cycles.models import Cycle
from publicity.enums import NoticeStatus, ObjectionStatus
from publicity.models import Notice, Objection, ObjectionEvidence
from publicity.pdf import render_answer_pdf, render_notice_pdf
from register.models import Certificate
from reviews.exports import entry_pdf, entry_xlsx
from reviews.models import RoundEntry

from .backup import CHUNK, copy_hashed
from .errors import OperationsError
from .models import CycleArchive

INDEX = "index.xlsx"
CHECKSUMS = "SHA256SUMS"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ArchiveItem:
    """One document of an archive: its path in the zip, what it is, and its bytes or its stored file."""

    path: str
    kind: str
    title: str
    content: bytes | None = None
    stored: FieldFile | None = None


@dataclass(frozen=True)
class IndexRow:
    path: str
    kind: str
    title: str
    size: int
    sha256: str


def safe_name(text: str, limit: int = 60) -> str:
    """``text`` fit for a file name in a zip opened on Windows: no separators or reserved characters."""
    return UNSAFE.sub("_", str(text)).strip(" .")[:limit] or "_"


# Producers --------------------------------------------------------------------------------------


def dossier_pdfs(cycle: Cycle) -> Iterable[ArchiveItem]:
    """Every kept dossier PDF of the cycle, each submission's (a corrected dossier has several)."""
    pdfs = (
        DossierPdf.objects.filter(application__cycle=cycle)
        .select_related("application")
        .order_by("application_id", "submitted_at")
    )
    for pdf in pdfs:
        application = pdf.application
        submitted = timezone.localtime(pdf.submitted_at)
        yield ArchiveItem(
            path=f"dossiers/{application.pk}-{safe_name(application.title)}-{submitted:%Y%m%d%H%M}.pdf",
            kind=_("Dossier PDF"),
            title=f"{application.title} ({submitted:%Y-%m-%d %H:%M})",
            stored=pdf.file,
        )


def score_reports(cycle: Cycle) -> Iterable[ArchiveItem]:
    """Each review round's score sheets and group report per application, as PDF and .xlsx."""
    entries = (
        RoundEntry.objects.filter(round__cycle=cycle)
        .select_related("round__stage", "application", "group")
        .order_by("round__stage__order", "application__title", "pk")
    )
    for entry in entries:
        folder = f"reviews/{entry.round.stage.order:02d}-{safe_name(entry.round.stage.name)}"
        stem = f"{entry.application_id}-{safe_name(entry.application.title)}"
        title = f"{entry.round.stage.name} · {entry.application.title}"
        yield ArchiveItem(
            path=f"{folder}/{stem}.pdf", kind=_("Score report (PDF)"), title=title, content=entry_pdf(entry)
        )
        yield ArchiveItem(
            path=f"{folder}/{stem}.xlsx", kind=_("Score report (.xlsx)"), title=title, content=entry_xlsx(entry)
        )


def notices(cycle: Cycle) -> Iterable[ArchiveItem]:
    """Each notice the cycle published, with its list as published and any removals."""
    for notice in (
        Notice.objects.filter(cycle=cycle)
        .exclude(status=NoticeStatus.DRAFT)
        .select_related("stage", "department", "cycle__scheme__authority")
        .order_by("published_at", "pk")
    ):
        yield ArchiveItem(
            path=f"notices/{notice.pk}-{safe_name(notice.title)}.pdf",
            kind=_("Public notice"),
            title=notice.title,
            content=render_notice_pdf(notice),
        )


def objection_answers(cycle: Cycle) -> Iterable[ArchiveItem]:
    """The written answer to each decided objection (书面告知)."""
    for objection in (
        Objection.objects.filter(cycle=cycle)
        .exclude(status=ObjectionStatus.OPEN)
        .select_related("cycle__scheme__authority", "notice", "entry", "application")
        .order_by("reference")
    ):
        yield ArchiveItem(
            path=f"objections/{objection.reference}.pdf",
            kind=_("Answer to an objection"),
            title=f"{objection.reference} · {objection.concerns}",
            content=render_answer_pdf(objection),
        )


def government_decision(cycle: Cycle) -> Iterable[ArchiveItem]:
    """The government's decision approving the winners, as the office uploaded it."""
    approval = GovernmentApproval.objects.filter(cycle=cycle).exclude(file="").first()
    if approval is not None:
        extension = approval.file.name.rsplit(".", 1)[-1].lower() if "." in approval.file.name else "pdf"
        yield ArchiveItem(
            path=f"decision/{safe_name(approval.document_number)}.{extension}",
            kind=_("Government decision"),
            title=f"{approval.issuing_body} {approval.document_number}",
            stored=approval.file,
        )


def certificates(cycle: Cycle) -> Iterable[ArchiveItem]:
    """Each certificate issued to a winner of the cycle, as issued (its number and QR code)."""
    for certificate in (
        Certificate.objects.filter(record__cycle=cycle).select_related("record").order_by("record__holder_name", "pk")
    ):
        yield ArchiveItem(
            path=f"certificates/{certificate.code}-{safe_name(certificate.record.holder_name)}.pdf",
            kind=_("Certificate"),
            title=f"{certificate.record.holder_name} · {certificate.code}",
            stored=certificate.file,
        )


# Append a producer here to put another kind of document into every archive.
PRODUCERS: list[Callable[[Cycle], Iterable[ArchiveItem]]] = [
    dossier_pdfs,
    score_reports,
    notices,
    objection_answers,
    government_decision,
    certificates,
]


# The stored files of a cycle, moved to cold storage once it is archived ---------------------------


def evidence_files(cycle: Cycle) -> Iterable[FieldFile]:
    for evidence in Evidence.objects.filter(application__cycle=cycle).order_by("pk"):
        yield evidence.file


def dossier_pdf_files(cycle: Cycle) -> Iterable[FieldFile]:
    for pdf in DossierPdf.objects.filter(application__cycle=cycle).order_by("pk"):
        yield pdf.file


def objection_files(cycle: Cycle) -> Iterable[FieldFile]:
    for objection in Objection.objects.filter(cycle=cycle).order_by("pk"):
        yield from (f for f in (objection.identity_document, objection.sealed_letter) if f)
    for evidence in ObjectionEvidence.objects.filter(objection__cycle=cycle).order_by("pk"):
        yield evidence.file


# Append here when a producer's documents are also kept as stored files of the cycle.
def decision_and_certificate_files(cycle: Cycle) -> Iterable[FieldFile]:
    yield from (item.stored for item in government_decision(cycle))
    yield from (item.stored for item in certificates(cycle))


STORED_FILES: list[Callable[[Cycle], Iterable[FieldFile]]] = [
    evidence_files,
    dossier_pdf_files,
    objection_files,
    decision_and_certificate_files,
]


# Rendering --------------------------------------------------------------------------------------


INDEX_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Document"),
    gettext_lazy("Kind"),
    gettext_lazy("Path in the archive"),
    gettext_lazy("Size (bytes)"),
    gettext_lazy("SHA-256"),
]


def index_xlsx(cycle: Cycle, rows: list[IndexRow], *, created: datetime.datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Index")[:31]
    sheet.append(
        [_("Archive of %(cycle)s, made %(created)s") % {"cycle": cycle, "created": f"{created:%Y-%m-%d %H:%M}"}]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(header) for header in INDEX_HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        append_row(sheet, [number, row.title, row.kind, row.path, row.size, row.sha256])
    for column, width in zip("ABCDEF", (6, 48, 20, 60, 14, 68), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_index(content: bytes) -> list[IndexRow]:
    """The rows of an archive's ``index.xlsx``, as ``index_xlsx`` wrote them."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [
        IndexRow(path=path, kind=kind, title=title, size=size, sha256=sha256)
        for _number, title, kind, path, size, sha256 in sheet.iter_rows(min_row=3, values_only=True)
    ]


# Services ---------------------------------------------------------------------------------------


def cycle_archive_create(cycle: Cycle, *, by=None, now: datetime.datetime | None = None) -> CycleArchive:
    """Make the archive of a closed cycle and keep it in the default storage.

    Runs every producer of ``PRODUCERS``; the zip holds their documents, ``index.xlsx`` and
    ``SHA256SUMS``. Creates a ``CycleArchive`` and writes ``cycle.archived``. Refuses an open cycle.
    """
    cycle = Cycle.objects.select_related("scheme__authority").get(pk=cycle.pk)
    if cycle.state != CycleState.CLOSED:
        raise OperationsError(_("%(cycle)s is still open; only a closed cycle is archived.") % {"cycle": cycle})
    created = timezone.localtime(now or timezone.now())
    rows: list[IndexRow] = []
    with tempfile.TemporaryFile() as scratch:
        with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for producer in PRODUCERS:
                for item in producer(cycle):
                    with archive.open(item.path, "w", force_zip64=True) as member:
                        if item.stored is not None:
                            with item.stored.open("rb") as source:
                                size, checksum = copy_hashed(source, member)
                        else:
                            size, checksum = copy_hashed(io.BytesIO(item.content or b""), member)
                    rows.append(
                        IndexRow(path=item.path, kind=str(item.kind), title=item.title, size=size, sha256=checksum)
                    )
            index = index_xlsx(cycle, rows, created=created)
            archive.writestr(INDEX, index)
            sums = [f"{row.sha256}  {row.path}" for row in rows]
            sums.append(f"{hashlib.sha256(index).hexdigest()}  {INDEX}")
            archive.writestr(CHECKSUMS, "\n".join(sums) + "\n")
        scratch.seek(0)
        digest, size = hashlib.sha256(), 0
        for chunk in iter(lambda: scratch.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
        scratch.seek(0)
        with transaction.atomic():
            record = CycleArchive(cycle=cycle, created_by=by, size=size, sha256=digest.hexdigest(), items=len(rows))
            record.file.save("archive.zip", File(scratch, name="archive.zip"), save=False)
            record.save()
            audit_record(
                actor=by,
                action="cycle.archived",
                summary=_("Archived %(cycle)s: %(count)s documents") % {"cycle": cycle, "count": len(rows)},
                target=cycle,
                authority=cycle.scheme.authority,
                data={"archive": record.pk, "sha256": record.sha256, "documents": len(rows)},
            )
    return record


def cycle_files_to_cold(cycle: Cycle, *, by=None, now: datetime.datetime | None = None) -> int:
    """Move the stored files of an archived cycle (``STORED_FILES``) from the default to the cold storage.

    Each file is copied, its copy checked against the original's SHA-256, and only then removed
    from the default storage; the file keeps its name, and the default storage's reads find it in
    the cold one, so every download view still serves it. Idempotent: a file already moved is
    skipped. Marks the cycle's latest archive and writes ``cycle.files_to_cold``. Returns how
    many files moved. Refuses a cycle without an archive.
    """
    archive = CycleArchive.objects.filter(cycle=cycle).order_by("-created", "-id").first()
    if archive is None:
        raise OperationsError(_("%(cycle)s has no archive yet; archive it before moving its files.") % {"cycle": cycle})
    moved = 0
    for files_of in STORED_FILES:
        for fieldfile in files_of(cycle):
            moved += _move_to_cold(fieldfile)
    now = now or timezone.now()
    with transaction.atomic():
        CycleArchive.objects.filter(pk=archive.pk).update(files_moved_at=now)
        audit_record(
            actor=by,
            action="cycle.files_to_cold",
            summary=_("Moved %(count)s files of %(cycle)s to cold storage") % {"count": moved, "cycle": cycle},
            target=cycle,
            authority=cycle.scheme.authority,
            data={"archive": archive.pk, "files": moved},
        )
    return moved


def _move_to_cold(fieldfile: FieldFile) -> int:
    storage = fieldfile.storage
    if not hasattr(storage, "in_hot"):
        raise OperationsError(_("The default storage does not read from cold storage; files cannot be moved."))
    name = fieldfile.name
    if not storage.in_hot(name):
        return 0
    cold = storage.cold_storage()
    with storage.open(name, "rb") as source:
        original = _sha256(source)
    if cold.exists(name):
        with cold.open(name, "rb") as copy:
            if _sha256(copy) != original:
                raise OperationsError(
                    _("%(name)s is in cold storage with other content; it was not moved.") % {"name": name}
                )
    else:
        with storage.open(name, "rb") as source:
            saved = cold.save(name, File(source, name=name))
        if saved != name:
            raise OperationsError(_("%(name)s was stored as %(saved)s.") % {"name": name, "saved": saved})
        with cold.open(name, "rb") as copy:
            if _sha256(copy) != original:
                cold.delete(name)
                raise OperationsError(_("The copy of %(name)s does not match; it was not moved.") % {"name": name})
    storage.hot_delete(name)
    return 1


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()
