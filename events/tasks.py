"""Celery tasks of the events app: they take ids, load rows and call a service. Each is safe to
run twice (a scheduled job's second run changes nothing)."""

from celery import shared_task
from django.utils import timezone

from events.models import Event, Rsvp, RsvpStatus
from events.services import notifications


@shared_task(
    name="events.tasks.rsvp_promoted_notify",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def rsvp_promoted_notify(rsvp_id: int) -> bool:
    """Tell a member a seat came to them from the waitlist (if it is still theirs)."""
    rsvp = Rsvp.objects.select_related("event", "member__profile").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.status != RsvpStatus.GOING or rsvp.promoted_at is None:
        return False
    notifications.email_seat_from_waitlist(event=rsvp.event, member=rsvp.member)
    return True


@shared_task(
    name="events.tasks.event_cancelled_notify",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def event_cancelled_notify(event_id: int, member_ids: list[int]) -> int:
    from members.models import User

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    members = User.objects.filter(pk__in=member_ids).select_related("profile")
    for member in members:
        notifications.email_event_cancelled(event=event, member=member)
    return len(members)


@shared_task(
    name="events.tasks.attendees_message_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def attendees_message_send(event_id: int, subject: str, message: str) -> int:
    """A manager's message to everyone with a seat (going) at the moment it is sent."""
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


@shared_task(name="events.tasks.event_reminders_send")
def event_reminders_send() -> int:
    from events.services.jobs import event_reminders_send as send

    return send(now=timezone.now())


@shared_task(name="events.tasks.event_follow_ups_send")
def event_follow_ups_send() -> int:
    from events.services.jobs import event_follow_ups_send as send

    return send(now=timezone.now())


@shared_task(name="events.tasks.series_occurrences_generate")
def series_occurrences_generate() -> int:
    from events.services.series import series_generate_all

    return series_generate_all(now=timezone.now())


@shared_task(name="events.tasks.group_health_compute")
def group_health_compute() -> int:
    """Monthly: the snapshot of the month that just ended, for every group."""
    from events.services.health import group_health_compute_month
    from hub.core.timeutils import month_of, previous_month

    now = timezone.now()
    return len(group_health_compute_month(month=previous_month(month_of(now)), now=now))
