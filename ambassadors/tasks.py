"""Celery tasks of the programme: they take ids, call a service, and are safe to run twice
(every email has its sent-row; the daily job changes nothing on its second run)."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="ambassadors.tasks.nomination_email_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def nomination_email_send(nomination_id: int) -> bool:
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from ambassadors.services.notifications import nomination_email_send as send

    return send(nomination_id=nomination_id, now=timezone.now())


@shared_task(
    name="ambassadors.tasks.decision_email_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def decision_email_send(decision_id: int) -> bool:
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from ambassadors.services.notifications import decision_email_send as send

    return send(decision_id=decision_id, now=timezone.now())


@shared_task(name="ambassadors.tasks.terms_daily")
def terms_daily() -> dict:
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from ambassadors.services.terms import terms_daily as run

    return run(now=timezone.now())
