"""The weekly digest job (Mondays, see metrics.extensions): sends what is missing, once per
member and week, however often it runs."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="metrics.tasks.digests.digest_weekly",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def digest_weekly() -> int:
    """Send the digest of the week that just ended to everyone who opted in and lacks it."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from metrics.services.digests import digest_weekly_send

    return digest_weekly_send(now=timezone.now())
