from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file (default and cold storage) into one dated zip with a "
        "manifest of SHA-256 checksums. Restore it with: manage.py restore ARCHIVE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="A folder, or a file name ending in .zip (default: settings.BACKUP_DIR)."
        )

    def handle(self, *args, output=None, **options):
        path = backup_create(output=output)
        self.stdout.write(str(path))
