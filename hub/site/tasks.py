"""The site's tasks: delivering a manager's message to a segment."""

from celery import shared_task
from django.utils import timezone

from hub.core.text import counted
from hub.site.models import SegmentMessage


@shared_task(
    name="hub.site.tasks.segment_message_deliver_task",
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=8,
)
def segment_message_deliver_task(message_id: int) -> str:
    """Idempotent: each recipient's row is marked as their email goes, so a retry skips them."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from hub.site.segments import segment_message_deliver

    message = SegmentMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "The message is gone."
    sent = segment_message_deliver(message=message, now=timezone.now())
    return f"Emailed {counted(sent, 'recipient')} of “{message.subject}”."
