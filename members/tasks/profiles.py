"""Tasks about profiles: telling a member that a skill they suggested was not accepted."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="members.tasks.profiles.skill_rejection_email_send_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def skill_rejection_email_send_task(removal_id: int) -> bool:
    """One recipient a task; idempotent: the removal's `emailed_at` says it went."""
    # Inside the function, HackSoft's direction: the service imports this module to enqueue it.
    from members.services.profiles import skill_rejection_email_send

    return skill_rejection_email_send(removal_id=removal_id, now=timezone.now())
