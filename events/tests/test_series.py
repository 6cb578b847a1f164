"""Recurring series: RRULE occurrences in local time across DST, idempotent generation,
editing one occurrence or the whole series, cancelling with emails."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events.models import Event, EventStatus, RsvpStatus
from events.services.organizers import event_cancel, event_update
from events.services.series import (
    rrule_validate,
    series_generate,
    series_occurrence_starts,
)
from events.tests.factories import EventSeriesFactory, RsvpFactory

pytestmark = pytest.mark.django_db

# Kyiv moves to summer time (UTC+3) on the last Sunday of March 2026: 29 March.
WINTER_NOW = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)


def test_first_wednesday_at_19_kyiv_stays_19_across_the_dst_change():
    series = EventSeriesFactory(local_start_time=time(19, 0), time_zone="Europe/Kyiv")
    starts = series_occurrence_starts(
        series=series,
        window_start=WINTER_NOW,
        window_end=WINTER_NOW + timedelta(days=92),
    )
    # The first Wednesdays of March, April and May 2026
    assert [s.date() for s in starts] == [date(2026, 3, 4), date(2026, 4, 1), date(2026, 5, 6)]
    assert {s.hour for s in starts} == {19}
    # 19:00 Kyiv is 17:00 UTC in winter and 16:00 UTC in summer
    assert [s.astimezone(UTC).hour for s in starts] == [17, 16, 16]


def test_generation_keeps_three_months_and_is_idempotent():
    series = EventSeriesFactory(capacity=30)
    assert series_generate(series=series, now=WINTER_NOW) == 3
    assert series_generate(series=series, now=WINTER_NOW) == 0
    events = list(Event.objects.filter(series=series).order_by("starts_at"))
    assert [e.starts_at.astimezone(UTC).hour for e in events] == [17, 16, 16]
    assert {e.capacity for e in events} == {30}
    assert events[0].ends_at - events[0].starts_at == timedelta(minutes=90)
    # A month later the job adds only the new month
    assert series_generate(series=series, now=WINTER_NOW + timedelta(days=31)) == 1


def test_cancelled_occurrence_is_not_regenerated_and_attendees_are_told(
    django_capture_on_commit_callbacks, member, other_member
):
    series = EventSeriesFactory()
    series_generate(series=series, now=WINTER_NOW)
    first = Event.objects.filter(series=series).order_by("starts_at").first()
    RsvpFactory(event=first, member=member)
    RsvpFactory(event=first, member=other_member, status=RsvpStatus.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=first, actor=None, now=WINTER_NOW)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert all(m.subject.startswith("Cancelled: ") for m in mail.outbox)
    # The cancellation email never carries the online link
    assert all(first.online_url not in m.body for m in mail.outbox)
    assert series_generate(series=series, now=WINTER_NOW) == 0
    first.refresh_from_db()
    assert first.status == EventStatus.CANCELLED


def test_editing_one_occurrence_leaves_the_others():
    series = EventSeriesFactory(venue="Room A")
    series_generate(series=series, now=WINTER_NOW)
    first, second, _third = Event.objects.filter(series=series).order_by("starts_at")
    event_update(
        event=second, changes={"venue": "Room B"}, scope="occurrence", actor=None, now=WINTER_NOW
    )
    assert [e.venue for e in Event.objects.filter(series=series).order_by("starts_at")] == [
        "Room A",
        "Room B",
        "Room A",
    ]
    # and a later series-wide edit skips the occurrence edited on its own
    event_update(
        event=first, changes={"venue": "Room C"}, scope="series", actor=None, now=WINTER_NOW
    )
    assert [e.venue for e in Event.objects.filter(series=series).order_by("starts_at")] == [
        "Room C",
        "Room B",
        "Room C",
    ]
    series.refresh_from_db()
    assert series.venue == "Room C"


def test_series_edit_moves_future_start_times_in_local_time():
    series = EventSeriesFactory()
    series_generate(series=series, now=WINTER_NOW)
    first = Event.objects.filter(series=series).order_by("starts_at").first()
    event_update(
        event=first,
        changes={"local_start_time": time(18, 30)},
        scope="series",
        actor=None,
        now=WINTER_NOW,
    )
    events = Event.objects.filter(series=series).order_by("starts_at")
    assert [(e.starts_at.astimezone(UTC).hour, e.starts_at.minute) for e in events] == [
        (16, 30),
        (15, 30),
        (15, 30),
    ]


def test_capacity_increase_promotes_the_waitlist(member, other_member):
    series = EventSeriesFactory(capacity=1)
    series_generate(series=series, now=WINTER_NOW)
    event = Event.objects.filter(series=series).order_by("starts_at").first()
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    event_update(
        event=event, changes={"capacity": 2}, scope="occurrence", actor=None, now=WINTER_NOW
    )
    assert event.rsvps.get(member=other_member).status == RsvpStatus.GOING


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "DTSTART:20260101\nRRULE:FREQ=DAILY", ""])
def test_bad_rules_are_refused_with_a_message(rule):
    with pytest.raises(ValidationError):
        rrule_validate(rrule=rule or "BYDAY=XX")


@pytest.mark.parametrize("scope", ["occurrence", "series"])
def test_no_edit_path_can_lower_capacity_below_the_seats_taken(scope):
    # Given an occurrence of a series with 3 people going (the admin edits through this too)
    from hub.core.errors import DomainError

    now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    series = EventSeriesFactory(starts_on=date(2026, 2, 1), capacity=10)
    series_generate(series=series, now=now)
    event = Event.objects.filter(series=series).order_by("starts_at").first()
    for _ in range(3):
        RsvpFactory(event=event)
    # When someone makes it a 2-seat event, for the occurrence or the whole series
    with pytest.raises(DomainError, match="3 people already have a seat"):
        event_update(event=event, changes={"capacity": 2}, scope=scope, actor=None, now=now)
    # then nothing changed and nobody lost a seat
    event.refresh_from_db()
    series.refresh_from_db()
    assert (event.capacity, series.capacity) == (10, 10)
    assert event.rsvps.filter(status=RsvpStatus.GOING).count() == 3
