"""Two runs for the same month at once never both write: on PostgreSQL, with real threads and
connections (the month's advisory lock)."""

import threading

import pytest
from django.db import connection, connections, transaction

from hub.core.models import AuditEntry
from metrics.models import MonthlySnapshot
from metrics.services.snapshots import Outcome, snapshot_compute
from metrics.tests.helpers import did, kyiv, person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MARCH = kyiv(2026, 3, 1).date()
AFTER = kyiv(2026, 4, 1, 2, 0)
RUNS = 4


@pytest.fixture
def community():
    anna = person(kyiv(2026, 1, 10), name="Anna")
    did(anna, "code", kyiv(2026, 3, 3))
    return anna


def _in_threads(count: int, run) -> tuple[list, list]:
    barrier = threading.Barrier(count)
    results, failed = [], []

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(run())
        except Exception as error:
            failed.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, failed


def test_runs_of_the_same_month_at_once_leave_one_row_written_once(community):
    assert connection.vendor == "postgresql"
    # When four runs compute the ended March at the same instant
    results, failed = _in_threads(
        RUNS, lambda: snapshot_compute(month=MARCH, now=AFTER, computed_by="job").outcome
    )
    # then one froze it; the others found it busy or already frozen and wrote nothing
    assert failed == []
    assert sorted(results).count(Outcome.FROZEN) == 1
    assert set(results) - {Outcome.FROZEN} <= {Outcome.BUSY, Outcome.UNCHANGED}
    assert MonthlySnapshot.objects.count() == 1
    assert AuditEntry.objects.filter(action="snapshot.freeze").count() == 1


def test_a_run_that_finds_the_month_locked_writes_nothing(community):
    # Given another run holding March's lock in an open transaction
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [0x6D657472, MARCH.year * 100 + 3]
                )
                holding.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(timeout=30)
    try:
        # When a run computes March meanwhile
        results, failed = _in_threads(
            1, lambda: snapshot_compute(month=MARCH, now=AFTER, computed_by="job")
        )
    finally:
        release.set()
        holder.join(timeout=60)
    # then it says busy and wrote nothing
    assert failed == []
    assert results[0].outcome == Outcome.BUSY
    assert "another run is computing this month" in results[0].describe()
    assert not MonthlySnapshot.objects.exists()
