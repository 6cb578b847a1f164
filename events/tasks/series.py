"""The daily job that keeps the next three months of every active series' occurrences."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="events.tasks.series.series_occurrences_generate_task")
def series_occurrences_generate_task() -> int:
    # Inside: the services import events.tasks, whose __init__ loads this module.
    from events.services.series import series_generate_all

    return series_generate_all(now=timezone.now())
