import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from provisions.models import Provision
from review.backups import BackupError, database_restore
from review.models import Contribution, Participant, Position


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup` into an EMPTY database of the same engine (no tables at all: "
        "create a new database and point DATABASE_URL at it). Nothing is overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to load.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, path, database, **options):
        started = time.perf_counter()
        try:
            engine = database_restore(path=path, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        counts = ", ".join(
            f"{model.objects.using(database).count()} {model._meta.verbose_name_plural}"
            for model in (Provision, Participant, Contribution, Position)
        )
        self.stdout.write(f"Restored {path} into the {engine} database in {elapsed:.2f} s: {counts}.")
