"""Two copies of the notice-closing task at once (two workers, or beat and a catch-up page view)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry
from cycles.enums import StageKind
from publicity.enums import NoticeStatus
from publicity.models import Notice
from publicity.services.notices import close_due_notices
from tests import factories

from .conftest import LANZHOU_OBJECTIONS, cycle_at, make_application
from .helpers import publish

COPIES = 2


@pytest.fixture
def due_notices(authority, district, staff):
    """Three published notices of three schemes, each past its end."""
    notices = []
    for number in range(3):
        scheme = factories.make_scheme(authority, code=f"concurrent-{number}", **LANZHOU_OBJECTIONS)
        cycle = cycle_at(scheme, StageKind.ACCEPTANCE_NOTICE)
        make_application(cycle, district, title=f"随州市第{number}机械有限公司")
        stage = cycle.stages.get(kind=StageKind.ACCEPTANCE_NOTICE)
        notices.append(publish(stage, staff, now=timezone.now() - datetime.timedelta(days=20)))
    return notices


@pytest.mark.django_db(transaction=True)
def test_close_due_notices_run_twice_at_once_closes_each_notice_once(due_notices):
    start = threading.Barrier(COPIES)
    results, errors = [None] * COPIES, []

    def copy(index):
        try:
            start.wait(timeout=10)
            results[index] = close_due_notices()
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own PostgreSQL connection

    threads = [threading.Thread(target=copy, args=(index,)) for index in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    ids = sorted(n.pk for n in due_notices)
    assert errors == []
    assert sorted(results[0] + results[1]) == ids  # each notice closed by exactly one copy
    assert set(results[0]).isdisjoint(results[1])
    assert list(Notice.objects.filter(pk__in=ids).values_list("status", flat=True)) == [NoticeStatus.CLOSED] * 3
    closed_rows = AuditEntry.objects.filter(action="notice.closed").order_by("target_id")
    assert list(closed_rows.values_list("target_id", flat=True)) == ids
    assert close_due_notices() == []
