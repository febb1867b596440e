import datetime
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from applications.enums import ApplicationStatus
from cycles.enums import StageKind, StageStatus
from pipeline.home import tasks_for
from publicity.enums import NoticeStatus
from publicity.home import notice_tasks, objection_tasks
from publicity.models import Objection
from publicity.tasks import CLOSE_TASK_NAME, close_due_notices_task
from qualityaward.celery import app
from tests import factories

from .conftest import cycle_at, make_application
from .helpers import identified_objection, publish


@pytest.mark.django_db
def test_setup_periodic_tasks_idempotent():
    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")

    task = PeriodicTask.objects.get(task=CLOSE_TASK_NAME)
    assert (task.enabled, task.interval.every, task.interval.period) == (True, 5, "minutes")


@pytest.mark.django_db
def test_close_task_eager_closes_due(staff, cycle, notice_stage, listed):
    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))

    close_due_notices_task.delay()

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_close_task_runs_on_real_worker(settings, staff, cycle, notice_stage, listed):
    """The beat task goes through Redis to a real worker thread, which closes the notice and tells the
    office; the cycle stays where it is until the office ends the stage."""

    notice = publish(notice_stage, staff, now=timezone.now() - datetime.timedelta(days=20))
    # Read before the settings change: the app reads its configuration from the settings lazily, on
    # first access, and restoring what it read afterwards would leave every later test without eager tasks.
    eager = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    assert app.conf.broker_url.startswith("redis://")
    try:
        # A queue of its own: a worker of another test process (another test database) cannot take the task.
        queue = f"publicity-test-{uuid.uuid4().hex}"
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
            close_due_notices_task.apply_async(queue=queue)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                notice.refresh_from_db()
                if notice.status == NoticeStatus.CLOSED:
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = eager

    assert notice.status == NoticeStatus.CLOSED
    assert cycle.stages.get(status=StageStatus.CURRENT).kind == StageKind.ACCEPTANCE_NOTICE
    assert staff.notifications.filter(subject__contains=notice.title).count() == 1


@pytest.mark.django_db
def test_home_staff_sees_open_objections_overdue_first(staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    first = identified_objection(notice)
    late = identified_objection(notice, entry=notice.entries.order_by("order")[1])
    Objection.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))

    titles = [task.title for task in tasks_for(staff) if "YY-" in task.title]

    assert late.reference in titles[0] and first.reference in titles[1]
    assert len(titles) == 2


@pytest.mark.django_db
def test_home_objections_not_for_other_staff_or_supervisor(staff, other_staff, supervisor, notice_stage, listed):
    identified_objection(publish(notice_stage, staff))

    assert [t for t in tasks_for(other_staff) if "YY-" in t.title] == []
    assert [t for t in tasks_for(supervisor) if "YY-" in t.title] == []


@pytest.mark.django_db
def test_home_department_publish_county_notice(department_user, authority, department, district):
    scheme = factories.make_scheme(
        authority,
        code="lanzhou-county",
        stages=[(StageKind.COUNTY_NOTICE, "县区公示", 5), (StageKind.RECOMMENDATION, "推荐", None)],
    )
    cycle = cycle_at(scheme, StageKind.COUNTY_NOTICE)
    make_application(cycle, district, title="曾都区甲公司", status=ApplicationStatus.SUBMITTED)

    before = [t.title for t in tasks_for(department_user) if department.name in t.title]
    publish(cycle.stages.get(kind=StageKind.COUNTY_NOTICE), department_user, department=department)
    after = [t.title for t in tasks_for(department_user) if department.name in t.title]

    assert len(before) == 1 and after == []


@pytest.mark.django_db
def test_home_staff_publish_notice_until_published(staff, notice_stage, listed):

    before = notice_tasks(staff)
    publish(notice_stage, staff)

    assert [t.url for t in before] == [f"/notices/cycle/{notice_stage.cycle_id}/"]
    assert notice_tasks(staff) == []


@pytest.mark.django_db
def test_home_objection_tasks_constant_queries(staff, notice_stage, listed, django_assert_num_queries):

    notice = publish(notice_stage, staff)
    identified_objection(notice)
    staff = type(staff).objects.get(pk=staff.pk)
    with django_assert_num_queries(1):
        one = objection_tasks(staff)
    identified_objection(notice, entry=notice.entries.order_by("order")[1])
    staff = type(staff).objects.get(pk=staff.pk)
    with django_assert_num_queries(1):
        two = objection_tasks(staff)

    assert (len(one), len(two)) == (1, 2)
