from django.core.management.base import BaseCommand
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.tasks import SEAL_ALL_TASK_NAME
from publicity.tasks import CLOSE_TASK_NAME

PERIODIC_TASK_NAME = "Close public notices at their end"
EVERY_MINUTES = 5
SEAL_TASK_NAME = "Seal the audit trail"
SEAL_EVERY_MINUTES = 1


class Command(BaseCommand):
    help = "Install the periodic tasks in django-celery-beat (idempotent)."

    def handle(self, *args, **options):
        schedule, _created = IntervalSchedule.objects.get_or_create(
            every=EVERY_MINUTES, period=IntervalSchedule.MINUTES
        )
        task, created = PeriodicTask.objects.update_or_create(
            name=PERIODIC_TASK_NAME, defaults={"task": CLOSE_TASK_NAME, "interval": schedule, "enabled": True}
        )
        self.stdout.write(f"periodic task {task.name!r}: {'created' if created else 'up to date'}")
        schedule, _created = IntervalSchedule.objects.get_or_create(
            every=SEAL_EVERY_MINUTES, period=IntervalSchedule.MINUTES
        )
        task, created = PeriodicTask.objects.update_or_create(
            name=SEAL_TASK_NAME, defaults={"task": SEAL_ALL_TASK_NAME, "interval": schedule, "enabled": True}
        )
        self.stdout.write(f"periodic task {task.name!r}: {'created' if created else 'up to date'}")
