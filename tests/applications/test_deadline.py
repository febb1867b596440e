"""The deadline second: submissions judged by when their request was accepted, each locking its own
application only, the kept PDF rendered after commit by the ``pdf.dossier`` task.

The load test sends fifty submissions through the submit view in the last five seconds before the
deadline, each from its own thread with its own PostgreSQL connection, then twenty after it.
"""

import datetime
import hashlib
import statistics
import threading
import time

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Notification, User
from applications.enums import ApplicationStatus
from applications.errors import ApplicationError
from applications.models import Application, ApplicationForm, DossierPdf, Organisation, ReportSection
from applications.selectors import REQUIRED_INDICATORS, declaration_conditions, indicator_years, rubric_items
from applications.services import dossier as services
from applications.services import dossier_pdf
from applications.services.transitions import application_set_status
from applications.tasks import DOSSIER_PDF_TASK_NAME, dossier_pdf_task, requeue_missing_dossier_pdfs
from tests.applications.dossier_support import fill_dossier, make_organisation, open_cycle, start, valid_code

S = ApplicationStatus


def complete_applications(cycle, district, count, *, prefix="deadline"):
    """``count`` complete draft dossiers of ``cycle``, each of its own organisation and applicant,
    written with a handful of bulk inserts (a tiny dossier: the form and one line per report item)."""
    category = cycle.scheme.categories.get()
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org", password=password) for i in range(count)]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{prefix}企业{i}",
                credit_code=valid_code(500 + i),
                registered_on=datetime.date(2012, 5, 1),
                district=district,
                address="曾都区擂鼓墩大道1号",
                contact_name="张联系",
                contact_phone="0722-1234567",
            )
            for i in range(count)
        ]
    )
    Organisation.members.through.objects.bulk_create(
        [
            Organisation.members.through(organisation=organisation, user=user)
            for organisation, user in zip(organisations, users, strict=True)
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                cycle=cycle,
                category=category,
                organisation=organisation,
                owner=user,
                district=district,
                title=organisation.name,
            )
            for organisation, user in zip(organisations, users, strict=True)
        ]
    )
    indicators = {str(year): dict.fromkeys(REQUIRED_INDICATORS, "100.00") for year in indicator_years(cycle)}
    declarations = {str(condition.pk): True for condition in declaration_conditions(applications[0])}
    ApplicationForm.objects.bulk_create(
        [
            ApplicationForm(
                application=application,
                legal_representative="王法人",
                employees=10,
                main_business="编钟",
                profile="简介",
                indicators=indicators,
                declarations=declarations,
            )
            for application in applications
        ]
    )
    items = rubric_items(applications[0])
    ReportSection.objects.bulk_create(
        [
            ReportSection(application=application, item=item, text="质量第一")
            for application in applications
            for item in items
        ]
    )
    return list(zip(applications, users, strict=True))


@pytest.fixture
def queued(monkeypatch):
    """The ``pdf.dossier`` tasks a submission sends, recorded instead of run: the load test measures
    the submissions, the PDF workers' part is tried on its own below."""
    calls, lock = [], threading.Lock()

    def delay(**kwargs):
        with lock:
            calls.append(kwargs)

    monkeypatch.setattr(dossier_pdf_task, "delay", delay)
    return calls


def post_submit(client, application):
    return client.post(reverse("applications:dossier-submit", args=[application.pk]), {"confirm": "1"})


def run_at(jobs):
    """Run each ``(when, function)`` in a thread of its own at the wall-clock time ``when``. Every
    thread opens its own database connection first and waits for the others, so the submissions
    really run side by side on separate connections; returns the functions' results in order."""
    results = [None] * len(jobs)
    ready = threading.Barrier(len(jobs))

    def work(index, when, function):
        try:
            connection.ensure_connection()
            ready.wait(timeout=30)
            pause = (when - timezone.now()).total_seconds()
            if pause > 0:
                time.sleep(pause)
            results[index] = function()
        except Exception as error:  # reported by the assertions on the results
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, when, fn)) for i, (when, fn) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def timed_submit(client, application):
    sent = timezone.now()
    started = time.monotonic()
    response = post_submit(client, application)
    return {
        "sent": sent,
        "answered": timezone.now(),
        "seconds": time.monotonic() - started,
        "status": response.status_code,
        "messages": [str(m) for m in get_messages(response.wsgi_request)],
    }


@pytest.mark.django_db(transaction=True)
def test_fifty_submissions_in_the_last_five_seconds_are_on_time_once_and_twenty_late_ones_refused(
    scheme, district, queued
):
    cycle = open_cycle(scheme)
    dossiers = complete_applications(cycle, district, 70)
    clients = []
    for _application, user in dossiers:
        client = Client()
        client.force_login(user)
        clients.append(client)
    pairs = list(zip(dossiers, clients, strict=True))
    on_time, late = pairs[:50], pairs[50:]

    start_at = timezone.now() + datetime.timedelta(seconds=1.5)  # the threads connect meanwhile
    deadline = start_at + datetime.timedelta(seconds=5)
    cycle.submission_deadline = deadline
    cycle.save(update_fields=["submission_deadline"])
    # Twenty-five spread over the last five seconds, then a rush of twenty-five one second before.
    moments = [start_at + datetime.timedelta(seconds=0.15 * i) for i in range(25)]
    moments += [deadline - datetime.timedelta(seconds=1)] * 25
    results = run_at(
        [
            (when, lambda c=client, a=application: timed_submit(c, a))
            for when, ((application, _user), client) in zip(moments, on_time, strict=True)
        ]
    )

    applications = {a.pk: a for a in Application.objects.filter(pk__in=[a.pk for (a, _u), _c in on_time])}
    assert [r["status"] for r in results] == [302] * 50, results
    assert {a.status for a in applications.values()} == {S.SUBMITTED}
    assert all(a.submitted_at <= deadline for a in applications.values())
    # Each dated when its request was accepted: after it was sent, before it was answered.
    for ((application, _user), _client), result in zip(on_time, results, strict=True):
        assert result["sent"] <= applications[application.pk].submitted_at <= result["answered"]
    # Recorded exactly once: one audit entry, one message to the applicant, one PDF task each.
    entries = AuditEntry.objects.filter(action="application.submitted", target_id__in=applications)
    assert sorted(entries.values_list("target_id", flat=True)) == sorted(applications)
    assert Notification.objects.filter(recipient__username__startswith="deadline").count() == 50
    assert sorted((c["application_id"], c["submitted_at"]) for c in queued) == sorted(
        (a.pk, a.submitted_at.isoformat()) for a in applications.values()
    )

    late_at = max(timezone.now(), deadline) + datetime.timedelta(seconds=0.2)
    refused = run_at(
        [(late_at, lambda c=client, a=application: timed_submit(c, a)) for (application, _user), client in late]
    )
    deadline_text = services.deadline_text(cycle)
    assert [(r["status"], len(r["messages"])) for r in refused] == [(302, 1)] * 20, refused
    assert all(deadline_text in r["messages"][0] for r in refused)
    late_ids = [application.pk for (application, _user), _client in late]
    assert set(Application.objects.filter(pk__in=late_ids).values_list("status", flat=True)) == {S.DRAFT}
    assert not AuditEntry.objects.filter(action="application.submitted", target_id__in=late_ids).exists()
    assert len(queued) == 50

    # The measured numbers (pytest -s prints them).
    seconds = sorted(r["seconds"] for r in results)
    margin = min((deadline - a.submitted_at).total_seconds() for a in applications.values())
    rush = results[25:]
    print(
        f"\n50 on time: median {statistics.median(seconds):.3f}s, slowest {seconds[-1]:.3f}s per submission; "
        f"the rush of 25 answered {max(r['answered'] for r in rush) - min(r['sent'] for r in rush)} after it "
        f"was sent; latest submission {margin:.3f}s before the deadline; "
        f"20 late refused, slowest {max(r['seconds'] for r in refused):.3f}s"
    )


@pytest.mark.django_db(transaction=True)
def test_a_submission_accepted_before_the_deadline_is_on_time_however_long_it_waits(
    scheme, district, applicant, queued
):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    client = Client()
    client.force_login(applicant)
    deadline = timezone.now() + datetime.timedelta(seconds=2)
    cycle.submission_deadline = deadline
    cycle.save(update_fields=["submission_deadline"])

    result = []

    def submit():
        try:
            result.append(timed_submit(client, application))
        finally:
            connection.close()

    with transaction.atomic():
        # Another writer holds the application's row until after the deadline: the submission waits.
        Application.objects.select_for_update().get(pk=application.pk)
        worker = threading.Thread(target=submit)
        worker.start()
        time.sleep((deadline - timezone.now()).total_seconds() + 0.3)
    worker.join(timeout=30)

    [answer] = result
    application.refresh_from_db()
    assert answer["status"] == 302 and answer["answered"] > deadline
    assert application.status == S.SUBMITTED
    assert answer["sent"] <= application.submitted_at < deadline
    assert queued == [{"application_id": application.pk, "submitted_at": application.submitted_at.isoformat()}]


def test_a_submission_accepted_after_the_deadline_is_refused_however_short_the_queue(
    scheme, district, applicant, queued
):
    cycle = open_cycle(scheme, deadline=timezone.now() + datetime.timedelta(hours=1))
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    with pytest.raises(ApplicationError) as refusal:
        services.application_submit(
            application, by=applicant, at=cycle.submission_deadline + datetime.timedelta(microseconds=1)
        )
    assert services.deadline_text(cycle) in str(refusal.value)
    application.refresh_from_db()
    assert (application.status, application.submitted_at, queued) == (S.DRAFT, None, [])

    at = cycle.submission_deadline  # the deadline's own instant is still on time
    services.application_submit(application, by=applicant, at=at)
    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (S.SUBMITTED, at)


@pytest.mark.django_db(transaction=True)
def test_a_submission_locks_only_its_own_application(scheme, district, applicant, queued):
    """Another transaction holds the cycle, the scheme and the authority in share mode (so nothing
    may lock them for update) and another application of the cycle for update: the submission
    goes through without waiting."""
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    ((neighbour, _owner),) = complete_applications(cycle, district, 1, prefix="neighbour")
    outcome = []

    def submit():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '3s'")
            services.application_submit(application, by=applicant)
            outcome.append("submitted")
        except Exception as error:
            outcome.append(repr(error))
        finally:
            connection.close()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cycles_cycle WHERE id = %s FOR SHARE", [cycle.pk])
        cursor.execute("SELECT 1 FROM cycles_awardscheme WHERE id = %s FOR SHARE", [scheme.pk])
        cursor.execute("SELECT 1 FROM accounts_authority WHERE id = %s FOR SHARE", [scheme.authority_id])
        Application.objects.select_for_update().get(pk=neighbour.pk)
        worker = threading.Thread(target=submit)
        started = time.monotonic()
        worker.start()
        worker.join(timeout=10)
        waited = time.monotonic() - started

    assert outcome == ["submitted"]
    assert waited < 3
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_the_kept_pdf_is_rendered_after_commit_with_nothing_locked(scheme, district, applicant, monkeypatch):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    real_render = dossier_pdf.render_dossier_pdf
    seen = []

    def probe():
        # From another connection: is the submission committed, and is its row free?
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT status FROM applications_application WHERE id = %s FOR UPDATE NOWAIT", [application.pk]
                )
                seen.append(cursor.fetchone()[0])
        except Exception as error:
            seen.append(repr(error))
        finally:
            connection.close()

    def render(app, **kwargs):
        seen.append(connection.in_atomic_block)
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join(timeout=10)
        return real_render(app, **kwargs)

    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", render)
    services.application_submit(application, by=applicant)

    assert seen == [False, S.SUBMITTED]
    pdf = DossierPdf.objects.get(application=application)
    application.refresh_from_db()
    assert pdf.submitted_at == application.submitted_at
    with pdf.file.open("rb") as kept:
        content = kept.read()
    assert content.startswith(b"%PDF")
    assert pdf.sha256 == hashlib.sha256(content).hexdigest()


def test_the_pdf_task_is_named_for_the_pdf_workers_and_idempotent(
    scheme, district, applicant, queued, monkeypatch, django_capture_on_commit_callbacks
):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application, by=applicant)
    application.refresh_from_db()
    kwargs = {"application_id": application.pk, "submitted_at": application.submitted_at.isoformat()}
    # The submission renders nothing itself: it queues the task once its transaction has committed.
    assert (DossierPdf.objects.count(), queued) == (0, [kwargs])
    assert dossier_pdf_task.name == DOSSIER_PDF_TASK_NAME == "pdf.dossier"

    first = dossier_pdf_task(**kwargs)
    renders = []
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda *args, **kw: renders.append(args) or b"")
    second = dossier_pdf_task(**kwargs)

    pdf = DossierPdf.objects.get()
    assert (first, second, renders) == (pdf.pk, pdf.pk, [])
    assert len(pdf.sha256) == 64
    assert dossier_pdf_task(application_id=application.pk + 1000, submitted_at=kwargs["submitted_at"]) is None


def test_a_late_pdf_task_keeps_nothing_once_the_dossier_has_changed(
    scheme, district, applicant, department_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application, by=applicant)
    [first_submission] = list(queued)
    application_set_status(application, S.RETURNED, by=department_user, reason="补充")
    renders = []
    monkeypatch.setattr(dossier_pdf, "render_dossier_pdf", lambda *args, **kw: renders.append(args) or b"")

    assert dossier_pdf_task(**first_submission) is None
    assert (DossierPdf.objects.count(), renders) == (0, [])


def test_the_dossier_page_says_the_pdf_is_being_prepared_until_the_worker_kept_it(
    client, scheme, district, applicant, queued
):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    client.force_login(applicant)
    client.post(reverse("applications:dossier-submit", args=[application.pk]), {"confirm": "1"})
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert ('id="pdf-pending"' in page, 'id="pdf-link"' in page) == (True, False)

    application.refresh_from_db()
    dossier_pdf_task(application_id=application.pk, submitted_at=application.submitted_at.isoformat())
    page = client.get(reverse("applications:dossier", args=[application.pk])).content.decode()
    assert ('id="pdf-pending"' in page, 'id="pdf-link"' in page) == (False, True)


def test_a_submission_whose_pdf_task_was_lost_is_queued_again_once(
    scheme, district, applicant, queued, django_capture_on_commit_callbacks
):
    cycle = open_cycle(scheme)
    application = fill_dossier(start(cycle, make_organisation(district, members=[applicant]), applicant), applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application, by=applicant)
    application.refresh_from_db()
    kwargs = {"application_id": application.pk, "submitted_at": application.submitted_at.isoformat()}
    queued.clear()  # the queue lost it

    assert requeue_missing_dossier_pdfs() == 0  # too recent: its task may still be on its way
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=1))
    application.refresh_from_db()
    kwargs["submitted_at"] = application.submitted_at.isoformat()
    assert (requeue_missing_dossier_pdfs(), queued) == (1, [kwargs])

    dossier_pdf_task(**kwargs)
    assert requeue_missing_dossier_pdfs() == 0  # kept now
