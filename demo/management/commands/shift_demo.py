from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.test.utils import override_settings

from demo.models import DemoInstallation
from demo.shift import shift_dates


class Command(BaseCommand):
    help = (
        "Move every date of the demo's data DAYS days into the past, as if the days had passed: notices and "
        "other periods end, working-day periods counted again on the real calendar. Runs only on a database "
        "that load_demo marked as the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("days", type=int, help="how many days to move into the past (1 to 3650)")

    def handle(self, *args, days, **options):
        if not 1 <= days <= 3650:
            raise CommandError("DAYS must be between 1 and 3650.")
        if not DemoInstallation.objects.exists():
            raise CommandError(
                "This installation is not marked as a demo (manage.py load_demo marks it); its dates stay as they are."
            )
        # As in load_demo, the notifications (a notice has ended) stay in the inboxes, not on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            shift_dates(days)
        DemoInstallation.objects.update(shifted_days=F("shifted_days") + days)
        self.stdout.write(f"demo: every date moved {days} days into the past")
