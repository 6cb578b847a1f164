"""Reads for the check-in desk: who is going or waiting, and the people a search finds."""

from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from events.models import Event, Rsvp, RsvpStatus
from events.selectors.rsvps import WAITLIST_ORDER
from members.models import User


def event_attendees(*, event: Event) -> QuerySet[Rsvp]:
    """Going and waitlisted people, with their names, for the check-in desk."""
    return (
        Rsvp.objects.filter(event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED])
        .select_related("member__profile")
        .order_by("status", *WAITLIST_ORDER)
    )


def checkin_search(*, event: Event, query: str, now: datetime, limit: int = 25) -> list[User]:
    """Current members matching a name or email, with their RSVP on this event if any.
    Walk-ins (members without an RSVP) are found too, so the desk can let them in."""
    query = query.strip()
    if len(query) < 2:
        return []
    people = (
        User.objects.current(now)
        .filter(Q(email__icontains=query) | Q(profile__display_name__icontains=query))
        .select_related("profile")
        .annotate(
            rsvp_status=Subquery(
                Rsvp.objects.filter(event=event, member=OuterRef("pk")).values("status")[:1]
            ),
            checked_in_at=Subquery(
                Rsvp.objects.filter(event=event, member=OuterRef("pk")).values("checked_in_at")[:1]
            ),
        )
        .order_by("profile__display_name", "email")[:limit]
    )
    return list(people)
