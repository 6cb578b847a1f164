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


def checkin_search(
    *, event: Event, query: str, now: datetime, by_email: bool, limit: int = 25
) -> list[User]:
    """The people the desk may check in whose name matches: the event's RSVPs and the members
    who could walk in, that is current members (only they may be checked in, and every current
    member may see a published event). Only a manager's desk (`by_email`) also matches and
    shows email addresses: hosts and group leaders are members like the people they look up,
    and an address is not theirs to see, whatever the directory says."""
    query = query.strip()
    if len(query) < 2:
        return []
    matches = Q(profile__display_name__icontains=query)
    if by_email:
        matches |= Q(email__icontains=query)
    people = (
        User.objects.current(now)
        .filter(matches)
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


def event_attendance(*, event: Event) -> QuerySet[Rsvp]:
    """Every answer to the event (going, waiting, cancelled, declined), with names, for the
    attendance export: going first, then the waitlist in its order, then the rest."""
    return (
        Rsvp.objects.filter(event=event)
        .select_related("member__profile")
        .order_by("status", *WAITLIST_ORDER)
    )
