"""python manage.py export_metrics --format json|csv [--from YYYY-MM] [--to YYYY-MM]: print the
stored monthly snapshots with the field names of docs/metrics.md (JSON: a list of objects)."""

import json

from django.core.management.base import BaseCommand, CommandError

from metrics.selectors.exports import SNAPSHOT_COLUMNS, rows_csv, snapshot_rows
from metrics.selectors.snapshots import parse_month, snapshots_between


class Command(BaseCommand):
    help = "Print the monthly snapshots as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM.")

    def handle(self, *args, format, first, last, **options):
        try:
            first_month = parse_month(first) if first else None
            last_month = parse_month(last) if last else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        if first_month and last_month and first_month > last_month:
            raise CommandError(f"--from {first} comes after --to {last}.")
        rows = snapshot_rows(snapshots_between(first=first_month, last=last_month))
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            self.stdout.write(rows_csv(rows, SNAPSHOT_COLUMNS), ending="")
