import datetime

from celery import shared_task
from django.utils import timezone

from .models import Application
from .services.dossier_pdf import dossier_pdf_for_submission, submissions_without_pdf

# "pdf." routes the task to the PDF workers (settings.CELERY_TASK_ROUTES).
DOSSIER_PDF_TASK_NAME = "pdf.dossier"
REQUEUE_PDFS_TASK_NAME = "applications.requeue_missing_dossier_pdfs"
# A submission's PDF is looked for again once this long has passed without it; at most this many a run.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
REQUEUE_BATCH = 500


@shared_task(name=DOSSIER_PDF_TASK_NAME)
def dossier_pdf_task(*, application_id: int, submitted_at: str) -> int | None:
    """Keep the PDF of the submission of ``application_id`` made at ``submitted_at`` (ISO 8601);
    returns the kept PDF's id. Idempotent: a second run finds the PDF and renders nothing."""
    application = (
        Application.objects.select_related("cycle__scheme", "category", "organisation", "district")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return None
    pdf = dossier_pdf_for_submission(application, submitted_at=datetime.datetime.fromisoformat(submitted_at))
    return pdf.pk if pdf is not None else None


@shared_task(name=REQUEUE_PDFS_TASK_NAME)
def requeue_missing_dossier_pdfs() -> int:
    """Queue again the PDF of every submission that has waited ``REQUEUE_AFTER`` without one (beat);
    the PDF task is idempotent, so one queued twice is rendered once."""
    missing = list(
        submissions_without_pdf(before=timezone.now() - REQUEUE_AFTER).values_list("pk", "submitted_at")[:REQUEUE_BATCH]
    )
    for application_id, submitted_at in missing:
        dossier_pdf_task.delay(application_id=application_id, submitted_at=submitted_at.isoformat())
    return len(missing)
