import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Each app's demo module extends what the one before it built; the order is the life of a cycle.
DEMO_MODULES = [
    "accounts.demo",
    "cycles.demo",
    "applications.demo",
    "applications.demo_eligibility",
    "publicity.demo",
    "reviews.demo",
    "awards.demo",
]


class Command(BaseCommand):
    help = "Load the demo: five authorities with an account per role and an open cycle of each award."

    def handle(self, *args, **options):
        context: dict = {}
        # The demo's notifications stay in the inboxes; nobody needs them printed on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as error:
                    if error.name == name:
                        continue
                    raise
                module.build(context)
                self.stdout.write(f"demo: {name} loaded")
