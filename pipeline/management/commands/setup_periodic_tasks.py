from django.core.management.base import BaseCommand
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.tasks import SEAL_ALL_TASK_NAME
from applications.tasks import REQUEUE_PDFS_TASK_NAME
from publicity.tasks import CLOSE_TASK_NAME, REMIND_OBJECTIONS_TASK_NAME
from register.tasks import REMIND_VALIDITY_TASK_NAME
from reviews.tasks import REMIND_REVIEWERS_TASK_NAME

# The system's periodic tasks: (name in the admin, task, every N minutes). Run by the one beat of
# an installation (docker-compose), or by the worker of ``make run``.
PERIODIC_TASKS = [
    ("Close public notices at their end", CLOSE_TASK_NAME, 5),
    ("Seal the audit trail", SEAL_ALL_TASK_NAME, 1),
    ("Render the dossier PDFs a lost task left missing", REQUEUE_PDFS_TASK_NAME, 15),
    ("Remind the office of objections falling due", REMIND_OBJECTIONS_TASK_NAME, 60),
    ("Remind reviewers before their round ends", REMIND_REVIEWERS_TASK_NAME, 24 * 60),
    ("Remind the office of awards whose validity ends", REMIND_VALIDITY_TASK_NAME, 24 * 60),
]


class Command(BaseCommand):
    help = "Install the periodic tasks in django-celery-beat (idempotent)."

    def handle(self, *args, **options):
        for name, task_name, minutes in PERIODIC_TASKS:
            schedule, _created = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
            task, created = PeriodicTask.objects.update_or_create(
                name=name, defaults={"task": task_name, "interval": schedule, "enabled": True}
            )
            self.stdout.write(f"periodic task {task.name!r}: {'created' if created else 'up to date'}")
