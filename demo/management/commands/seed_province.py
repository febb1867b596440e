"""``manage.py seed_province``: a province-sized instance for ``make bench`` and load tests.

Ten authorities, each running a copy of one of the five shipped schemes, share a province pool of
500 reviewers; each holds three cycles of 1,000 applications (two closed, with their winners in the
register, and one at its first review round, with its accepted list on public notice and a committee
vote open), and the first authority's current cycle has 10,000. Every cycle has its dossiers,
review groups, declarations, full score sheets, consensus and reports. Everything lives under
authorities named ``规模测试…``, apart from any real authority.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import Authority
from applications.models import Application
from cycles.loader import SCHEME_MODULES
from demo import scale

LARGE_CYCLE = 10_000


class Command(BaseCommand):
    help = "Seed a province-sized instance (10 authorities, 500 reviewers, 30 cycles, 39,000 applications)."

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=10)
        parser.add_argument("--cycles", type=int, default=3, help="cycles per authority")
        parser.add_argument("--applications", type=int, default=1000, help="applications per cycle")
        parser.add_argument("--large", type=int, default=LARGE_CYCLE, help="applications of the one large cycle")
        parser.add_argument("--reviewers", type=int, default=500)
        parser.add_argument(
            "--force", action="store_true", help="seed even where the database holds real applications (DEBUG off)"
        )

    def handle(self, *args, authorities, cycles, applications, large, reviewers, force, **options):
        if Authority.objects.filter(name__startswith=scale.SCALE_PREFIX, schemes__code__startswith="scale-p").exists():
            self.stdout.write("seed_province: the province is seeded already; nothing to do.")
            return
        real = Application.objects.exclude(cycle__scheme__authority__name__startswith=scale.SCALE_PREFIX)
        if not settings.DEBUG and real.exists() and not force:
            raise CommandError(
                "This database holds real applications and DEBUG is off: it looks like production. "
                "Seed a separate database, or pass --force to add the scale authorities beside them."
            )
        start = time.perf_counter()
        codes = [module.SCHEME["code"] for module in SCHEME_MODULES]
        # Its notifications stay in the inboxes: nobody needs 30 cycles of mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            pool = scale.reviewers_create("p", reviewers)
            for index in range(1, authorities + 1):
                province = scale.authority_create(
                    f"p{index:02d}", scheme_code=codes[(index - 1) % len(codes)], reviewers=pool
                )
                for number in range(1, cycles + 1):
                    current = number == cycles
                    size = large if current and index == 1 else applications
                    scale.cycle_create(
                        province,
                        size=size,
                        name=f"第{number}届",
                        year=2020 + 3 * (number - 1),
                        number=number,
                        current=current,
                    )
                    self.stdout.write(
                        f"seed_province: {province.authority.name} 第{number}届, {size} applications "
                        f"({time.perf_counter() - start:.0f} s)"
                    )
        scale.analyse()
        self.stdout.write(f"seed_province: done in {time.perf_counter() - start:.0f} s")
