"""`manage.py benchmark_import_activities --rows 100000`: time the activity import.

Makes benchmark members (if missing), writes a CSV of fresh rows, imports it exactly as
`import_activities` would, and prints rows per second. Its rows and members are removed
afterwards unless --keep is given, so it can run against a database that matters.
"""

import csv
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from members.models import (
    Activity,
    ActivityKind,
    Profile,
    Tier,
    TierMembership,
    User,
    email_lookup_hash,
)
from members.services.imports import activities_import

BENCH_DOMAIN = "benchmark.hub.test"


class Command(BaseCommand):
    help = "Generate a CSV of N activity rows, import it, and print rows per second."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--keep", action="store_true", help="Keep the rows and members.")

    def handle(self, *args, rows: int, members: int, keep: bool, **options):
        now = timezone.now()
        member_emails = self._members(count=members, now=now)
        source = f"benchmark-{now:%Y%m%d%H%M%S}"
        kinds = ActivityKind.values
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "activities.csv"
            with path.open("w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(
                    ["email", "kind", "occurred_at", "source", "external_id", "title", "url"]
                )
                for index in range(rows):
                    occurred = now - timedelta(minutes=1 + (index * 7) % (300 * 24 * 60))
                    writer.writerow(
                        [
                            member_emails[index % len(member_emails)],
                            kinds[index % len(kinds)],
                            occurred.isoformat(),
                            source,
                            f"item-{index}",
                            f"Benchmark contribution {index}",
                            f"https://example.com/items/{index}",
                        ]
                    )
            self.stdout.write(f"Wrote {rows} rows to a CSV; importing…")
            started = time.perf_counter()
            with path.open(encoding="utf-8", newline="") as stream:
                report = activities_import(
                    stream=stream,
                    now=now,
                    source_name=path.name,
                    progress=lambda message: self.stdout.write(
                        f"{time.perf_counter() - started:6.1f} s  {message}"
                    ),
                )
            seconds = time.perf_counter() - started
        self.stdout.write(report.summary)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {rows} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/second."
            )
        )
        if not keep:
            with transaction.atomic():
                Activity.objects.filter(source=source).delete()
                User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").delete()
            self.stdout.write("Removed the benchmark rows and members (use --keep to keep them).")

    def _members(self, *, count: int, now) -> list[str]:
        joined_at = now - timedelta(days=400)
        emails = [f"bench{index:05d}@{BENCH_DOMAIN}" for index in range(count)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        missing = [email for email in emails if email not in existing]
        with transaction.atomic():
            User.objects.bulk_create(
                [
                    User(
                        email=email,
                        email_hash=email_lookup_hash(email),
                        password="!",
                        joined_at=joined_at,
                        date_joined=joined_at,
                    )
                    for email in missing
                ],
                batch_size=1000,
            )
            created = User.objects.filter(email__in=missing)
            Profile.objects.bulk_create([Profile(user=user) for user in created])
            entry = Tier.objects.get(level=1)
            TierMembership.objects.bulk_create(
                [TierMembership(member=user, tier=entry, started_at=joined_at) for user in created]
            )
        return emails
