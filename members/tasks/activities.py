"""Scheduled job for the activity ledger: the weekly "slipping away" email to managers."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="members.tasks.activities.slipping_away_weekly",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def slipping_away_weekly() -> str:
    """Email every manager who is slipping away and who came back. Writes nothing."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from members.services.activities import slipping_away_email_send

    return slipping_away_email_send(now=timezone.now())
