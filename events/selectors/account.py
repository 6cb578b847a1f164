"""Reads for a member's own data: the events app's sections of "Your data" (registered in
`events.extensions`). Each section is a few queries whatever the number of rows."""

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from events.models import CalendarFeed, EventHost, GroupMembership, Rsvp, RsvpStatus, UserGroup


def export_rsvps(member) -> list[dict]:
    """Every answer the member gave to an event, with their place on the waitlist while they
    wait, and when they were checked in."""
    ahead = (
        Rsvp.objects.filter(event=OuterRef("event"), status=RsvpStatus.WAITLISTED)
        .filter(queue_number__lt=OuterRef("queue_number"))
        .values("event")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    rsvps = (
        Rsvp.objects.filter(member=member)
        .annotate(ahead=Coalesce(Subquery(ahead), 0))
        .select_related("event")
        .order_by("event__starts_at", "id")
    )
    return [
        {
            "event_id": rsvp.event_id,
            "event": rsvp.event.title,
            "starts_at": rsvp.event.starts_at,
            "status": rsvp.status,
            "waitlist_position": rsvp.ahead + 1 if rsvp.status == RsvpStatus.WAITLISTED else None,
            "asked_at": rsvp.queued_at,
            "seat_from_waitlist_at": rsvp.promoted_at,
            "checked_in_at": rsvp.checked_in_at,
            "walk_in": rsvp.walk_in,
        }
        for rsvp in rsvps
    ]


def export_checkins(member) -> list[dict]:
    return [
        {
            "event_id": row["event_id"],
            "event": row["event__title"],
            "checked_in_at": row["checked_in_at"],
            "walk_in": row["walk_in"],
        }
        for row in Rsvp.objects.filter(member=member, checked_in_at__isnull=False)
        .order_by("checked_in_at", "id")
        .values("event_id", "event__title", "checked_in_at", "walk_in")
    ]


def export_groups(member) -> list[dict]:
    """Each period in a group, and the roles the member holds in it now."""
    led = set(UserGroup.objects.filter(leader=member).values_list("pk", flat=True))
    helped = set(
        UserGroup.co_organizers.through.objects.filter(user_id=member.pk).values_list(
            "usergroup_id", flat=True
        )
    )
    rows = (
        GroupMembership.objects.filter(member=member)
        .order_by("joined_at", "id")
        .values("group_id", "joined_at", "left_at", group_name=F("group__name"))
    )
    return [
        {
            "group": row["group_name"],
            "joined_at": row["joined_at"],
            "left_at": row["left_at"],
            "role": (
                "leader"
                if row["group_id"] in led and row["left_at"] is None
                else "co-organizer"
                if row["group_id"] in helped and row["left_at"] is None
                else "member"
            ),
        }
        for row in rows
    ]


def export_calendar_feed(member) -> dict:
    """Whether the member has a private calendar feed (its secret address is not exported:
    whoever holds the file could read their calendar)."""
    feed = CalendarFeed.objects.filter(member=member).values("created_at").first()
    return {"exists": feed is not None, "address_made_at": feed["created_at"] if feed else None}


def export_hosted_events(member) -> list[dict]:
    return [
        {
            "event_id": row["event_id"],
            "event": row["event__title"],
            "starts_at": row["event__starts_at"],
            "role": row["role"],
        }
        for row in EventHost.objects.filter(member=member)
        .order_by("event__starts_at", "event_id")
        .values("event_id", "event__title", "event__starts_at", "role")
    ]
