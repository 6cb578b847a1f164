"""The member's "My events" page, a past event's attendance, and the venue's label."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.forms.organizers import EventForm
from events.models import EventStatus, RsvpStatus
from events.tests.factories import EventFactory, RsvpFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _upcoming_event(**fields):
    start = timezone.now() + timedelta(days=3)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def _past_event(**fields):
    start = timezone.now() - timedelta(days=3)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def test_my_events_says_what_became_of_each_rsvp(client_for, member, other_member):
    # given a member with an upcoming seat, a waitlist place, a past event attended, a no-show,
    # a cancelled RSVP, and another member's RSVP
    now = timezone.now()
    RsvpFactory(member=member, event=_upcoming_event(title="Upcoming talk"))
    RsvpFactory(
        member=member, event=_upcoming_event(title="Full clinic"), status=RsvpStatus.WAITLISTED
    )
    RsvpFactory(member=member, event=_past_event(title="Went there"), checked_in_at=now)
    RsvpFactory(member=member, event=_past_event(title="Skipped it"))
    RsvpFactory(member=member, event=_past_event(title="Changed my mind"), status="cancelled")
    RsvpFactory(member=other_member, event=_upcoming_event(title="Not mine"))

    # when they open My events
    page = client_for(member).get(reverse("events:my_events")).content.decode()

    # then each RSVP shows with its outcome, and only theirs
    for title, outcome in [
        ("Upcoming talk", "Going"),
        ("Full clinic", "Waitlisted"),
        ("Went there", "Attended"),
        ("Skipped it", "No-show"),
        ("Changed my mind", "Cancelled"),
    ]:
        assert title in page
        assert outcome in page
    assert "Not mine" not in page
    assert page.index("Upcoming talk") < page.index("Went there")


def test_my_events_without_any_says_how_to_start(client_for, member):
    page = client_for(member).get(reverse("events:my_events")).content.decode()
    assert "Nothing coming up" in page
    assert "No past events yet" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_my_events_runs_a_flat_number_of_queries(
    client_for, member, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        RsvpFactory(member=member, event=_upcoming_event())
        RsvpFactory(member=member, event=_past_event(), checked_in_at=timezone.now())
    client = client_for(member)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:my_events")).status_code == 200


def test_a_past_event_says_how_many_attended(client_for, member, other_member):
    event = _past_event(capacity=10)
    RsvpFactory(event=event, member=member, checked_in_at=timezone.now())
    RsvpFactory(event=event, member=other_member)
    page = client_for(MemberFactory()).get(event.get_absolute_url()).content.decode()
    assert "1 person attended, of 2 with a seat." in page
    assert "RSVPs are closed" not in page


def test_a_cancelled_past_event_does_not_claim_attendance(client_for, member):
    event = _past_event(status=EventStatus.CANCELLED)
    page = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "attended" not in page


def test_the_venue_label_says_when_it_is_needed_instead_of_optional():
    form = EventForm(now=timezone.now())
    assert form.fields["venue"].required_when == "for in-person and hybrid events"
