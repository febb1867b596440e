from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo import applications, awards, cycles, eligibility, people, publicity, register, reviews, timeline
from demo.models import DemoInstallation

# Each step extends what the one before it built; the order is the life of a cycle.
STEPS = [people, cycles, applications, eligibility, publicity, timeline, reviews, awards, register]


class Command(BaseCommand):
    help = (
        "Load the demo: five authorities with an account per role and an open cycle of each award, at "
        "different stages; marks the database as the demo's."
    )

    def handle(self, *args, **options):
        context: dict = {}
        # The demo's notifications stay in the inboxes; nobody needs them printed on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            # The mark that this database is the demo's: only then may ``shift_demo`` move its dates.
            DemoInstallation.objects.get_or_create(pk=1)
            for step in STEPS:
                step.build(context)
                self.stdout.write(f"demo: {step.__name__} loaded")
