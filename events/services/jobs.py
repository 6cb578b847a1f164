"""The scheduled email jobs: the reminder a day before and the follow-up after the event.

Each attendee gets each email once (`notifications.email_once`). The EventEmail row is written in
the same transaction as the email is sent: if sending fails the row rolls back and the next run
tries again; if two runs overlap, the unique row makes the second one skip (it waits for the
first to commit).
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from events.models import Event, EventEmail, EventStatus, Rsvp, RsvpStatus
from events.services import notifications
from events.services.checkins import event_hosting_record

REMINDER_AHEAD = timedelta(hours=24)
FOLLOW_UP_WITHIN = timedelta(days=7)


def _not_sent(kind: str):
    return ~Exists(
        EventEmail.objects.filter(event=OuterRef("event"), member=OuterRef("member"), kind=kind)
    )


def _send_once(rsvps, *, kind: str, now: datetime, send: Callable) -> int:
    return sum(
        notifications.email_once(
            event_id=rsvp.event_id,
            member=rsvp.member,
            kind=kind,
            now=now,
            send=lambda rsvp=rsvp: send(event=rsvp.event, member=rsvp.member),
        )
        for rsvp in rsvps
    )


def event_reminders_send(*, now: datetime) -> int:
    """Remind everyone going to a published event that starts within the next 24 hours."""
    rsvps = (
        Rsvp.objects.filter(
            status=RsvpStatus.GOING,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
        )
        .filter(_not_sent(EventEmail.Kind.REMINDER))
        .select_related("event", "member__profile")
        .order_by("event_id", "id")
    )
    return _send_once(
        rsvps, kind=EventEmail.Kind.REMINDER, now=now, send=notifications.email_reminder
    )


def event_follow_ups_send(*, now: datetime) -> int:
    """After an event: credit its hosts (if anyone checked in) and thank each checked-in
    attendee with the recording link (and the survey link once the metrics app gives one)."""
    ended = Event.objects.filter(
        status=EventStatus.PUBLISHED, ends_at__lte=now, ends_at__gt=now - FOLLOW_UP_WITHIN
    )
    for event in ended.filter(
        Exists(Rsvp.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False))
    ).order_by("pk"):
        event_hosting_record(event=event, now=now)
    rsvps = (
        Rsvp.objects.filter(event__in=ended, checked_in_at__isnull=False)
        .filter(_not_sent(EventEmail.Kind.FOLLOW_UP))
        .select_related("event", "member__profile")
        .order_by("event_id", "id")
    )
    return _send_once(
        rsvps, kind=EventEmail.Kind.FOLLOW_UP, now=now, send=notifications.email_follow_up
    )
