"""Who may open or do what, for every URL of the events app (pages and API).

Roles: anonymous, a member (going to the event), another member (no RSVP), the leader of the
event's group, the event's host, and a community manager. "login" means a redirect to log in.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import EventStatus, EventVisibility, RsvpStatus
from events.services.calendars import calendar_feed_get_or_create
from events.tests.conftest import (  # noqa: F401 - fixtures
    co_organizer,
    group,
    group_leader,
    host,
)
from events.tests.factories import EventFactory, EventHostFactory, RsvpFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "group_leader", "host", "manager"]


@pytest.fixture
def world(member, other_member, group_leader, host, manager, group):  # noqa: F811
    now = timezone.now()
    soon = now + timedelta(days=2)
    public = EventFactory(group=group, starts_at=soon, ends_at=soon + timedelta(hours=2))
    started = EventFactory(
        group=group, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2)
    )
    members_only = EventFactory(
        group=group,
        visibility=EventVisibility.MEMBERS,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
    )
    draft = EventFactory(
        group=group, status=EventStatus.DRAFT, starts_at=soon, ends_at=soon + timedelta(hours=2)
    )
    for event in (public, started, members_only, draft):
        EventHostFactory(event=event, member=host)
    RsvpFactory(event=public, member=member, promoted_at=now)
    RsvpFactory(event=started, member=member)
    return {
        "people": {
            "anonymous": None,
            "member": member,
            "other_member": other_member,
            "group_leader": group_leader,
            "host": host,
            "manager": manager,
        },
        "public": public,
        "started": started,
        "members_only": members_only,
        "draft": draft,
        "group": group,
    }


def _expect(row: str) -> dict:
    return dict(zip(ROLES, row.split(), strict=True))


# (name, method, url template, expected per role in ROLES order)
PAGES = [
    ("event list", "get", "/events/", "200 200 200 200 200 200"),
    ("public event", "get", "/events/{public}/", "200 200 200 200 200 200"),
    ("members-only event", "get", "/events/{members_only}/", "404 200 200 200 200 200"),
    ("draft event", "get", "/events/{draft}/", "404 404 404 200 200 200"),
    ("event ics", "get", "/events/{public}/calendar.ics", "200 200 200 200 200 200"),
    ("members-only ics", "get", "/events/{members_only}/calendar.ics", "404 200 200 200 200 200"),
    ("draft ics", "get", "/events/{draft}/calendar.ics", "404 404 404 200 200 200"),
    ("rsvp", "post", "/events/{public}/rsvp/", "login 302 302 302 302 302"),
    ("rsvp by get", "get", "/events/{public}/rsvp/", "405 405 405 405 405 405"),
    ("rsvp to a draft", "post", "/events/{draft}/rsvp/", "login 404 404 302 302 302"),
    ("cancel", "post", "/events/{public}/rsvp/cancel/", "login 302 302 302 302 302"),
    ("decline", "post", "/events/{public}/rsvp/decline/", "login 302 302 302 302 302"),
    ("check-in desk", "get", "/events/{started}/checkin/", "login 403 403 200 200 200"),
    ("check-in post", "post", "/events/{started}/checkin/", "login 403 403 302 302 302"),
    ("draft check-in", "get", "/events/{draft}/checkin/", "login 404 404 200 200 200"),
    # The organizers' pages: group organizers and managers; hosts edit but do not cancel.
    # An empty post answers 200 with the form's errors for those allowed.
    ("new event", "get", "/groups/{group}/events/new/", "login 404 404 200 404 200"),
    ("new event post", "post", "/groups/{group}/events/new/", "login 404 404 200 404 200"),
    (
        "new event, no group",
        "get",
        "/groups/no-such-group/events/new/",
        "login 404 404 404 404 404",
    ),
    ("edit event", "get", "/events/{public}/edit/", "login 404 404 200 200 200"),
    ("edit event post", "post", "/events/{public}/edit/", "login 404 404 200 200 200"),
    ("edit draft", "get", "/events/{draft}/edit/", "login 404 404 200 200 200"),
    ("edit members-only", "get", "/events/{members_only}/edit/", "login 404 404 200 200 200"),
    ("cancel event page", "get", "/events/{public}/cancel/", "login 404 404 200 404 200"),
    ("cancel event post", "post", "/events/{public}/cancel/", "login 404 404 200 404 200"),
    ("cancel draft", "get", "/events/{draft}/cancel/", "login 404 404 200 404 200"),
    ("feed page", "get", "/events/calendar/", "login 200 200 200 200 200"),
    ("feed reset", "post", "/events/calendar/reset/", "login 302 302 302 302 302"),
    ("bad feed token", "get", "/events/calendar/not-a-token.ics", "404 404 404 404 404 404"),
    ("group list", "get", "/groups/", "200 200 200 200 200 200"),
    ("group detail", "get", "/groups/{group}/", "200 200 200 200 200 200"),
    ("unknown group", "get", "/groups/no-such-group/", "404 404 404 404 404 404"),
    ("group join", "post", "/groups/{group}/join/", "login 302 302 302 302 302"),
    ("group leave", "post", "/groups/{group}/leave/", "login 302 302 302 302 302"),
    ("group calendar", "get", "/groups/{group}/calendar.ics", "200 200 200 200 200 200"),
    ("health recompute", "post", "/groups/{group}/health/recompute/", "login 403 403 302 403 302"),
    ("health list", "get", "/groups/health/", "login 403 403 403 403 200"),
    ("health recompute all", "post", "/groups/health/", "login 403 403 403 403 302"),
]


def _url(template: str, world) -> str:
    return template.format(
        public=world["public"].pk,
        started=world["started"].pk,
        members_only=world["members_only"].pk,
        draft=world["draft"].pk,
        group=world["group"].slug,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "template", "row"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client_for, world, role, name, method, template, row):
    user = world["people"][role]
    data = {"member": world["people"]["member"].pk} if "checkin" in template else {}
    response = getattr(client_for(user), method)(_url(template, world), data)
    expected = _expect(row)[role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == int(expected), (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_confirmed_cancel_works_only_for_organizers_and_managers(client_for, world, role):
    event = world["public"]
    response = client_for(world["people"][role]).post(
        f"/events/{event.pk}/cancel/", {"confirm": "on"}
    )
    event.refresh_from_db()
    allowed = role in {"group_leader", "manager"}
    assert (event.status == EventStatus.CANCELLED) is allowed, role
    if allowed:
        assert response["Location"] == event.get_absolute_url()
    elif role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_edit_changes_the_event_only_for_organizers_hosts_and_managers(client_for, world, role):
    event = world["public"]
    zone = event.zone
    data = {
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
    response = client_for(world["people"][role]).post(f"/events/{event.pk}/edit/", data)
    event.refresh_from_db()
    allowed = role in {"group_leader", "host", "manager"}
    assert (event.title == "Renamed") is allowed, (role, response.status_code)
    if allowed:
        assert response["Location"] == event.get_absolute_url()
    elif role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


def test_private_feed_needs_only_its_token_and_shows_only_its_owner(client_for, world):
    member, other = world["people"]["member"], world["people"]["other_member"]
    feed = calendar_feed_get_or_create(member=member, now=timezone.now())
    assert client_for(None).get(f"/events/calendar/{feed.token}.ics").status_code == 200
    page = client_for(other).get("/events/calendar/").content.decode()
    assert feed.token not in page


def test_health_is_shown_only_to_organizers_and_managers(client_for, world):
    url = f"/groups/{world['group'].slug}/"
    for role in ROLES:
        body = client_for(world["people"][role]).get(url).content.decode()
        assert ("Group health" in body) is (role in {"group_leader", "manager"}), role


API = [
    ("api events", "get", "/api/v1/events/", "200 200 200 200 200 200"),
    ("api event", "get", "/api/v1/events/{public}/", "200 200 200 200 200 200"),
    ("api members-only", "get", "/api/v1/events/{members_only}/", "404 200 200 200 200 200"),
    ("api draft", "get", "/api/v1/events/{draft}/", "404 404 404 200 200 200"),
    ("api rsvp", "post", "/api/v1/events/{public}/rsvp/", "401 200 201 201 201 201"),
    ("api cancel", "delete", "/api/v1/events/{public}/rsvp/", "401 204 404 404 404 404"),
    ("api attendees", "get", "/api/v1/events/{started}/attendees/", "401 403 403 200 200 200"),
    ("api checkins", "post", "/api/v1/events/{started}/checkins/", "401 403 403 201 201 201"),
    ("api groups", "get", "/api/v1/groups/", "200 200 200 200 200 200"),
    ("api group", "get", "/api/v1/groups/{group}/", "200 200 200 200 200 200"),
    ("api join", "post", "/api/v1/groups/{group}/membership/", "401 201 201 201 201 201"),
    ("api leave", "delete", "/api/v1/groups/{group}/membership/", "401 404 404 404 404 404"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "template", "row"), API, ids=[a[0] for a in API])
def test_api(world, role, name, method, template, row):
    client = APIClient()
    user = world["people"][role]
    if user is not None:
        client.force_authenticate(user)
    data = {"member": world["people"]["member"].pk} if "checkins" in template else None
    response = getattr(client, method)(_url(template, world), data, format="json")
    assert response.status_code == int(_expect(row)[role]), (name, role, response.content)
    if response.status_code >= 400:
        assert "detail" in response.json()


def test_online_link_never_reaches_a_waitlisted_member_through_any_url(client_for, world):
    other = world["people"]["other_member"]
    event = world["public"]
    RsvpFactory(event=event, member=other, status=RsvpStatus.WAITLISTED)
    client = client_for(other)
    for url in (
        f"/events/{event.pk}/",
        f"/events/{event.pk}/calendar.ics",
        "/events/",
        f"/api/v1/events/{event.pk}/",
        "/api/v1/events/",
    ):
        assert event.online_url not in client.get(url).content.decode().replace("\r\n ", ""), url
