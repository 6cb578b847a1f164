"""The snapshot jobs (times in the community's zone, see metrics.extensions): every night the
running month's provisional snapshot and the late-data counts; on the 1st at 02:00 the month
that just ended, frozen, then its monthly report. Both are safe to run twice."""

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from hub.core.text import counted
from hub.core.timeutils import month_of
from metrics.models import ComputedBy
from metrics.tasks.reports import monthly_report_send


@shared_task(
    name="metrics.tasks.snapshots.snapshots_nightly",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def snapshots_nightly() -> str:
    """Recompute the running month (provisional) and recount the frozen months' late data."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from metrics.services.snapshots import snapshot_compute, snapshots_late_data_refresh

    now = timezone.now()
    result = snapshot_compute(month=month_of(now), now=now, computed_by=ComputedBy.JOB)
    late = snapshots_late_data_refresh(now=now)
    return f"{result.describe()}; {counted(late, 'frozen month')} with late data"


@shared_task(
    name="metrics.tasks.snapshots.snapshots_monthly",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def snapshots_monthly() -> str:
    """Freeze the month that just ended (and any earlier one left provisional), then send the
    report of the month that just ended (once frozen; it is sent only once in any case)."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from metrics.services.snapshots import Outcome, snapshots_finalize_ended

    results = snapshots_finalize_ended(now=timezone.now(), computed_by=ComputedBy.JOB)
    last = results[-1]  # the month that just ended comes last
    if last.outcome != Outcome.BUSY:
        transaction.on_commit(lambda: monthly_report_send.delay(month=last.label))
    return "; ".join(result.describe() for result in results)
