"""Scheduled job for recognition: the daily evaluation of the rule badges."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="members.tasks.recognition.badge_rules_daily",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def badge_rules_daily() -> str:
    """Idempotent: awards are unique per (badge, member, occasion), so a rerun awards nothing."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from members.services.recognition import badge_rules_evaluate

    awarded = badge_rules_evaluate(now=timezone.now())
    if not awarded:
        return "No new badges."
    return "Awarded " + ", ".join(f"{slug}: {count}" for slug, count in sorted(awarded.items()))
