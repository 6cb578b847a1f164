"""Reads about RSVPs: a member's answer to an event, their place on the waitlist, their
upcoming seats."""

from datetime import datetime

from django.db.models import F, Q, QuerySet

from events.models import Event, EventStatus, Rsvp, RsvpStatus

#: The waitlist's order: the order in which the requests took the event's lock. A row without a
#: number (made outside the RSVP services) goes last.
WAITLIST_ORDER = (F("queue_number").asc(nulls_last=True), "id")


def rsvp_of(*, event: Event, user) -> Rsvp | None:
    if user is None or not user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, member=user).first()


def rsvp_promoted_at(*, event: Event, at: datetime) -> bool:
    """Whether a seat at `event` went to someone from the waitlist at the instant `at` (the
    `now` of the cancellation or decline that freed it)."""
    return Rsvp.objects.filter(event=event, promoted_at=at).exists()


def rsvp_waitlist_position(*, rsvp: Rsvp) -> int | None:
    """1 for the first in line; None when the RSVP is not on the waitlist."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    waiting = Rsvp.objects.filter(event_id=rsvp.event_id, status=RsvpStatus.WAITLISTED)
    if rsvp.queue_number is None:
        ahead = waiting.filter(Q(queue_number__isnull=False) | Q(id__lt=rsvp.id))
    else:
        ahead = waiting.filter(queue_number__lt=rsvp.queue_number)
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


def rsvp_attendance(rsvp: Rsvp, *, now: datetime) -> str:
    """What became of an RSVP, in the member's words: going, on the waitlist, attended,
    no-show, cancelled (by them or because the event was cancelled) or declined."""
    if rsvp.event.status == EventStatus.CANCELLED:
        return "event cancelled"
    if rsvp.checked_in_at is not None:
        return "attended"
    if rsvp.status == RsvpStatus.GOING:
        return "no-show" if rsvp.event.ends_at <= now else "going"
    if rsvp.status == RsvpStatus.WAITLISTED:
        return "waitlisted" if rsvp.event.ends_at > now else "did not get a seat"
    return "cancelled" if rsvp.status == RsvpStatus.CANCELLED else "declined"


def member_rsvps(*, member, now: datetime, past: bool) -> QuerySet[Rsvp]:
    """Every RSVP of the member to events that have not ended (soonest first) or that have
    ended (latest first), with the event and its group: one query per page."""
    rsvps = (
        Rsvp.objects.filter(member=member)
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "event__group")
    )
    if past:
        return rsvps.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-event_id")
    return rsvps.filter(event__ends_at__gt=now).order_by("event__starts_at", "event_id")
