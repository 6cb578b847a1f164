"""Scheduled job for membership: the daily tier promotion and demotion suggestions."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="members.tasks.membership.tier_suggestions_daily",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def tier_suggestions_daily() -> str:
    """Idempotent: a second run the same day finds every suggestion already pending."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from members.services.membership import tier_suggestions_evaluate

    return tier_suggestions_evaluate(now=timezone.now()).summary
