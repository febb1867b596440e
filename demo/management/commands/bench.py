"""``manage.py bench``: the speed of the pages that grow with a cycle, measured, not asserted.

Builds a cycle of the shipped Suizhou scheme with N applications for each N given, requests the
pages staff, departments and the public use most, and prints the SQL queries and the median time
of each. Everything it creates is rolled back. Run it against PostgreSQL for numbers that mean
something (``DATABASE_URL=postgres://… make bench``).
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from cycles.calendar import WorkingCalendar
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.loader import load_schemes
from cycles.models import AwardScheme, Cycle
from demo.people import build as build_people
from pipeline.services import cycle_open
from reviews.services.pool import pool_sync
from reviews.services.rounds import round_open


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure query counts and response times of the main pages for growing cycles (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10,100,400", help="numbers of applications, comma-separated")
        parser.add_argument("--repeat", type=int, default=5, help="requests per page and size")

    def handle(self, *args, sizes, repeat, **options):
        self.bench_calendar()
        rows = []
        for size in [int(s) for s in sizes.split(",")]:
            try:
                with transaction.atomic():
                    rows += self.bench_pages(size, repeat)
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write(f"\n{'page':<36}{'N':>6}{'queries':>9}{'median ms':>11}")
        for name, size, queries, median in rows:
            self.stdout.write(f"{name:<36}{size:>6}{queries:>9}{median:>11.1f}")

    def bench_calendar(self):
        calendar = WorkingCalendar()
        start = time.perf_counter()
        for offset in range(2000):
            calendar.add_working_days(datetime.date(2026, 1, 1) + datetime.timedelta(days=offset % 300), 5)
        elapsed = (time.perf_counter() - start) * 1000
        self.stdout.write(f"working-day calendar: 2000 deadlines of 5 working days in {elapsed:.0f} ms")

    def bench_pages(self, size, repeat):
        load_schemes()
        build_people({})
        scheme = AwardScheme.objects.current().get(code="suizhou")
        staff = User.objects.get(username="suizhou-staff")
        department_user = User.objects.get(username="suizhou-dept1")
        Cycle.objects.filter(scheme=scheme, state=CycleState.OPEN).update(state=CycleState.CLOSED)
        cycle = cycle_open(
            scheme,
            by=staff,
            name=f"基准{size}",
            year=timezone.localdate().year,
            call_text="基准测试",
            submission_deadline=timezone.now() + datetime.timedelta(days=30),
            confirm_early=True,
        )
        district = scheme.authority.districts.get(name="曾都区")
        category = scheme.categories.first()
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"基准企业{index}",
                    credit_code=f"BENCH{size:04d}{index:09d}",
                    registered_on=datetime.date(2010, 1, 1),
                    district=district,
                )
                for index in range(size)
            ]
        )
        half = size // 2
        Application.objects.bulk_create(
            [
                Application(
                    cycle=cycle,
                    category=category,
                    organisation=organisation,
                    owner=staff,
                    district=district,
                    title=organisation.name,
                    status=ApplicationStatus.SUBMITTED if index < half else ApplicationStatus.ACCEPTED,
                    submitted_at=timezone.now(),
                )
                for index, organisation in enumerate(organisations)
            ]
        )
        # Jump the timetable to material review, the way the stages would have run.
        review = cycle.stages.get(kind=StageKind.MATERIAL_REVIEW)
        cycle.stages.filter(order__lt=review.order).update(status=StageStatus.DONE)
        cycle.stages.filter(order__gt=review.order).update(status=StageStatus.PENDING)
        cycle.stages.filter(pk=review.pk).update(status=StageStatus.CURRENT)
        pool_sync(scheme.authority)
        round_ = round_open(review, by=staff)

        pages = [
            ("public home", None, reverse("public-home")),
            ("public notices", None, reverse("publicity:public-list")),
            ("scheme rules", None, reverse("cycles:scheme", args=[scheme.code])),
            ("cycle page (staff)", staff, reverse("pipeline:cycle", args=[cycle.pk])),
            ("eligibility list (staff)", staff, reverse("applications:eligibility-list", args=[cycle.pk])),
            ("recommendations (department)", department_user, reverse("applications:recommendation-list")),
            ("review round ranking (staff)", staff, reverse("reviews:round", args=[round_.pk])),
            ("comprehensive evaluation (staff)", staff, reverse("awards:evaluation", args=[cycle.pk])),
            ("audit trail (staff)", staff, reverse("accounts:audit-trail", args=[scheme.authority_id])),
        ]
        rows = []
        for name, user, url in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            if user is not None:
                client.force_login(user)
            client.get(url)  # warm caches
            timings = []
            for _attempt in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {url} answered {response.status_code}")
            rows.append((name, size, len(queries), statistics.median(timings)))
        return rows
