"""What the two import commands share: arguments, progress output, the report and exit code."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.core.text import counted, noun_for
from members.services.imports import ImportFileError, ImportReport, utf8_lines


class ImportCommand(BaseCommand):
    importer = None  # a function like members.services.imports.members_import
    noun = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, UTF-8, with a header line.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the good rows even if some are bad (the bad ones are still reported).",
        )

    def handle(self, *args, file: str, skip_invalid: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as binary:
                report: ImportReport = type(self).importer(
                    stream=utf8_lines(binary),
                    now=timezone.now(),
                    skip_invalid=skip_invalid,
                    source_name=path.name,
                    progress=lambda message: self.stdout.write(message),
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row_error in report.errors:
            self.stderr.write(str(row_error))
        self.stdout.write(report.summary)
        if not report.imported:
            raise CommandError(
                f"{counted(report.rejected, 'bad row')}: nothing was imported. Fix "
                f"{noun_for(report.rejected, 'it', 'them')}, or run again with --skip-invalid "
                "to import the good rows."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {self.noun} from {path.name}."))
