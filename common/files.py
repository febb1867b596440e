"""Protected downloads: the view checks permission, then one function answers how the bytes travel.

Python does not stream a stored file when a front server can: nginx sends it after an
``X-Accel-Redirect`` (filesystem storage with an accel prefix), the object store after a
redirect to a short-lived pre-signed URL. The embedded ``make run`` has neither and streams.
"""

import filetype
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

HEAD_BYTES = 8192
UNKNOWN_CONTENT_TYPE = "application/octet-stream"


def protected_file_response(request, fieldfile, *, filename: str, content_type: str | None = None, as_attachment=True):
    """Serve ``fieldfile`` to ``request``'s user, whom the calling view has ALREADY authorised.

    ``content_type`` is the one stored with the file; without it the type is judged from the
    file's first bytes, never taken from the browser that uploaded it. Every answer carries
    ``nosniff``, ``no-store`` and an attachment disposition with the UTF-8 ``filename``.
    Raises Http404 when no storage holds the file. Changes nothing.
    """
    if not fieldfile:
        raise Http404
    name = fieldfile.name
    storage = fieldfile.storage
    holder = storage.locate(name) if hasattr(storage, "locate") else (storage if storage.exists(name) else None)
    if holder is None:
        raise Http404
    content_type = content_type or detect_content_type(holder, name)
    disposition = content_disposition_header(as_attachment, filename)
    accel_path = holder.accel_path(name) if hasattr(holder, "accel_path") else None
    if hasattr(holder, "signed_url"):
        response = HttpResponseRedirect(
            holder.signed_url(
                name,
                filename=filename,
                content_type=content_type,
                as_attachment=as_attachment,
                expire=settings.PROTECTED_URL_EXPIRE,
            )
        )
    elif accel_path:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_path
    else:
        try:
            handle = holder.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def detect_content_type(storage, name: str) -> str:
    """The content type of the stored file ``name`` judged from its first bytes (``filetype``)."""
    if hasattr(storage, "head"):
        head = storage.head(name, HEAD_BYTES)
    else:
        with storage.open(name, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    guess = filetype.guess(head) if head else None
    return guess.mime if guess is not None else UNKNOWN_CONTENT_TYPE
