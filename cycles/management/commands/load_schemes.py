from django.core.management.base import BaseCommand

from cycles.loader import load_schemes
from cycles.schemes import SHIPPED_CODES


class Command(BaseCommand):
    help = (
        "Write the five shipped award schemes (" + ", ".join(SHIPPED_CODES) + ") and the GB/T 19580 rubric. "
        "Idempotent; re-applies the shipped data to those five schemes and leaves every other scheme alone."
    )

    def handle(self, *args, **options):
        report = load_schemes()
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, deleted {report.deleted}, "
            f"unchanged {report.unchanged}"
        )
        if report.changed_schemes:
            self.stdout.write("changed: " + ", ".join(report.changed_schemes))
        for row in report.kept:
            self.stdout.write(self.style.WARNING(f"kept (still referred to): {row}"))
