"""python manage.py bench_metrics [--members N] [--activities N] [--months N] [--keep | --reuse]
[--cleanup]: time the metrics engine on a synthetic community built on the configured database.

Prints, from one run: how long the build took; the floor (one `SELECT COUNT(DISTINCT
member_id)` over a month of activities); one month's final snapshot with every field; a
backfill of every month; the cohort table; the dashboard page's server time as a manager; and
the process's peak memory. Targets on PostgreSQL (docs/metrics.md): a month within 3x the
floor, a 24-month backfill under 10 s, the dashboard under 200 ms, under 300 MB of memory.

It refuses a database with real members or monthly figures. Every step commits, as the jobs
do; the snapshots, rollup rows and audit entries it wrote are deleted at the end. The
synthetic members (emails at metrics-bench.invalid) and their rows are removed at the end
unless --keep; --reuse runs on a community kept by an earlier --keep.
"""

import resource
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.core.timeutils import month_bounds
from members.models import Activity, User
from metrics.management.commands._bench_community import (
    BENCH_DOMAIN,
    BENCH_MANAGER_EMAIL,
    bench_community_size,
    bench_months,
    build_bench_community,
    remove_bench_community,
)
from metrics.models import MemberMonth, MonthlySnapshot, RollupFill, SnapshotRevision
from metrics.models.snapshots import FIGURES
from metrics.selectors.cohorts import cohort_table
from metrics.services.rollups import rollup_fill_month
from metrics.services.snapshots import snapshot_compute, snapshots_compute_range
from metrics.views.dashboard import dashboard

REPEATS = 3


def _timed(step: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = step()
    return time.perf_counter() - started, value


def _median_time(
    step: Callable[[], object], *, before_each: Callable[[], None] | None = None
) -> tuple[float, object]:
    """The median of REPEATS runs (each after `before_each`), and the last run's value."""
    times, value = [], None
    for _ in range(REPEATS):
        if before_each is not None:
            before_each()
        seconds, value = _timed(step)
        times.append(seconds)
    return statistics.median(times), value


def _forget_metrics(months=None) -> None:
    """Delete the snapshots, rollup rows and fill states of `months` (all when None), and the
    audit entries of freezing them: what a timed step wrote, so the next starts clean."""
    snapshots, rows, fills = (
        MonthlySnapshot.objects.all(),
        MemberMonth.objects.all(),
        (RollupFill.objects.all()),
    )
    if months is not None:
        snapshots, rows, fills = (
            snapshots.filter(month__in=months),
            rows.filter(month__in=months),
            fills.filter(month__in=months),
        )
    with transaction.atomic():
        AuditEntry.objects.filter(action="snapshot.freeze").delete()
        SnapshotRevision.objects.filter(snapshot__in=snapshots).delete()
        snapshots.delete()
        rows.delete()
        fills.delete()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


class Command(BaseCommand):
    help = "Time the metrics engine on a synthetic community (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--activities", type=int, default=2_000_000)
        parser.add_argument("--months", type=int, default=24, help="Months of history (24).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--keep", action="store_true", help="Keep the synthetic community afterwards."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Run on the synthetic community an earlier --keep left (no build).",
        )
        parser.add_argument(
            "--cleanup", action="store_true", help="Only remove a kept synthetic community."
        )

    def handle(self, *args, members, activities, months, seed, keep, reuse, cleanup, **options):
        if cleanup:
            remove_bench_community()
            self.stdout.write(f"Removed every member at {BENCH_DOMAIN} and their rows.")
            return
        if members < 1 or activities < 0 or not 2 <= months <= 120:
            raise CommandError("Give at least one member, no negative activities, 2-120 months.")
        existing_members, existing_activities = bench_community_size()
        real = User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").exists()
        if real or MonthlySnapshot.objects.exists():
            raise CommandError(
                "This database has real members or monthly figures: the figures are "
                "community-wide, so the benchmark would count them and overwrite the figures. "
                "Run it on an empty database (migrated, nothing else)."
            )
        now = timezone.now()
        self.stdout.write(
            f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})"
        )
        if reuse:
            if not existing_members:
                raise CommandError("No synthetic community to reuse: run once with --keep.")
            self.stdout.write(
                f"Reusing {existing_members - 1:,} members and {existing_activities:,} activities."
            )
        else:
            if existing_members:
                remove_bench_community()
            self.stdout.write(
                f"Building {members:,} members and {activities:,} activities over {months} months…"
            )
            seconds, _ = _timed(
                lambda: build_bench_community(
                    members=members,
                    activities=activities,
                    months=months,
                    now=now,
                    seed=seed,
                    progress=lambda message: self.stdout.write(f"  {message}"),
                )
            )
            self.stdout.write(f"Build: {seconds:.1f} s ({connection.vendor}, bulk COPY/insert)")
        try:
            self._measure(now=now, months=months)
        finally:
            if not keep:
                remove_bench_community()
                self.stdout.write("Removed the synthetic community (use --keep to keep it).")

    def _measure(self, *, now, months: int) -> None:
        history = bench_months(now=now, months=months)
        manager = User.objects.get(email=BENCH_MANAGER_EMAIL)
        manager.groups.add(Group.objects.get(name=settings.COMMUNITY_MANAGERS_GROUP))
        try:
            self._measure_steps(now=now, history=history, month=history[-1])
        finally:
            _forget_metrics()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Peak memory of the process: {peak_mb:,.0f} MB (target < 300 MB)")

    def _measure_steps(self, *, now, history, month) -> None:
        start, end = month_bounds(month)
        table = Activity._meta.db_table

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(DISTINCT member_id) FROM {table} "  # noqa: S608
                    "WHERE occurred_at >= %s AND occurred_at < %s",
                    [start, end],
                )
                return cursor.fetchone()[0]

        floor_seconds, active = _median_time(floor)
        self.stdout.write(
            f"Floor, COUNT(DISTINCT member_id) over {month:%Y-%m}: {_ms(floor_seconds)} "
            f"({active:,} members)"
        )

        # The monthly job finds the month before already filled (it ran last month); each run
        # computes the month from nothing and commits.
        rollup_fill_month(month=history[-2], now=now)
        month_seconds, result = _median_time(
            lambda: snapshot_compute(month=month, now=now, computed_by="command"),
            before_each=lambda: _forget_metrics([month]),
        )
        self.stdout.write(
            f"One month's final snapshot ({month:%Y-%m}): {_ms(month_seconds)} = "
            f"{month_seconds / floor_seconds:.1f} x the floor (target 3x)"
        )
        for name in FIGURES:
            self.stdout.write(f"    {name}: {getattr(result.snapshot, name)}")

        _forget_metrics()
        backfill_seconds, results = _timed(
            lambda: list(
                snapshots_compute_range(
                    first=history[0], last=history[-1], now=now, computed_by="command"
                )
            )
        )
        self.stdout.write(
            f"Backfill of {len(results)} months: {backfill_seconds:.2f} s (target < 10 s)"
        )

        cohort_seconds, table_rows = _median_time(lambda: cohort_table(last=month))
        self.stdout.write(
            f"Cohort table ({len(table_rows.cohorts)} cohorts): {_ms(cohort_seconds)}"
        )

        request_factory = RequestFactory()
        manager = User.objects.get(email=BENCH_MANAGER_EMAIL)

        def page():
            request = request_factory.get("/metrics/")
            request.user = manager
            response = dashboard(request)
            assert response.status_code == 200
            return len(response.content)

        page()  # warm the template cache, as a running server has
        page_seconds, size = _median_time(page)
        self.stdout.write(
            f"Dashboard page as a manager: {_ms(page_seconds)} ({size:,} bytes; target < 200 ms)"
        )
