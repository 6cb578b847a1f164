"""The organizers' event pages and their services: creating a group's event, editing one
occurrence or the whole series, the capacity guard, cancelling with emails, bad input."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, EventHost, EventSeries, EventStatus, EventVisibility, RsvpStatus
from events.services.organizers import event_create, event_edit
from events.services.series import series_generate
from events.tests.factories import (
    NOW,
    EventFactory,
    EventHostFactory,
    EventSeriesFactory,
    RsvpFactory,
)
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.models import Tier
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


def _values(**overrides) -> dict:
    start = datetime(2026, 4, 8, 19, 0, tzinfo=KYIV)
    values = {
        "title": "Async Python evening",
        "description": "Talks and pizza.",
        "kind": "meetup",
        "level": "intermediate",
        "format": "hybrid",
        "time_zone": "Europe/Kyiv",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "venue": "Hub office",
        "online_url": "https://meet.example.com/async",
        "capacity": 30,
        "rsvp_deadline": start - timedelta(hours=3),
        "visibility": EventVisibility.PUBLIC,
        "min_tier": None,
        "status": EventStatus.PUBLISHED,
    }
    values.update(overrides)
    return values


def _post_data(**overrides) -> dict:
    """What the browser sends: wall-clock times in the chosen zone."""
    start = timezone.localtime(timezone.now() + timedelta(days=10), KYIV).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    data = {
        "title": "Async Python evening",
        "description": "Talks and pizza.",
        "kind": "meetup",
        "level": "intermediate",
        "format": "hybrid",
        "time_zone": "Europe/Kyiv",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "rsvp_deadline": f"{start - timedelta(hours=3):%Y-%m-%dT%H:%M}",
        "venue": "Hub office",
        "online_url": "https://meet.example.com/async",
        "capacity": "30",
        "visibility": "public",
        "min_tier": "",
        "status": "published",
        "hosts": "host@example.com",
    }
    data.update(overrides)
    return data


def _future_event(group, **fields):
    start = timezone.now() + timedelta(days=5)
    return EventFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=2), **fields)


# --- Services -----------------------------------------------------------------------------------


def test_event_create_saves_the_event_its_hosts_and_an_audit_entry(group, group_leader, host):
    # When the leader creates an event with a host
    event = event_create(group=group, values=_values(), hosts=[host], actor=group_leader, now=NOW)
    # then it exists in the group with that host, and the audit log says who added it
    assert event.group == group
    assert event.slug == "async-python-evening"
    assert list(EventHost.objects.filter(event=event).values_list("member", flat=True)) == [host.pk]
    entry = AuditEntry.objects.get(action="event.create")
    assert entry.actor == group_leader
    assert entry.target_id == str(event.pk)


def test_event_create_refuses_a_start_in_the_past_and_changes_nothing(group, group_leader):
    with pytest.raises(DomainError, match="in the past"):
        event_create(
            group=group,
            values=_values(starts_at=NOW - timedelta(hours=1), ends_at=NOW, rsvp_deadline=None),
            hosts=[],
            actor=group_leader,
            now=NOW,
        )
    assert not Event.objects.exists()
    assert not AuditEntry.objects.filter(action="event.create").exists()


def test_lowering_capacity_below_the_number_going_is_refused(group, group_leader):
    # Given an event with 3 people going
    event = EventFactory(group=group, capacity=10)
    for _ in range(3):
        RsvpFactory(event=event)
    # When the leader tries to make it a 2-seat event
    with pytest.raises(DomainError, match="3 people already have a seat") as refused:
        event_edit(
            event=event,
            values={"capacity": 2},
            hosts=None,
            scope="occurrence",
            actor=group_leader,
            now=NOW,
        )
    assert refused.value.code == "capacity_below_going"
    # then nothing changed and nobody lost a seat
    event.refresh_from_db()
    assert event.capacity == 10
    assert event.rsvps.filter(status=RsvpStatus.GOING).count() == 3
    # but exactly the number going is fine
    event_edit(
        event=event,
        values={"capacity": 3},
        hosts=None,
        scope="occurrence",
        actor=group_leader,
        now=NOW,
    )
    event.refresh_from_db()
    assert event.capacity == 3
    assert AuditEntry.objects.filter(action="event.update", target_id=str(event.pk)).exists()


def test_raising_capacity_seats_the_waitlist(
    group, group_leader, django_capture_on_commit_callbacks
):
    event = EventFactory(group=group, capacity=1)
    RsvpFactory(event=event)
    waiting = RsvpFactory(event=event, status=RsvpStatus.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        event_edit(
            event=event,
            values={"capacity": 2},
            hosts=None,
            scope="occurrence",
            actor=group_leader,
            now=NOW,
        )
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.GOING
    assert [m.to[0] for m in mail.outbox] == [waiting.member.email]


def test_event_with_rsvps_cannot_go_back_to_draft(group, group_leader):
    event = EventFactory(group=group)
    RsvpFactory(event=event)
    with pytest.raises(DomainError, match="cannot go back to draft"):
        event_edit(
            event=event,
            values={"status": EventStatus.DRAFT},
            hosts=None,
            scope="occurrence",
            actor=group_leader,
            now=NOW,
        )
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def _series_with_occurrences(group, now):
    series = EventSeriesFactory(group=group, venue="Room A", capacity=20, starts_on=now.date())
    series_generate(series=series, now=now)
    return series, list(Event.objects.filter(series=series).order_by("starts_at"))


def test_editing_one_occurrence_changes_only_it(group, group_leader):
    series, occurrences = _series_with_occurrences(group, NOW)
    second = occurrences[1]
    event_edit(
        event=second,
        values={"venue": "Room B"},
        hosts=None,
        scope="occurrence",
        actor=group_leader,
        now=NOW,
    )
    venues = list(
        Event.objects.filter(series=series).order_by("starts_at").values_list("venue", flat=True)
    )
    assert venues == ["Room A", "Room B", "Room A", "Room A"]
    second.refresh_from_db()
    assert second.detached_from_series


def test_editing_the_whole_series_changes_the_template_and_every_future_occurrence(
    group, group_leader, host
):
    series, occurrences = _series_with_occurrences(group, NOW)
    second = occurrences[1]
    # When the leader moves the whole series to 18:30, a new room and a new host
    local = timezone.localtime(second.starts_at, KYIV)
    new_start = local.replace(hour=18, minute=30)
    event_edit(
        event=second,
        values={
            "venue": "Room C",
            "starts_at": new_start,
            "ends_at": new_start + timedelta(minutes=90),
        },
        hosts=[host],
        scope="series",
        actor=group_leader,
        now=NOW,
    )
    # then the series and each occurrence (before and after this one) changed, on their own days
    series.refresh_from_db()
    assert series.venue == "Room C"
    assert series.local_start_time == time(18, 30)
    assert list(series.hosts.all()) == [host]
    for event in Event.objects.filter(series=series):
        local_start = timezone.localtime(event.starts_at, KYIV)
        assert (event.venue, local_start.time()) == ("Room C", time(18, 30))
        assert local_start.date() == event.occurrence_date
        assert list(event.hosts.values_list("member", flat=True)) == [host.pk]
        assert not event.detached_from_series
    assert AuditEntry.objects.filter(action="series.update").count() == 1
    assert AuditEntry.objects.filter(action="event.hosts").count() == 1


def test_whole_series_edit_cannot_move_to_another_day(group, group_leader):
    _series, occurrences = _series_with_occurrences(group, NOW)
    second = occurrences[1]
    with pytest.raises(DomainError, match="keeps the days"):
        event_edit(
            event=second,
            values={
                "starts_at": second.starts_at + timedelta(days=1),
                "ends_at": second.ends_at + timedelta(days=1),
            },
            hosts=None,
            scope="series",
            actor=group_leader,
            now=NOW,
        )
    second.refresh_from_db()
    assert second.occurrence_date == timezone.localtime(second.starts_at, KYIV).date()


def test_whole_series_capacity_guard_names_the_crowded_occurrence(group, group_leader):
    series, occurrences = _series_with_occurrences(group, NOW)
    first, third = occurrences[0], occurrences[2]
    for _ in range(5):
        RsvpFactory(event=third)
    with pytest.raises(DomainError, match="5 people already have a seat at the occurrence of"):
        event_edit(
            event=first,
            values={"capacity": 4},
            hosts=None,
            scope="series",
            actor=group_leader,
            now=NOW,
        )
    series.refresh_from_db()
    assert series.capacity == 20
    assert set(Event.objects.filter(series=series).values_list("capacity", flat=True)) == {20}


def test_cancelled_event_cannot_be_edited(group, group_leader):
    event = EventFactory(group=group, status=EventStatus.CANCELLED)
    with pytest.raises(DomainError, match="cancelled"):
        event_edit(
            event=event,
            values={"title": "Back again"},
            hosts=None,
            scope="occurrence",
            actor=group_leader,
            now=NOW,
        )


# --- Pages --------------------------------------------------------------------------------------


def test_leader_creates_an_event_through_the_form(client_for, group, group_leader, host):
    url = f"/groups/{group.slug}/events/new/"
    page = client_for(group_leader).get(url)
    assert page.status_code == 200
    assert "New event for Kyiv Python" in page.content.decode()
    # When the leader posts the form
    client = client_for(group_leader)
    response = client.post(url, _post_data())
    # then the event exists at 19:00 Kyiv time with its host, and they land on its page
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert timezone.localtime(event.starts_at, KYIV).time() == time(19, 0)
    assert event.capacity == 30
    assert event.status == EventStatus.PUBLISHED
    assert list(event.hosts.values_list("member", flat=True)) == [host.pk]
    assert "is published" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2020-01-01T10:00"}, "ends_at", "must end after it starts"),
        (
            {"rsvp_deadline": f"{timezone.now() + timedelta(days=30):%Y-%m-%dT10:00}"},
            "rsvp_deadline",
            "deadline must be before",
        ),
        ({"capacity": "0"}, "capacity", "at least 1 seat"),
        ({"capacity": "many"}, "capacity", "Enter a whole number"),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a date and time"),
        ({"visibility": "tier"}, "min_tier", "Choose the minimum tier"),
        ({"format": "in_person", "venue": ""}, "venue", "needs a venue"),
        ({"hosts": "nobody@example.com"}, "hosts", "No current member has this email"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"status": "cancelled"}, "status", "Select a valid choice"),
        ({"title": ""}, "title", "This field is required"),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(
    client_for, group, group_leader, host, overrides, field, message
):
    response = client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/", _post_data(**overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Event.objects.exists()


def test_a_start_in_the_past_is_refused_on_the_form(client_for, group, group_leader, host):
    response = client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/",
        _post_data(starts_at="2020-01-01T19:00", ends_at="2020-01-01T21:00", rsvp_deadline=""),
    )
    assert response.status_code == 200
    assert "in the past" in " ".join(response.context["form"].errors["starts_at"])
    assert not Event.objects.exists()


def test_edit_page_shows_the_event_on_its_wall_clock(client_for, group, group_leader, host):
    event = _future_event(group, time_zone="America/New_York")
    EventHostFactory(event=event, member=host)
    page = client_for(group_leader).get(f"/events/{event.pk}/edit/")
    form = page.context["form"]
    local = timezone.localtime(event.starts_at, ZoneInfo("America/New_York"))
    assert form.initial["starts_at"] == local.replace(tzinfo=None)
    assert form.initial["hosts"] == host.email
    assert "scope" not in form.fields  # not part of a series


def test_capacity_below_going_on_the_edit_page_is_refused_with_a_message(
    client_for, group, group_leader
):
    event = _future_event(group, capacity=10, title="Tiny room")
    for _ in range(4):
        RsvpFactory(event=event)
    data = EventEditData.of(event, capacity="3", hosts="")
    response = client_for(group_leader).post(f"/events/{event.pk}/edit/", data)
    assert response.status_code == 200
    assert "4 people already have a seat" in " ".join(response.context["form"].errors["capacity"])
    event.refresh_from_db()
    assert event.capacity == 10


def test_series_occurrence_edit_needs_the_scope_choice(client_for, group, group_leader):
    now = timezone.now()
    series = EventSeriesFactory(group=group, starts_on=now.date(), venue="Room A")
    series_generate(series=series, now=now)
    first, second = Event.objects.filter(series=series).order_by("starts_at")[:2]
    url = f"/events/{first.pk}/edit/"
    data = EventEditData.of(first, venue="Room B", hosts="")
    # Without the choice: a clear message, nothing changes
    response = client_for(group_leader).post(url, data)
    assert "This field is required" in " ".join(response.context["form"].errors["scope"])
    assert set(Event.objects.filter(series=series).values_list("venue", flat=True)) == {"Room A"}
    # "This occurrence only"
    client_for(group_leader).post(url, {**data, "scope": "occurrence"})
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.venue, second.venue) == ("Room B", "Room A")
    # "The whole series"
    response = client_for(group_leader).post(url, {**data, "venue": "Room C", "scope": "series"})
    assert response.status_code == 302
    assert set(Event.objects.filter(series=series).values_list("venue", flat=True)) == {"Room C"}
    assert EventSeries.objects.get().venue == "Room C"


def test_host_edits_and_cannot_cancel(client_for, group, host, member):
    event = _future_event(group, title="Hosted")
    EventHostFactory(event=event, member=host)
    detail = client_for(host).get(event.get_absolute_url()).content.decode()
    assert "Edit the event" in detail
    assert "Cancel the event" not in detail
    response = client_for(host).post(
        f"/events/{event.pk}/edit/", EventEditData.of(event, title="Hosted, renamed")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Hosted, renamed"
    assert client_for(host).get(f"/events/{event.pk}/cancel/").status_code == 404
    # and a member sees no organizer links
    detail = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "Edit the event" not in detail


def test_group_page_links_new_event_only_for_organizers_and_managers(
    client_for, group, group_leader, co_organizer, manager, member
):
    url = f"/groups/{group.slug}/"
    for person, sees in [(group_leader, True), (co_organizer, True), (manager, True)]:
        assert ("New event" in client_for(person).get(url).content.decode()) is sees
    assert "New event" not in client_for(member).get(url).content.decode()
    assert "New event" not in client_for(None).get(url).content.decode()


def test_cancel_page_confirms_then_cancels_and_emails_attendees(
    client_for, group, co_organizer, member, other_member, django_capture_on_commit_callbacks
):
    event = _future_event(group, title="Doomed", capacity=1)
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    url = f"/events/{event.pk}/cancel/"
    page = client_for(co_organizer).get(url).content.decode()
    assert "1 person with a seat and 1 on the waitlist" in page
    # Without the confirmation tick: nothing happens
    response = client_for(co_organizer).post(url, {})
    assert "Tick the box" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert not mail.outbox
    # With it: cancelled, both told, audited
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(co_organizer).post(url, {"confirm": "on"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert AuditEntry.objects.get(action="event.cancel").actor == co_organizer
    # A cancelled event offers no edit and cannot be edited
    assert client_for(co_organizer).get(f"/events/{event.pk}/edit/").status_code == 302


def test_tier_event_keeps_its_minimum_tier(client_for, group, group_leader, host):
    tier = Tier.objects.order_by("level").last()
    client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/",
        _post_data(visibility="tier", min_tier=str(tier.pk), status="draft"),
    )
    event = Event.objects.get()
    assert (event.visibility, event.min_tier, event.status) == ("tier", tier, "draft")


def test_edit_page_query_count_does_not_grow_with_hosts_and_rsvps(
    client_for, group, group_leader, django_assert_max_num_queries
):
    def build(n: int):
        event = _future_event(group, capacity=None)
        for _ in range(n):
            EventHostFactory(event=event, member=MemberFactory())
            RsvpFactory(event=event)
        return event

    small, large = build(3), build(30)
    client = client_for(group_leader)
    client.get(f"/events/{small.pk}/edit/")  # warm the session and content-type caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(f"/events/{small.pk}/edit/").status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        page = client.get(f"/events/{large.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].initial["hosts"].count("\n") == 29


class EventEditData:
    """The edit form as the browser would send it back unchanged, with some fields changed."""

    @staticmethod
    def of(event: Event, **overrides) -> dict:
        zone = event.zone

        def wall(instant):
            return f"{timezone.localtime(instant, zone):%Y-%m-%dT%H:%M}" if instant else ""

        data = {
            "title": event.title,
            "description": event.description,
            "kind": event.kind,
            "level": event.level,
            "format": event.format,
            "time_zone": event.time_zone,
            "starts_at": wall(event.starts_at),
            "ends_at": wall(event.ends_at),
            "rsvp_deadline": wall(event.rsvp_deadline),
            "venue": event.venue,
            "online_url": event.online_url,
            "capacity": "" if event.capacity is None else str(event.capacity),
            "visibility": event.visibility,
            "min_tier": event.min_tier_id or "",
            "status": event.status,
            "hosts": "\n".join(event.hosts.values_list("member__email", flat=True)),
            "recording_url": event.recording_url,
            "transcript_url": event.transcript_url,
        }
        data.update(overrides)
        return data


def test_dst_gap_time_is_refused(client_for, group, group_leader, host):
    # 03:30 on 28 March 2027 does not exist in Kyiv (clocks go from 03:00 to 04:00)
    response = client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/",
        _post_data(starts_at="2027-03-28T03:30", ends_at="2027-03-28T05:00", rsvp_deadline=""),
    )
    assert "does not exist in Europe/Kyiv" in " ".join(response.context["form"].errors["starts_at"])
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # More seats than the column holds: was a ValidationError from full_clean(), a 500
        ({"capacity": "99999999999999999999"}, "capacity", "at most 100,000 seats"),
        ({"capacity": "3000000000"}, "capacity", "at most 100,000 seats"),
        # Year 1 cannot be moved to UTC (was an OverflowError, a 500)
        (
            {"starts_at": "0001-01-01T00:30", "ends_at": "0001-01-01T02:00", "rsvp_deadline": ""},
            "starts_at",
            "Enter a date and time",
        ),
        # Year 9999 was saved, and then the event's calendar file was a 500
        (
            {"starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T22:00", "rsvp_deadline": ""},
            "starts_at",
            "Enter a date and time",
        ),
        # A typo for 2026 and the like: too far ahead to be meant
        (
            {"starts_at": "2262-04-08T19:00", "ends_at": "2262-04-08T21:00", "rsvp_deadline": ""},
            "starts_at",
            "within the next five years",
        ),
    ],
    ids=["huge-capacity", "capacity-over-int32", "year-1", "year-9999", "far-ahead"],
)
def test_out_of_range_capacity_or_date_is_refused_with_a_message(
    client_for, group, group_leader, host, overrides, field, message
):
    response = client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/", _post_data(**overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_an_event_five_years_ahead_is_still_accepted(client_for, group, group_leader, host):
    start = timezone.localtime(timezone.now() + timedelta(days=4 * 366), KYIV)
    response = client_for(group_leader).post(
        f"/groups/{group.slug}/events/new/",
        _post_data(
            starts_at=f"{start:%Y-%m-%dT%H:%M}",
            ends_at=f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}",
            rsvp_deadline="",
            capacity="100000",
        ),
    )
    assert response.status_code == 302
    assert Event.objects.get().capacity == 100_000
