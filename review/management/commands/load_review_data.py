from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from provisions.services import LoadReport, ReferenceDataError, reference_load
from review.services import RECORD_FILE, RecordError, record_load


class Command(BaseCommand):
    help = (
        "Load the real record: both ITR structures, the correspondence, meetings, contributions, "
        "participants and the Annex review. Safe to run again: it changes nothing already loaded "
        "and never touches positions users entered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", type=Path, default=RECORD_FILE, help="The record file (TOML).")

    def handle(self, *args, **options):
        report = LoadReport()
        try:
            with transaction.atomic():
                reference_load(report=report)
                record_load(report=report, path=Path(options["record"]))
        except (ReferenceDataError, RecordError) as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded the record ({report.changed} rows created or updated)."))
        else:
            self.stdout.write(self.style.SUCCESS("The record was already loaded: nothing changed."))
