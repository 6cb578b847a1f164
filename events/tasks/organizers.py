"""Tasks of the people who run events: telling attendees of a cancellation, sending a
manager's message to the confirmed attendees. Each emails many people once each."""

from celery import shared_task
from django.utils import timezone

from events.models import AttendeesMessage, Event
from events.services.notifications import (
    attendees_message_emails_send,
    event_cancelled_emails_send,
)


@shared_task(
    name="events.tasks.organizers.event_cancelled_notify_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def event_cancelled_notify_task(event_id: int, member_ids: list[int]) -> int:
    """Tell each person who had a seat or a waitlist place; a retry skips those told."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return event_cancelled_emails_send(event=event, member_ids=member_ids, now=timezone.now())


@shared_task(
    name="events.tasks.organizers.attendees_message_send_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def attendees_message_send_task(message_id: int) -> int:
    """A manager's message to everyone with a seat; a retry skips those who have it."""
    message = AttendeesMessage.objects.select_related("event").filter(pk=message_id).first()
    if message is None:
        return 0
    return attendees_message_emails_send(message=message, now=timezone.now())
