"""Who may open or do what on every URL of the events app: its pages, its API, its admin.

Roles: anonymous, a member (going to the public and the started event), another member (no
RSVP), the leader of the event's group, the events' host, and a community manager. The format
and its outcomes ("login", "302=", …) are described in `tests/permissions.py`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import (
    CalendarFeed,
    Event,
    EventStatus,
    EventVisibility,
    GroupHealthSnapshot,
    GroupMembership,
    Rsvp,
    RsvpStatus,
)
from events.services.calendars import calendar_feed_get_or_create
from events.tests.factories import EventFactory, EventHostFactory, RsvpFactory, UserGroupFactory
from members.models import Tier
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "group_leader", "host", "manager")


def build() -> World:
    people = people_build(ROLES)
    now = timezone.now()
    soon = now + timedelta(days=2)
    group = UserGroupFactory(name="Kyiv Python", slug="kyiv-python", leader=people["group_leader"])

    def event(**fields) -> Event:
        fields = {"starts_at": soon, "ends_at": soon + timedelta(hours=2), **fields}
        made = EventFactory(group=group, **fields)
        EventHostFactory(event=made, member=people["host"])
        return made

    public = event()
    started = event(starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2))
    members_only = event(visibility=EventVisibility.MEMBERS)
    draft = event(status=EventStatus.DRAFT)
    members_draft = event(visibility=EventVisibility.MEMBERS, status=EventStatus.DRAFT)
    tier_event = event(visibility=EventVisibility.TIER, min_tier=Tier.objects.get(level=3))
    # Nobody has a seat at `open` yet, so every RSVP to it adds one.
    open_event = event()
    RsvpFactory(event=public, member=people["member"], promoted_at=now)
    RsvpFactory(event=started, member=people["member"])
    feed = calendar_feed_get_or_create(member=people["member"], now=now)
    return World(
        people=people,
        placeholders={
            "public": public.pk,
            "started": started.pk,
            "members_only": members_only.pk,
            "draft": draft.pk,
            "members_draft": members_draft.pk,
            "tier_event": tier_event.pk,
            "open": open_event.pk,
            "group": group.slug,
            "feed_token": feed.token,
        },
        public=public,
        started=started,
        draft=draft,
        open=open_event,
        group=group,
    )


world = world_fixture(build)


# --- Effects: what a request may change, read from the database --------------------------------


def rsvps(name: str):
    def effect(world):
        return sorted(
            Rsvp.objects.filter(event=getattr(world, name)).values_list(
                "member__email", "status", "checked_in_at"
            )
        )

    return effect


def event_fields(name: str, *fields: str):
    def effect(world):
        return Event.objects.filter(pk=getattr(world, name).pk).values_list(*fields).get()

    return effect


def group_members(world):
    return sorted(
        GroupMembership.objects.filter(group=world.group, left_at=None).values_list(
            "member__email", flat=True
        )
    )


def group_events(world):
    return Event.objects.filter(group=world.group).count()


def health_snapshots(world):
    return sorted(GroupHealthSnapshot.objects.values_list("group_id", "month", "computed_at"))


def feeds(world):
    return sorted(CalendarFeed.objects.values_list("member__email", "token"))


def check_in_member(world) -> dict:
    return {"member": world.people["member"].pk}


def edit_event_form(world) -> dict:
    event = world.public
    zone = event.zone
    return {
        "title": "Renamed",
        "kind": event.kind,
        "level": event.level,
        "format": event.format,
        "time_zone": event.time_zone,
        "starts_at": f"{timezone.localtime(event.starts_at, zone):%Y-%m-%dT%H:%M}",
        "ends_at": f"{timezone.localtime(event.ends_at, zone):%Y-%m-%dT%H:%M}",
        "venue": event.venue,
        "visibility": event.visibility,
        "status": event.status,
    }


ROWS = [
    # The public pages
    Row("event list", "GET", "/events/", "200 200 200 200 200 200"),
    Row("public event", "GET", "/events/{public}/", "200 200 200 200 200 200"),
    # A visitor with a shared link to a members-only event is asked to log in (and sent back);
    # a draft or a tier event stays unknown to them.
    Row("members-only event", "GET", "/events/{members_only}/", "login 200 200 200 200 200"),
    Row("draft event", "GET", "/events/{draft}/", "404 404 404 200 200 200"),
    Row("members-only draft", "GET", "/events/{members_draft}/", "404 404 404 200 200 200"),
    Row("tier event", "GET", "/events/{tier_event}/", "404 200 200 200 200 200"),
    Row("event ics", "GET", "/events/{public}/calendar.ics", "200 200 200 200 200 200"),
    Row(
        "members-only ics",
        "GET",
        "/events/{members_only}/calendar.ics",
        "404 200 200 200 200 200",
    ),
    Row("draft ics", "GET", "/events/{draft}/calendar.ics", "404 404 404 200 200 200"),
    # Seats: each person acts on their own RSVP only.
    Row(
        "rsvp",
        "POST",
        "/events/{open}/rsvp/",
        "login 302 302 302 302 302",
        effect=rsvps("open"),
    ),
    Row(
        "rsvp again",
        "POST",
        "/events/{public}/rsvp/",
        "login 302= 302 302 302 302",
        effect=rsvps("public"),
    ),
    Row("rsvp by get", "GET", "/events/{public}/rsvp/", "405 405 405 405 405 405"),
    Row(
        "rsvp to a draft",
        "POST",
        "/events/{draft}/rsvp/",
        # Organizers see the draft, but it takes no RSVPs until it is published.
        "login 404 404 302= 302= 302=",
        effect=rsvps("draft"),
    ),
    Row(
        "cancel",
        "POST",
        "/events/{public}/rsvp/cancel/",
        "login 302 302= 302= 302= 302=",
        effect=rsvps("public"),
    ),
    Row(
        "decline",
        "POST",
        "/events/{public}/rsvp/decline/",
        "login 302 302= 302= 302= 302=",
        effect=rsvps("public"),
    ),
    # The check-in desk: organizers, hosts and managers
    Row("check-in desk", "GET", "/events/{started}/checkin/", "login 403 403 200 200 200"),
    Row(
        "check-in post",
        "POST",
        "/events/{started}/checkin/",
        "login 403 403 302 302 302",
        data=check_in_member,
        effect=rsvps("started"),
    ),
    Row("draft check-in", "GET", "/events/{draft}/checkin/", "login 404 404 200 200 200"),
    # The attendance export: for the desk's people; emails only in a manager's (tested apart)
    Row("attendance csv", "GET", "/events/{started}/attendance.csv", "login 403 403 200 200 200"),
    Row(
        "draft attendance csv", "GET", "/events/{draft}/attendance.csv", "login 404 404 200 200 200"
    ),
    # The organizers' pages: group organizers and managers; hosts edit but do not cancel.
    # An empty post shows the form again with its errors to those allowed.
    Row("new event", "GET", "/groups/{group}/events/new/", "login 404 404 200 404 200"),
    Row(
        "new event post",
        "POST",
        "/groups/{group}/events/new/",
        "login 404 404 200= 404 200=",
        effect=group_events,
    ),
    Row(
        "new event, no group",
        "GET",
        "/groups/no-such-group/events/new/",
        "login 404 404 404 404 404",
    ),
    Row("edit event", "GET", "/events/{public}/edit/", "login 404 404 200 200 200"),
    Row(
        "edit event post",
        "POST",
        "/events/{public}/edit/",
        "login 404 404 200= 200= 200=",
        effect=event_fields("public", "title", "starts_at", "status"),
    ),
    Row(
        "edit event, renamed",
        "POST",
        "/events/{public}/edit/",
        "login 404 404 302 302 302",
        data=edit_event_form,
        effect=event_fields("public", "title"),
    ),
    Row("edit draft", "GET", "/events/{draft}/edit/", "login 404 404 200 200 200"),
    Row("edit members-only", "GET", "/events/{members_only}/edit/", "login 404 404 200 200 200"),
    Row("cancel event page", "GET", "/events/{public}/cancel/", "login 404 404 200 404 200"),
    Row(
        "cancel event post",
        "POST",
        "/events/{public}/cancel/",
        "login 404 404 200= 404 200=",
        effect=event_fields("public", "status"),
    ),
    Row(
        "cancel event, confirmed",
        "POST",
        "/events/{public}/cancel/",
        "login 404 404 302 404 302",
        data={"confirm": "on"},
        effect=event_fields("public", "status"),
    ),
    Row("cancel draft", "GET", "/events/{draft}/cancel/", "login 404 404 200 404 200"),
    # Private calendar feeds: the page and reset for oneself; the feed by its token alone
    Row("feed page", "GET", "/events/calendar/", "login 200 200 200 200 200"),
    # A member's own events: each sees only their own (plain tests check whose rows show).
    Row("my events", "GET", "/events/mine/", "login 200 200 200 200 200"),
    Row(
        "feed reset",
        "POST",
        "/events/calendar/reset/",
        "login 302 302 302 302 302",
        effect=feeds,
    ),
    Row("feed", "GET", "/events/calendar/{feed_token}.ics", "200 200 200 200 200 200"),
    Row("bad feed token", "GET", "/events/calendar/not-a-token.ics", "404 404 404 404 404 404"),
    # Groups
    Row("group list", "GET", "/groups/", "200 200 200 200 200 200"),
    Row("group detail", "GET", "/groups/{group}/", "200 200 200 200 200 200"),
    Row("unknown group", "GET", "/groups/no-such-group/", "404 404 404 404 404 404"),
    Row(
        "group join",
        "POST",
        "/groups/{group}/join/",
        "login 302 302 302 302 302",
        effect=group_members,
    ),
    Row(
        "group leave",
        "POST",
        "/groups/{group}/leave/",
        "login 302= 302= 302= 302= 302=",
        effect=group_members,
    ),
    Row("group calendar", "GET", "/groups/{group}/calendar.ics", "200 200 200 200 200 200"),
    Row(
        "health recompute",
        "POST",
        "/groups/{group}/health/recompute/",
        "login 403 403 302 403 302",
        effect=health_snapshots,
    ),
    Row("health list", "GET", "/groups/health/", "login 403 403 403 403 200"),
    Row(
        "health recompute all",
        "POST",
        "/groups/health/",
        "login 403 403 403 403 302",
        effect=health_snapshots,
    ),
    # The API: anonymous callers read public things; everything else needs a token or session.
    Row("api events", "GET", "/api/v1/events/", "200 200 200 200 200 200"),
    Row("api event", "GET", "/api/v1/events/{public}/", "200 200 200 200 200 200"),
    Row("api members-only", "GET", "/api/v1/events/{members_only}/", "404 200 200 200 200 200"),
    Row("api draft", "GET", "/api/v1/events/{draft}/", "404 404 404 200 200 200"),
    Row(
        "api rsvp",
        "POST",
        "/api/v1/events/{public}/rsvp/",
        "401 200= 201 201 201 201",
        effect=rsvps("public"),
    ),
    Row(
        "api cancel",
        "DELETE",
        "/api/v1/events/{public}/rsvp/",
        "401 204 404 404 404 404",
        effect=rsvps("public"),
    ),
    Row(
        "api attendees",
        "GET",
        "/api/v1/events/{started}/attendees/",
        "401 403 403 200 200 200",
    ),
    Row(
        "api checkins",
        "POST",
        "/api/v1/events/{started}/checkins/",
        "401 403 403 201 201 201",
        data=check_in_member,
        effect=rsvps("started"),
    ),
    Row("api groups", "GET", "/api/v1/groups/", "200 200 200 200 200 200"),
    Row("api group", "GET", "/api/v1/groups/{group}/", "200 200 200 200 200 200"),
    Row(
        "api join",
        "POST",
        "/api/v1/groups/{group}/membership/",
        "401 201 201 201 201 201",
        effect=group_members,
    ),
    Row(
        "api leave",
        "DELETE",
        "/api/v1/groups/{group}/membership/",
        "401 404 404 404 404 404",
        effect=group_members,
    ),
    # The admin pages of the events app: managers only (a group leader is no admin).
    Row("admin groups", "GET", "/admin/events/usergroup/", "login login login login login 200"),
    Row("admin events", "GET", "/admin/events/event/", "login login login login login 200"),
    Row(
        "admin event",
        "GET",
        "/admin/events/event/{public}/change/",
        "login login login login login 200",
    ),
    Row("admin series", "GET", "/admin/events/eventseries/", "login login login login login 200"),
    Row(
        "admin health",
        "GET",
        "/admin/events/grouphealthsnapshot/",
        "login login login login login 200",
    ),
]

test_permission_matrix = matrix_test(ROLES, ROWS)


# --- What the rows cannot say: what a page shows to whom ---------------------------------------


def test_a_private_feed_is_not_shown_to_another_member(world):
    # given the member's private feed
    token = world.placeholders["feed_token"]
    # when another member opens their own feed page
    page = world.client("other_member").get("/events/calendar/").content.decode()
    # then the member's token is not on it
    assert token not in page


def test_health_is_shown_only_to_organizers_and_managers(world):
    url = f"/groups/{world.group.slug}/"
    for role in ROLES:
        body = world.client(role).get(url).content.decode()
        assert ("Group health" in body) is (role in {"group_leader", "manager"}), role


def test_online_link_never_reaches_a_waitlisted_member_through_any_url(world):
    # given another member waiting for a seat at the public event
    event = world.public
    Rsvp.objects.create(
        event=event,
        member=world.people["other_member"],
        status=RsvpStatus.WAITLISTED,
        queued_at=timezone.now(),
        updated_at=timezone.now(),
    )
    client = world.client("other_member")
    # when they open every page and API answer about it, then the online link is on none
    for url in (
        f"/events/{event.pk}/",
        f"/events/{event.pk}/calendar.ics",
        "/events/",
        f"/api/v1/events/{event.pk}/",
        "/api/v1/events/",
    ):
        assert event.online_url not in client.get(url).content.decode().replace("\r\n ", ""), url
