"""Tasks about user groups: telling the managers that a group lost its leader or a
co-organizer (they left the community)."""

from celery import shared_task
from django.utils import timezone

from events.models import UserGroup
from events.services.notifications import email_group_organizer_left


@shared_task(
    name="events.tasks.groups.group_organizer_left_notify_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def group_organizer_left_notify_task(group_id: int, role: str) -> int:
    """One email to every current manager (one message, so a retry after a failure sends it
    once). Returns how many managers it went to."""
    group = UserGroup.objects.filter(pk=group_id).first()
    if group is None:
        return 0
    return email_group_organizer_left(group=group, role=role, now=timezone.now())
