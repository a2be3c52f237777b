from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from provisions.management.import_files import acting_user, read_import_file
from review.imports import ImportFileError, positions_import


class Command(BaseCommand):
    help = (
        "Import positions from a CSV file with the positions CSV header (instrument, margin, participant and "
        "stance required). All rows or none; rows become drafts unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported positions.")
        parser.add_argument(
            "--user",
            help="Act as this user: recorded as the author in the history, and limited to what they may do "
            "(a delegate imports only their participants' positions). Default: the operator, with full rights.",
        )

    def handle(self, *args, file, dry_run, publish, user, **options):
        author = acting_user(user)
        text = read_import_file(file)
        try:
            report = positions_import(text=text, user=author, publish=publish, dry_run=dry_run, source=file.name)
        except ImportFileError as error:
            for problem in error.problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(str(error)) from error
        for line, plan in report.plans:
            for item in plan.to_create:
                if item.relation.kind != "new":
                    self.stdout.write(f"line {line}, margin {item.provision.margin}: {item.relation.label}")
        self.stdout.write(self.style.SUCCESS(("Dry run: " if dry_run else "") + report.summary()))
