"""Writes about a member's own account: what the events app does when a member leaves the
community (its leave handler, registered in `events.extensions`).

Released through the services that own each thing: their seats and waitlist places at events
that have not started (`rsvp_cancel`, so the first person waiting gets the seat in this same
transaction and is emailed after the commit), their open group memberships (closed at the
leaving instant), their organizer roles (`group_organizer_leave`: the managers are told), their
hosting of events to come, and their calendar feed (the secret address stops working).

Kept, because past figures count them and they hold no name: RSVPs and check-ins of events
that have started, closed group memberships, the emails sent, past hosting.
"""

from datetime import datetime

from events.models import CalendarFeed, Rsvp, RsvpStatus
from events.services.groups import group_memberships_close, group_organizer_leave
from events.services.organizers import event_hosts_release
from events.services.rsvps import rsvp_cancel


def member_events_leave(*, member, now: datetime) -> None:
    """The events app's leave handler: runs inside `member_leave`'s transaction, with
    `left_at` already set, before the members app erases the member's name and email."""
    places = (
        Rsvp.objects.filter(
            member=member,
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
            checked_in_at__isnull=True,
            event__starts_at__gt=now,
        )
        .select_related("event")
        .order_by("event_id")  # the events are locked one by one, in primary-key order
    )
    for rsvp in places:
        rsvp_cancel(event=rsvp.event, member=member, now=now)
    group_memberships_close(member=member, now=now)
    group_organizer_leave(member=member, now=now)
    event_hosts_release(member=member, now=now)
    CalendarFeed.objects.filter(member=member).delete()
