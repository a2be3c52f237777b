from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from provisions.management.import_files import acting_user, read_import_file
from provisions.models import Instrument
from provisions.text_import import LAYOUTS, ProvisionTextError, guess_layout, provisions_text_import, read_entries


class Command(BaseCommand):
    help = (
        "Import the text of an instrument's provisions from your copy of the Final Acts: a CSV of margin,text, "
        "or plain text with one paragraph per provision starting with its margin, or (--layout final-acts) a copy "
        "of the Final Acts as printed, with their margins, paragraph numbers and headings. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("instrument", help="itrs-2012 or itrs-1988")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--layout",
            choices=LAYOUTS,
            help="Default: csv for a .csv file, else text. final-acts: the Final Acts' own margins, mapped to ours.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--user", help="Username recorded as the author in the provisions' history.")

    def handle(self, *args, instrument, file, layout, dry_run, user, **options):
        found = Instrument.objects.filter(slug=instrument).first()
        if found is None:
            slugs = ", ".join(Instrument.objects.values_list("slug", flat=True))
            raise CommandError(f"Unknown instrument '{instrument}'; use one of: {slugs}.")
        author = acting_user(user)
        text = read_import_file(file)
        try:
            entries = read_entries(text, layout=layout or guess_layout(file.name, text))
            report = provisions_text_import(
                instrument=found, entries=entries, user=author, dry_run=dry_run, source=file.name
            )
        except ProvisionTextError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(str(error)) from error
        for line in report.mapping_lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(("Dry run: " if dry_run else "") + report.summary()))
