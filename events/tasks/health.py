"""The monthly job that computes every group's health for the month that just ended."""

from celery import shared_task
from django.utils import timezone

from events.services.health import group_health_compute_month
from hub.core.timeutils import month_of, previous_month


@shared_task(name="events.tasks.health.group_health_compute_task")
def group_health_compute_task() -> int:
    """Monthly: the snapshot of the month that just ended, for every group."""
    now = timezone.now()
    return len(group_health_compute_month(month=previous_month(month_of(now)), now=now))
