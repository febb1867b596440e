from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cycles.models import Cycle
from operations.archive import cycle_archive_create, cycle_files_to_cold
from operations.errors import OperationsError


class Command(BaseCommand):
    help = (
        "Archive a closed cycle (归档): one zip with every dossier PDF, score report, notice and answer to an "
        "objection, an index in .xlsx and the checksums, kept in the default storage. --cold then moves the "
        "cycle's files to cold storage (still served by the download views); --output also writes a copy."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int)
        parser.add_argument("--cold", action="store_true", help="Move the cycle's files to cold storage afterwards.")
        parser.add_argument("--output", type=Path, help="Also write the archive to this file.")

    def handle(self, *args, cycle_id, cold=False, output=None, **options):
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"No cycle has the id {cycle_id}.")
        try:
            archive = cycle_archive_create(cycle)
            moved = cycle_files_to_cold(cycle) if cold else None
        except OperationsError as error:
            raise CommandError(str(error)) from error
        if output is not None:
            with archive.file.open("rb") as source, output.open("wb") as target:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    target.write(chunk)
        self.stdout.write(
            f"archive {archive.pk}: {archive.items} documents, {archive.size} bytes, sha256 {archive.sha256}"
        )
        if moved is not None:
            self.stdout.write(f"moved {moved} files to cold storage")
