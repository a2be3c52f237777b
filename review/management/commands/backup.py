import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from review.backups import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database to PATH while the application runs "
        "(SQLite: online backup; PostgreSQL: pg_dump, custom format). Restore it with `restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to write (replaced if it exists).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, path, database, **options):
        started = time.perf_counter()
        try:
            result = database_backup(path=path, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {result.engine} database to {result.path} "
            f"({result.size / 1_000_000:.1f} MB in {time.perf_counter() - started:.2f} s)."
        )
