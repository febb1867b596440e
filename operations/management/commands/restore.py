from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import backup_restore
from operations.errors import OperationsError


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into an empty, migrated database and empty storage. "
        "--force flushes a non-empty database first and replaces stored files of the same name."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Erase the database first and replace files of the same name."
        )

    def handle(self, *args, archive, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            report = backup_restore(archive, force=force)
        except OperationsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {report.objects} database objects and {report.files} files from {archive}")
