"""The kept PDF of a submitted dossier: rendered after the submission has committed, by the
``pdf.dossier`` task (``applications.tasks``), never inside the submission's transaction."""

import datetime
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from ..enums import EDITABLE_STATES
from ..models import Application, DossierPdf
from ..pdf import render_dossier_pdf
from ..storage import sha256_of

logger = logging.getLogger(__name__)


def dossier_pdf_generate(application) -> DossierPdf:
    """Render and keep the PDF of the dossier as submitted at ``application.submitted_at``, with its
    SHA-256; the row is written only once the file is stored. Idempotent: a PDF already kept for
    that submission is returned, and of two renders running at once the second keeps nothing."""
    existing = DossierPdf.objects.filter(application=application, submitted_at=application.submitted_at).first()
    if existing is not None:
        return existing
    upload = ContentFile(render_dossier_pdf(application), name="dossier.pdf")
    pdf = DossierPdf(application=application, submitted_at=application.submitted_at, sha256=sha256_of(upload))
    pdf.file.save("dossier.pdf", upload, save=False)
    try:
        with transaction.atomic():
            pdf.save()
    except IntegrityError:  # another worker kept this submission's PDF first
        pdf.file.delete(save=False)
        return DossierPdf.objects.get(application=application, submitted_at=application.submitted_at)
    return pdf


def dossier_pdf_for_submission(application, *, submitted_at) -> DossierPdf | None:
    """The kept PDF of the submission made at ``submitted_at``, rendered if missing; None when the
    dossier has changed since (resubmitted, or returned for correction and editable again), because
    the PDF of a submission shows the dossier as it was then, never as it is now."""
    if application.submitted_at != submitted_at or application.status in EDITABLE_STATES:
        kept = DossierPdf.objects.filter(application=application, submitted_at=submitted_at).first()
        if kept is None:
            logger.warning(
                "No PDF kept for the submission of application %s at %s: the dossier has changed since",
                application.pk,
                submitted_at.isoformat(),
            )
        return kept
    return dossier_pdf_generate(application)


def submissions_without_pdf(*, before: datetime.datetime):
    """Submissions made before ``before`` whose PDF was never kept (a task lost by the queue): still
    as submitted, with no PDF of that submission."""
    kept = DossierPdf.objects.filter(application=OuterRef("pk"), submitted_at=OuterRef("submitted_at"))
    return (
        Application.objects.filter(submitted_at__isnull=False, submitted_at__lt=before)
        .exclude(status__in=EDITABLE_STATES)
        .filter(~Exists(kept))
        .order_by("submitted_at", "pk")
    )


@dataclass
class PdfStatus:
    """Where the kept PDF of a dossier's latest submission stands: "none" (nothing submitted to keep),
    "pending" (the task renders it), "late" (waited past the requeue delay: the periodic task queues it
    again) or "ready"."""

    state: str
    waited: int = 0  # seconds since the submission
    pdf: DossierPdf | None = None

    @property
    def ready(self) -> bool:
        return self.state == "ready"


def dossier_pdf_status(application, *, now: datetime.datetime, late_after: datetime.timedelta) -> PdfStatus:
    """The state of the kept PDF of ``application``'s latest submission, for the page that waits for
    it. Reads only; one query."""
    if application.submitted_at is None or application.status in EDITABLE_STATES:
        return PdfStatus("none")
    pdf = DossierPdf.objects.filter(application=application, submitted_at=application.submitted_at).first()
    if pdf is not None:
        return PdfStatus("ready", pdf=pdf)
    waited = max(0, int((now - application.submitted_at).total_seconds()))
    return PdfStatus("late" if waited > late_after.total_seconds() else "pending", waited=waited)
