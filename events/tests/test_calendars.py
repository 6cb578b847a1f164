"""Calendar files: valid iCalendar in the event's zone; online links only for seat holders."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed, EventStatus, EventVisibility, RsvpStatus
from events.tests.factories import EventFactory, EventHostFactory, RsvpFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/secret-room"


def _parse(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_event_ics_is_valid_and_keeps_the_time_zone(client_for):
    # Given an event at 19:00 Kyiv time in summer (UTC+3)
    event = EventFactory(
        title="Summer meetup",
        starts_at=datetime(2026, 7, 1, 16, 0, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, 18, 0, tzinfo=UTC),
        time_zone="Europe/Kyiv",
    )
    response = client_for(None).get(reverse("events:event_ics", args=[event.pk]))
    calendar = Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    start = item.decoded("dtstart")
    # Then the file says 19:00 in Europe/Kyiv, with its VTIMEZONE, and the same instant
    assert (start.hour, str(start.tzinfo)) == (19, "Europe/Kyiv")
    assert start == event.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    assert str(item["summary"]) == "Summer meetup"
    assert str(item["uid"]) == f"event-{event.pk}@hub.bakhmach.business"


def test_online_link_in_ics_only_for_seat_holders_and_hosts(client_for, member, other_member, host):
    start = timezone.now() + timedelta(days=3)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), online_url=SECRET)
    EventHostFactory(event=event, member=host)
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    url = reverse("events:event_ics", args=[event.pk])
    for viewer, sees in [(member, True), (host, True), (other_member, False), (None, False)]:
        response = client_for(viewer).get(url)
        [item] = _parse(response)
        assert (SECRET in response.content.decode().replace("\r\n ", "")) is sees
        assert (SECRET in str(item.get("description"))) is sees


def test_private_feed_lists_confirmed_events_and_reset_kills_the_old_url(client_for, member):
    start = timezone.now() + timedelta(days=3)
    going = EventFactory(title="Going one", starts_at=start, ends_at=start + timedelta(hours=1))
    waiting = EventFactory(title="Waiting one", starts_at=start, ends_at=start + timedelta(hours=1))
    RsvpFactory(event=going, member=member)
    RsvpFactory(event=waiting, member=member, status=RsvpStatus.WAITLISTED)
    client = client_for(member)
    page = client.get(reverse("events:calendar_feed"))
    token = CalendarFeed.objects.get(member=member).token
    assert token in page.content.decode()
    feed_url = reverse("events:member_feed", args=[token])
    items = _parse(client_for(None).get(feed_url))
    assert [str(item["summary"]) for item in items] == ["Going one"]
    assert SECRET in str(items[0]["description"])
    client.post(reverse("events:calendar_feed_reset"))
    assert client_for(None).get(feed_url).status_code == 404
    new_token = CalendarFeed.objects.get(member=member).token
    assert new_token != token
    assert client_for(None).get(reverse("events:member_feed", args=[new_token])).status_code == 200


def test_group_feed_is_public_events_only_without_links(client_for):
    group = UserGroupFactory(slug="kyiv")
    start = timezone.now() + timedelta(days=3)
    common = {"group": group, "starts_at": start, "ends_at": start + timedelta(hours=1)}
    EventFactory(title="Public", online_url=SECRET, **common)
    EventFactory(title="Members", visibility=EventVisibility.MEMBERS, **common)
    EventFactory(title="Draft", status=EventStatus.DRAFT, **common)
    response = client_for(None).get(reverse("events:group_calendar", args=["kyiv"]))
    items = _parse(response)
    assert [str(item["summary"]) for item in items] == ["Public"]
    assert SECRET not in response.content.decode().replace("\r\n ", "")
