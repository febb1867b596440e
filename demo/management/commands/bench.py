"""``manage.py bench`` (``make bench``): issue 12's measurements, written to ``bench/results.md``.

Run it against PostgreSQL on a seeded instance (``manage.py seed_province``) for numbers that mean
something; everything it builds to measure is rolled back. A benchmark, never a timed test:
``tests/test_bench.py`` runs it on tiny data only so that it keeps working.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from demo.bench import bench, report


class Command(BaseCommand):
    help = "Measure the main pages and computations at 100 and 10,000 applications; write bench/results.md."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100,10000", help="the small and the large cycle, comma-separated")
        parser.add_argument(
            "--repeat",
            type=int,
            default=5,
            help="requests per page after the first (the median is kept); 0: the first only",
        )
        parser.add_argument("--reviewers", type=int, default=500, help="reviewers in the measured authority's pool")
        parser.add_argument(
            "--deadlines", type=int, default=2000, help="deadlines to compute (the time is scaled to 2,000)"
        )
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.md"))

    def handle(self, *args, sizes, repeat, reviewers, deadlines, output, **options):
        with (
            override_settings(
                ROOT_URLCONF="demo.bench_urls", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
            ),
        ):
            runs, pdfs = bench(
                [int(size) for size in sizes.split(",")],
                repeat=repeat,
                reviewers=reviewers,
                deadline_count=deadlines,
                log=self.stdout.write,
            )
            text = report(runs, pdfs)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(text)
        self.stdout.write(f"bench: written to {path}")
