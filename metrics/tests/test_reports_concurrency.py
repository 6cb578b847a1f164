"""The monthly report is written once and each manager gets it once, even when the job runs
twice at the same instant: on PostgreSQL, with real threads and connections."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from members.tests.factories import ManagerFactory
from metrics.models import MonthlyReport, MonthlyReportDelivery
from metrics.services.reports import monthly_report_for_month
from metrics.services.snapshots import snapshot_compute
from metrics.tests.helpers import did, kyiv, person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MARCH = kyiv(2026, 3, 1).date()
RUNS = 4


def test_runs_at_once_write_one_report_and_send_each_manager_one_email():
    assert connection.vendor == "postgresql"
    # Given a frozen March and three managers
    anna = person(kyiv(2026, 1, 10), name="Anna")
    did(anna, "code", kyiv(2026, 3, 3))
    snapshot_compute(month=MARCH, now=kyiv(2026, 4, 1, 2), computed_by="job")
    managers = [ManagerFactory(email=f"manager{n}@example.com") for n in range(3)]
    barrier = threading.Barrier(RUNS)
    sent, failed = [], []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            sent.append(monthly_report_for_month(month=MARCH, now=kyiv(2026, 4, 1, 3))[1])
        except Exception as error:
            failed.append(error)
        finally:
            connections.close_all()

    # When four runs of the job send March's report at the same instant
    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # Then one report, one delivery and one email per manager
    assert failed == []
    assert sum(sent) == len(managers)
    assert MonthlyReport.objects.count() == 1
    assert MonthlyReportDelivery.objects.count() == len(managers)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in managers)
