"""Scheduled job for engagement tiers: the daily promotion and demotion suggestions."""

from celery import shared_task
from django.utils import timezone

from members.services.tiers import tier_suggestions_evaluate


@shared_task(
    name="members.tasks.tiers.tier_suggestions_daily",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def tier_suggestions_daily() -> str:
    """Idempotent: a second run the same day finds every suggestion already pending."""
    return tier_suggestions_evaluate(now=timezone.now()).summary
