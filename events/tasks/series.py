"""The daily job that keeps the next three months of every active series' occurrences."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="events.tasks.series.series_occurrences_generate_task")
def series_occurrences_generate_task() -> int:
    # Here: events.services.series imports services.rsvps, which imports this package (to
    # enqueue its task) while this package loads.
    from events.services.series import series_generate_all

    return series_generate_all(now=timezone.now())
