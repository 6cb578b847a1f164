"""The events API: lists with filters, RSVP semantics, attendees and check-ins, groups."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import EventVisibility, GroupMembership, RsvpStatus
from events.tests.factories import EventFactory, EventHostFactory, RsvpFactory, UserGroupFactory
from members.models import Activity

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/secret-room"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _future(**kwargs):
    start = timezone.now() + timedelta(days=2)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


def test_rsvp_answers_201_going_then_200_with_the_same_state(member):
    event = _future(capacity=5)
    first = api(member).post(f"/api/v1/events/{event.pk}/rsvp/")
    again = api(member).post(f"/api/v1/events/{event.pk}/rsvp/")
    assert (first.status_code, first.json()) == (201, {"status": "going"})
    assert (again.status_code, again.json()) == (200, {"status": "going"})


def test_rsvp_to_a_full_event_is_waitlisted_with_position(member, other_member):
    event = _future(capacity=1)
    api(member).post(f"/api/v1/events/{event.pk}/rsvp/")
    response = api(other_member).post(f"/api/v1/events/{event.pk}/rsvp/")
    assert (response.status_code, response.json()) == (201, {"status": "waitlisted", "position": 1})


def test_delete_rsvp_cancels_and_promotes(member, other_member):
    event = _future(capacity=1)
    api(member).post(f"/api/v1/events/{event.pk}/rsvp/")
    api(other_member).post(f"/api/v1/events/{event.pk}/rsvp/")
    response = api(member).delete(f"/api/v1/events/{event.pk}/rsvp/")
    assert response.status_code == 204
    assert event.rsvps.get(member=other_member).status == RsvpStatus.GOING
    # A second delete has nothing to cancel
    again = api(member).delete(f"/api/v1/events/{event.pk}/rsvp/")
    assert again.status_code == 404
    assert again.json()["code"] == "no_rsvp"


def test_rsvp_refusals_are_json_with_the_reason(member):
    from members.models import Tier

    event = _future(visibility=EventVisibility.TIER, min_tier=Tier.objects.get(level=2))
    response = api(member).post(f"/api/v1/events/{event.pk}/rsvp/")
    assert response.status_code == 403
    assert response.json()["code"] == "tier_too_low"
    assert "you are in Contributors" in response.json()["detail"]
    anonymous = api(None).post(f"/api/v1/events/{event.pk}/rsvp/")
    assert (anonymous.status_code, anonymous["WWW-Authenticate"]) == (401, "Token")
    assert api(member).post("/api/v1/events/999999/rsvp/").status_code == 404


def test_online_url_in_the_api_only_for_seat_holders_and_hosts(member, other_member, host):
    event = _future(capacity=1, online_url=SECRET)
    EventHostFactory(event=event, member=host)
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    for user, expected in [(member, SECRET), (host, SECRET), (other_member, None), (None, None)]:
        detail = api(user).get(f"/api/v1/events/{event.pk}/").json()
        listed = api(user).get("/api/v1/events/").json()["results"][0]
        assert detail["online_url"] == expected
        assert listed["online_url"] == expected


def test_event_list_filters(member):
    group = UserGroupFactory(slug="ml")
    _future(kind="workshop", level="advanced", format="hybrid", group=group, title="A")
    _future(kind="meetup", title="B")
    start = timezone.now() - timedelta(days=5)
    EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), title="Past", kind="panel")

    def titles(**params):
        return [e["title"] for e in api(member).get("/api/v1/events/", params).json()["results"]]

    assert titles(group="ml") == ["A"]
    assert titles(kind="meetup") == ["B"]
    assert titles(level="advanced", format="hybrid") == ["A"]
    assert titles(upcoming="false") == ["Past"]
    assert sorted(titles(upcoming="true")) == ["A", "B"]
    assert api(member).get("/api/v1/events/", {"kind": "nonsense"}).status_code == 400
    assert api(member).get("/api/v1/events/", {"group": "nope"}).status_code == 404


def test_attendees_and_checkins_for_hosts_only(member, other_member, host):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    EventHostFactory(event=event, member=host)
    RsvpFactory(event=event, member=member)
    assert api(other_member).get(f"/api/v1/events/{event.pk}/attendees/").status_code == 403
    rows = api(host).get(f"/api/v1/events/{event.pk}/attendees/").json()["results"]
    assert [row["member_id"] for row in rows] == [member.pk]
    first = api(host).post(f"/api/v1/events/{event.pk}/checkins/", {"member": member.pk})
    second = api(host).post(f"/api/v1/events/{event.pk}/checkins/", {"member": member.pk})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["created"] is False
    assert Activity.objects.filter(member=member, kind="event_attendance").count() == 1
    refused = api(other_member).post(f"/api/v1/events/{event.pk}/checkins/", {"member": member.pk})
    assert refused.status_code == 403
    bad = api(host).post(f"/api/v1/events/{event.pk}/checkins/", {"member": "x"})
    assert bad.status_code == 400


def test_groups_list_detail_join_and_leave(member):
    group = UserGroupFactory(slug="data", name="Data")
    listed = api(None).get("/api/v1/groups/").json()["results"]
    assert [g["slug"] for g in listed] == ["data"]
    assert api(member).get("/api/v1/groups/data/").json()["is_member"] is False
    joined = api(member).post("/api/v1/groups/data/membership/")
    assert joined.status_code == 201
    assert api(member).post("/api/v1/groups/data/membership/").status_code == 200
    assert api(member).get("/api/v1/groups/data/").json()["is_member"] is True
    assert api(member).delete("/api/v1/groups/data/membership/").status_code == 204
    assert not GroupMembership.objects.filter(group=group, left_at=None, member=member).exists()
    assert api(member).delete("/api/v1/groups/data/membership/").status_code == 404
    anonymous = api(None).post("/api/v1/groups/data/membership/")
    assert (anonymous.status_code, anonymous["WWW-Authenticate"]) == (401, "Token")


def test_schema_documents_the_events_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in [
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/events/{id}/rsvp/",
        "/api/v1/events/{id}/attendees/",
        "/api/v1/events/{id}/checkins/",
        "/api/v1/groups/",
        "/api/v1/groups/{slug}/",
        "/api/v1/groups/{slug}/membership/",
    ]:
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/events/{id}/rsvp/"]) >= {"post", "delete"}
