"""The monthly job goes through Redis to a real Celery worker and freezes last month."""

import time

import pytest
from celery import current_app as app
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from hub.core.timeutils import month_bounds, previous_month
from metrics.models import MonthlySnapshot
from metrics.tasks.snapshots import snapshots_monthly
from metrics.tests.helpers import did, person


def _frozen(month) -> MonthlySnapshot | None:
    return MonthlySnapshot.objects.filter(month=month, is_provisional=False).first()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_monthly_job_freezes_last_month_on_a_real_worker():
    # Given a member who contributed last month
    last_month = previous_month(month_bounds(timezone.now())[0].date())
    start, _end = month_bounds(last_month)
    member = person(start, name="Anna")
    did(member, "code", start.replace(day=2))
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        # When the job is sent through the broker to the worker
        snapshots_monthly.delay()
        deadline = time.monotonic() + 60
        while _frozen(last_month) is None and time.monotonic() < deadline:
            time.sleep(0.2)
    # then the worker froze last month, with the member's contribution
    snapshot = _frozen(last_month)
    assert snapshot is not None, "the worker did not freeze last month within a minute"
    assert (snapshot.active_users, snapshot.contributors) == (1, 1)
    assert snapshot.computed_by == "job"
