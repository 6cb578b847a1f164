"""RSVPs: seats, the first-come waitlist, promotion on cancel, declining, closing rules, and
the buttons of the event page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus, EventVisibility, Rsvp, RsvpStatus
from events.selectors.rsvps import rsvp_waitlist_position
from events.services.rsvps import rsvp_cancel, rsvp_create, rsvp_decline
from events.tests.factories import NOW, EventFactory
from hub.core.errors import DomainError, NotFound
from members.models import Tier
from members.tests.factories import MemberFactory, member_move_to_tier

pytestmark = pytest.mark.django_db


def _members(count):
    return [MemberFactory() for _ in range(count)]


def test_rsvps_fill_the_seats_then_queue_in_order():
    # Given a two-seat event
    event = EventFactory(capacity=2)
    people = _members(5)
    # When five members RSVP one after another
    results = [
        rsvp_create(event=event, member=person, now=NOW + timedelta(minutes=i))
        for i, person in enumerate(people)
    ]
    # Then the first two are going and the others wait at positions 1, 2, 3
    assert [r.status for r in results] == [
        "going",
        "going",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [r.position for r in results] == [None, None, 1, 2, 3]


def test_rsvp_again_changes_nothing():
    event = EventFactory(capacity=1)
    first, second = _members(2)
    rsvp_create(event=event, member=first, now=NOW)
    rsvp_create(event=event, member=second, now=NOW)
    # When both ask again
    again_first = rsvp_create(event=event, member=first, now=NOW + timedelta(hours=1))
    again_second = rsvp_create(event=event, member=second, now=NOW + timedelta(hours=1))
    # Then nothing changed and the waitlisted one still sees their place
    assert (again_first.created, again_first.status) == (False, "going")
    assert (again_second.created, again_second.status, again_second.position) == (
        False,
        "waitlisted",
        1,
    )
    assert Rsvp.objects.filter(event=event).count() == 2


def test_same_instant_waitlist_order_falls_back_to_id():
    event = EventFactory(capacity=1)
    people = _members(3)
    for person in people:
        rsvp_create(event=event, member=person, now=NOW)
    positions = [
        rsvp_waitlist_position(rsvp=Rsvp.objects.get(event=event, member=person))
        for person in people
    ]
    assert positions == [None, 1, 2]


def test_the_queue_follows_the_order_of_taking_the_lock_not_the_clock_read_before_it():
    # Given a full one-seat event and a member told they are first in line
    event = EventFactory(capacity=1)
    seated, first, second = _members(3)
    rsvp_create(event=event, member=seated, now=NOW)
    told_first = rsvp_create(event=event, member=first, now=NOW + timedelta(seconds=2))
    # When a request that read the clock earlier reaches the lock only now
    told_second = rsvp_create(event=event, member=second, now=NOW + timedelta(seconds=1))
    # Then it queues behind, and both hold the places they were told
    assert (told_first.position, told_second.position) == (1, 2)
    held = [
        rsvp_waitlist_position(rsvp=Rsvp.objects.get(event=event, member=person))
        for person in (first, second)
    ]
    assert held == [1, 2]


def test_cancel_promotes_the_first_waitlisted_and_emails_them(django_capture_on_commit_callbacks):
    # Given a full one-seat event with two people waiting
    event = EventFactory(capacity=1, title="Profiling night")
    seated, first_waiting, second_waiting = _members(3)
    rsvp_create(event=event, member=seated, now=NOW)
    rsvp_create(event=event, member=first_waiting, now=NOW + timedelta(minutes=1))
    rsvp_create(event=event, member=second_waiting, now=NOW + timedelta(minutes=2))
    mail.outbox.clear()
    # When the seated member cancels (the email leaves once the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_cancel(event=event, member=seated, now=NOW + timedelta(hours=1))
    # Then the first in line has the seat, the second moves up, and only the first is emailed
    promoted = Rsvp.objects.get(event=event, member=first_waiting)
    assert promoted.status == RsvpStatus.GOING
    assert promoted.promoted_at == NOW + timedelta(hours=1)
    waiting = Rsvp.objects.get(event=event, member=second_waiting)
    assert rsvp_waitlist_position(rsvp=waiting) == 1
    assert [m.to for m in mail.outbox] == [[first_waiting.email]]
    assert "A seat is yours: Profiling night" in mail.outbox[0].subject
    # and, being confirmed now, they get the online link
    assert event.online_url in mail.outbox[0].body


def test_promoted_member_can_decline_and_the_seat_moves_on():
    event = EventFactory(capacity=1)
    seated, first_waiting, second_waiting = _members(3)
    for minute, person in enumerate([seated, first_waiting, second_waiting]):
        rsvp_create(event=event, member=person, now=NOW + timedelta(minutes=minute))
    rsvp_cancel(event=event, member=seated, now=NOW + timedelta(hours=1))
    # When the promoted member declines
    rsvp_decline(event=event, member=first_waiting, now=NOW + timedelta(hours=2))
    # Then the seat goes to the next in line
    assert Rsvp.objects.get(member=first_waiting).status == RsvpStatus.DECLINED
    assert Rsvp.objects.get(member=second_waiting).status == RsvpStatus.GOING


def test_only_a_promoted_seat_can_be_declined():
    event = EventFactory(capacity=3)
    person = MemberFactory()
    rsvp_create(event=event, member=person, now=NOW)
    with pytest.raises(DomainError, match="Only a seat given to you from the waitlist"):
        rsvp_decline(event=event, member=person, now=NOW)


def test_leaving_the_waitlist_does_not_promote_anyone():
    event = EventFactory(capacity=1)
    seated, waiting, behind = _members(3)
    for minute, person in enumerate([seated, waiting, behind]):
        rsvp_create(event=event, member=person, now=NOW + timedelta(minutes=minute))
    rsvp_cancel(event=event, member=waiting, now=NOW + timedelta(hours=1))
    assert Rsvp.objects.get(member=waiting).status == RsvpStatus.CANCELLED
    assert Rsvp.objects.get(member=seated).status == RsvpStatus.GOING
    assert rsvp_waitlist_position(rsvp=Rsvp.objects.get(member=behind)) == 1


def test_rsvp_after_cancel_queues_again_at_the_end():
    event = EventFactory(capacity=1)
    seated, waiting = _members(2)
    rsvp_create(event=event, member=seated, now=NOW)
    rsvp_create(event=event, member=waiting, now=NOW + timedelta(minutes=1))
    rsvp_cancel(event=event, member=seated, now=NOW + timedelta(minutes=2))
    again = rsvp_create(event=event, member=seated, now=NOW + timedelta(minutes=3))
    assert (again.created, again.status, again.position) == (True, "waitlisted", 1)


def test_unlimited_capacity_never_waitlists():
    event = EventFactory(capacity=None)
    results = [rsvp_create(event=event, member=p, now=NOW) for p in _members(4)]
    assert {r.status for r in results} == {"going"}


def test_cancelling_without_an_rsvp_is_not_found():
    event = EventFactory()
    with pytest.raises(NotFound):
        rsvp_cancel(event=event, member=MemberFactory(), now=NOW)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": NOW - timedelta(minutes=5)}, "the event has already started"),
        ({"rsvp_deadline": NOW - timedelta(hours=1)}, "RSVPs closed at the deadline"),
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled."),
    ],
)
def test_closed_events_refuse_rsvps_with_the_reason(changes, message):
    event = EventFactory(**changes)
    person = MemberFactory()
    with pytest.raises(DomainError, match=message):
        rsvp_create(event=event, member=person, now=NOW)
    assert not Rsvp.objects.filter(event=event).exists()


def test_tier_restricted_event_refuses_lower_tiers_with_the_reason():
    core = Tier.objects.get(level=2)
    event = EventFactory(visibility=EventVisibility.TIER, min_tier=core)
    beginner, advanced = _members(2)
    member_move_to_tier(advanced, 2)
    with pytest.raises(DomainError) as refused:
        rsvp_create(event=event, member=beginner, now=NOW)
    assert refused.value.message == (
        f"This event is for {core.name} and higher tiers; you are in Contributors."
    )
    assert rsvp_create(event=event, member=advanced, now=NOW).status == "going"


def test_draft_event_is_not_found_for_members():
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(NotFound):
        rsvp_create(event=event, member=MemberFactory(), now=NOW)


def test_cancel_after_start_is_refused():
    event = EventFactory(capacity=1)
    person = MemberFactory()
    rsvp_create(event=event, member=person, now=NOW)
    with pytest.raises(DomainError, match="already started"):
        rsvp_cancel(event=event, member=person, now=event.starts_at + timedelta(minutes=1))


def _future_event(**kwargs):
    start = timezone.now() + timedelta(days=2)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


def test_rsvp_button_gives_a_seat_then_the_waitlist_with_position(client_for):
    event = _future_event(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    response = client_for(first).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "You have a seat" in response.content.decode()
    response = client_for(second).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    body = response.content.decode()
    assert "on the waitlist at position 1" in body
    assert "You are on the waitlist, position 1" in body


def test_cancel_button_frees_the_seat_for_the_waitlist(client_for):
    event = _future_event(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    client_for(first).post(reverse("events:event_rsvp", args=[event.pk]))
    client_for(second).post(reverse("events:event_rsvp", args=[event.pk]))
    response = client_for(first).post(
        reverse("events:event_rsvp_cancel", args=[event.pk]), follow=True
    )
    assert "Your RSVP is cancelled; your seat went to the next person waiting." in (
        response.content.decode()
    )
    assert Rsvp.objects.get(event=event, member=second).status == RsvpStatus.GOING
    page = client_for(second).get(event.get_absolute_url()).content.decode()
    assert "You are going." in page
    assert "Decline the seat" in page


def test_cancel_with_nobody_waiting_does_not_say_the_seat_went_to_someone(client_for, member):
    # Given a member with a seat at an event that nobody is waiting for
    event = _future_event(capacity=10)
    client_for(member).post(reverse("events:event_rsvp", args=[event.pk]))
    # When they cancel
    response = client_for(member).post(
        reverse("events:event_rsvp_cancel", args=[event.pk]), follow=True
    )
    # Then they are told the seat is free, not that it went to a person waiting
    body = response.content.decode()
    assert "Your RSVP is cancelled; your seat is free for someone else." in body
    assert "next person waiting" not in body


def test_rsvp_to_a_started_event_says_why_and_changes_nothing(client_for, member):
    start = timezone.now() - timedelta(minutes=10)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    response = client_for(member).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "RSVPs are closed: the event has already started." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_tier_event_page_explains_why_a_lower_tier_cannot_rsvp(client_for, member):
    from members.models import Tier

    event = _future_event(visibility=EventVisibility.TIER, min_tier=Tier.objects.get(level=3))
    page = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "This event is for Core Team and higher tiers; you are in Contributors." in page
    response = client_for(member).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "you are in Contributors" in response.content.decode()
    assert not Rsvp.objects.exists()
