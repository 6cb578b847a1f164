"""Tasks of the people who run events: telling attendees of a cancellation, sending a
manager's message to the confirmed attendees."""

from celery import shared_task


@shared_task(
    name="events.tasks.organizers.event_cancelled_notify_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def event_cancelled_notify_task(event_id: int, member_ids: list[int]) -> int:
    # Inside: events.services.organizers imports this module to enqueue the task.
    from events.models import Event
    from events.services import notifications
    from members.models import User

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    members = User.objects.filter(pk__in=member_ids).select_related("profile")
    for member in members:
        notifications.email_event_cancelled(event=event, member=member)
    return len(members)


@shared_task(
    name="events.tasks.organizers.attendees_message_send_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def attendees_message_send_task(event_id: int, subject: str, message: str) -> int:
    """A manager's message to everyone with a seat (going) at the moment it is sent."""
    # Inside: events.services.organizers imports this module to enqueue the task.
    from events.models import Event, Rsvp, RsvpStatus
    from events.services import notifications

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    rsvps = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).select_related(
        "member__profile"
    )
    for rsvp in rsvps:
        notifications.email_attendees_message(
            event=event, member=rsvp.member, subject=subject, message=message
        )
    return len(rsvps)
