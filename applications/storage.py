"""Where dossier files live and what they are: random names under MEDIA_ROOT (never served
statically), the type detected from the content, a SHA-256 checksum."""

import hashlib
import uuid
import zipfile

import filetype

# An OLE2 compound file (legacy .doc and .xls) starts with this signature.
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

FILETYPE_KINDS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "docx": "docx", "doc": "doc", "xlsx": "xlsx", "xls": "xls"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
}


def evidence_upload_to(instance, filename):
    return f"evidence/{uuid.uuid4().hex}.{EXTENSIONS.get(instance.kind, 'bin')}"


def dossier_pdf_upload_to(instance, filename):
    return f"dossiers/{uuid.uuid4().hex}.pdf"


def _ole2_kind(head: bytes) -> str | None:
    """Tell a Word 97-2003 document from an Excel 97-2003 workbook by the stream names in the
    compound file's directory (UTF-16 names: "WordDocument", "Workbook"/"Book")."""
    word = "WordDocument".encode("utf-16-le")
    workbook = "Workbook".encode("utf-16-le")
    book = "Book".encode("utf-16-le")
    if word in head:
        return "doc"
    if workbook in head or book in head:
        return "xls"
    return None


def detect_kind(uploaded) -> str | None:
    """The evidence kind of ``uploaded`` judged from its bytes, or None when it is none we accept.

    The file's name and the browser's content type are never consulted.
    """
    uploaded.seek(0)
    head = uploaded.read(8192)
    kind = None
    if head.startswith(OLE2_SIGNATURE):
        uploaded.seek(0)
        kind = _ole2_kind(uploaded.read())  # directory sectors can sit anywhere in the file
    else:
        guess = filetype.guess(head)
        if guess is not None:
            kind = FILETYPE_KINDS.get(guess.mime)
        elif head.startswith(b"PK\x03\x04"):
            kind = _zip_office_kind(uploaded)
    uploaded.seek(0)
    return kind


def _zip_office_kind(uploaded) -> str | None:
    """OOXML files that filetype's header sniffing misses: look inside the zip."""
    uploaded.seek(0)
    try:
        names = set(zipfile.ZipFile(uploaded).namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(65536), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
