from celery import shared_task
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import notify

from .certificates import certificate_issue, needs_certificate
from .models import AwardRecord, CertificateBatch
from .services import remind_validity_ending

ISSUE_TASK_NAME = "pdf.issue_certificates"
REMIND_VALIDITY_TASK_NAME = "register.remind_validity_ending"


@shared_task(name=REMIND_VALIDITY_TASK_NAME)
def remind_validity_ending_task() -> list[int]:
    """Remind the offices of the awards whose validity ends soon (beat, daily)."""
    return remind_validity_ending()


@shared_task(name=ISSUE_TASK_NAME)
def issue_certificates(*, batch_id: int) -> int:
    """Issue the certificates of a batch's cycle one by one, counting progress as it goes; the
    office's page reads ``done`` of ``total``. Idempotent: issued certificates are kept, so a
    second run issues only what is missing. Tells the requester when it has finished."""
    batch = CertificateBatch.objects.select_related("cycle", "requested_by").filter(pk=batch_id).first()
    if batch is None or batch.finished_at:
        return 0
    records = [
        record
        for record in AwardRecord.objects.filter(cycle=batch.cycle)
        .select_related("tier", "scheme__authority", "cycle")
        .order_by("tier__rank", "pk")
        if needs_certificate(record)
    ]
    CertificateBatch.objects.filter(pk=batch.pk).update(total=len(records), done=0)
    issued = 0
    try:
        for record in records:
            certificate_issue(record, by=batch.requested_by)
            issued += 1
            CertificateBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
    except Exception as error:  # the office sees what failed; the certificates already issued stay
        CertificateBatch.objects.filter(pk=batch.pk).update(error=str(error)[:1000], finished_at=timezone.now())
        raise
    CertificateBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    notify(
        recipients=[batch.requested_by],
        subject=_("The certificates of %(cycle)s are issued (%(count)s)") % {"cycle": batch.cycle, "count": issued},
        url=reverse("awards:announcement", args=[batch.cycle_id]),
    )
    return issued
