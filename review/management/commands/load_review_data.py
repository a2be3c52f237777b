from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.database import refresh_planner_statistics
from loading.sync import DETAIL_LIMIT, LoadError, LoadReport
from provisions.reference import reference_load
from review.record import RECORD_FILE, record_load


class Command(BaseCommand):
    help = (
        "Load the real record: both ITR structures, the correspondence, meetings, contributions, "
        "participants and the Annex review. Creates what is missing and nothing else: it never changes "
        "a row a user changed, never re-creates a row a user deleted, and says what it left alone. "
        "Safe to run at every start."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", type=Path, default=RECORD_FILE, help="The record file (TOML).")

    def handle(self, *args, **options):
        report = LoadReport()
        try:
            with transaction.atomic():
                reference_load(report=report)
                record_load(report=report, path=Path(options["record"]))
        except LoadError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if report.changed:
            refresh_planner_statistics()
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.adopted:
            self.stdout.write(
                f"  {report.adopted} rows loaded before the loader kept a ledger were found equal to the record "
                "and entered in it."
            )
        left_alone = report.left_alone_lines(limit=None if options["verbosity"] >= 2 else DETAIL_LIMIT)
        if left_alone:
            self.stdout.write("Left alone (users' work is never undone):")
            for line in left_alone:
                self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded the record ({report.changed} rows created or updated)."))
        else:
            self.stdout.write(self.style.SUCCESS("The record was already loaded: nothing changed."))
