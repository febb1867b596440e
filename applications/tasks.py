import datetime

from celery import shared_task

from .models import Application
from .services.dossier_pdf import dossier_pdf_for_submission

# "pdf." routes the task to the PDF workers (settings.CELERY_TASK_ROUTES).
DOSSIER_PDF_TASK_NAME = "pdf.dossier"


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
