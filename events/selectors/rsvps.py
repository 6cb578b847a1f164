"""Reads about RSVPs: a member's answer to an event, their place on the waitlist, their
upcoming seats."""

from datetime import datetime

from django.db.models import Q, QuerySet

from events.models import Event, EventStatus, Rsvp, RsvpStatus


def rsvp_of(*, event: Event, user) -> Rsvp | None:
    if user is None or not user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, member=user).first()


def rsvp_waitlist_position(*, rsvp: Rsvp) -> int | None:
    """1 for the first in line; None when the RSVP is not on the waitlist."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, status=RsvpStatus.WAITLISTED).filter(
        Q(queued_at__lt=rsvp.queued_at) | Q(queued_at=rsvp.queued_at, id__lt=rsvp.id)
    )
    return ahead.count() + 1


def member_upcoming_rsvps(*, member, now: datetime, limit: int = 5) -> QuerySet[Rsvp]:
    """The member's seats and waitlist places for events that have not ended."""
    return (
        Rsvp.objects.filter(
            member=member,
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
            event__ends_at__gt=now,
        )
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "event__group")
        .order_by("event__starts_at", "event_id")[:limit]
    )
