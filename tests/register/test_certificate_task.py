"""Certificates are issued by a real worker through Redis, and the office's page shows the progress."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Notification
from cycles.loader import load_schemes
from register.models import Certificate, CertificateBatch
from register.tasks import issue_certificates
from tests import factories
from tests.applications.eligibility_support import open_cycle
from tests.celery_support import real_worker, wait_until

from .support import award, new_credit_code, scheme_of


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_certificates_issued_on_a_real_worker_with_progress_in_the_page(client):
    load_schemes()
    scheme = scheme_of("lanzhou")
    staff = factories.make_staff(scheme.authority)
    cycle = open_cycle(scheme, year=2026)
    records = [
        award(scheme, "award", credit_code=new_credit_code(), awarded_on=datetime.date(2026, 11, 20), cycle=cycle)
        for _ in range(2)
    ]
    award(scheme, "nomination", credit_code=new_credit_code(), awarded_on=datetime.date(2026, 11, 20), cycle=cycle)
    batch = CertificateBatch.objects.create(cycle=cycle, requested_by=staff)
    progress = reverse("awards:certificates-progress", args=[cycle.pk])
    client.force_login(staff)
    assert 'hx-trigger="every 2s"' in client.get(progress).content.decode()  # still polling

    def finished():
        batch.refresh_from_db()
        return batch.finished_at is not None

    with real_worker("certificates-test") as queue:
        issue_certificates.apply_async(kwargs={"batch_id": batch.pk}, queue=queue)
        wait_until(finished)

    assert (batch.done, batch.total, batch.error) == (2, 2, "")
    # 兰州 第二十条 names the holders of the title only: no certificate for the nominee.
    assert set(Certificate.objects.values_list("record_id", flat=True)) == {record.pk for record in records}
    body = client.get(progress).content.decode()
    assert "2 / 2" in body and 'aria-valuenow="100"' in body and "hx-trigger" not in body
    assert Notification.objects.filter(recipient=staff, url=reverse("awards:announcement", args=[cycle.pk])).exists()
