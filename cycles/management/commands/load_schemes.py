from django.core.management.base import BaseCommand

from cycles.loader import load_schemes
from cycles.schemes import SHIPPED_CODES


class Command(BaseCommand):
    help = (
        "Create the shipped award schemes (" + ", ".join(SHIPPED_CODES) + ") and their rubrics where they are "
        "absent. Never writes a scheme that exists: the office's edits stay. A newer shipped version is only "
        "reported; staff adopt it, or not, on the scheme's page."
    )

    def handle(self, *args, **options):
        report = load_schemes()
        self.stdout.write(
            f"created {len(report.created)} schemes ({', '.join(report.created) or '-'}), "
            f"{len(report.rubrics)} rubrics; left as the office keeps them: {', '.join(report.present) or '-'}"
        )
        for code, followed, shipped in report.newer:
            self.stdout.write(
                self.style.WARNING(
                    f"{code}: shipped version {shipped} is newer than the version {followed or '-'} the current "
                    "edition follows; staff see the differences at /cycles/schemes/" + code + "/shipped/"
                )
            )
