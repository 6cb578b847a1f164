"""Event and group pages: what each person sees and what the buttons do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus, EventVisibility, GroupMembership, Rsvp, RsvpStatus
from events.tests.factories import EventFactory, RsvpFactory, UserGroupFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/secret-room"


def _future(**kwargs):
    start = timezone.now() + timedelta(days=2)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **kwargs)


def test_online_link_only_for_confirmed_attendees_and_hosts_on_the_page(
    client_for, member, other_member, manager, host
):
    # Given an event where `member` is going and `other_member` is on the waitlist
    event = _future(capacity=1, online_url=SECRET)
    event.hosts.create(member=host)
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    url = event.get_absolute_url()
    # Then only the going member, the host and a manager see the link
    assert SECRET in client_for(member).get(url).content.decode()
    assert SECRET in client_for(host).get(url).content.decode()
    assert SECRET in client_for(manager).get(url).content.decode()
    for viewer in (None, other_member, MemberFactory()):
        page = client_for(viewer).get(url)
        assert page.status_code == 200
        assert SECRET not in page.content.decode()


def test_rsvp_button_gives_a_seat_then_the_waitlist_with_position(client_for):
    event = _future(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    response = client_for(first).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "You have a seat" in response.content.decode()
    response = client_for(second).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    body = response.content.decode()
    assert "on the waitlist at position 1" in body
    assert "You are on the waitlist, position 1" in body


def test_cancel_button_frees_the_seat_for_the_waitlist(client_for):
    event = _future(capacity=1)
    first, second = MemberFactory(), MemberFactory()
    client_for(first).post(reverse("events:event_rsvp", args=[event.pk]))
    client_for(second).post(reverse("events:event_rsvp", args=[event.pk]))
    response = client_for(first).post(
        reverse("events:event_rsvp_cancel", args=[event.pk]), follow=True
    )
    assert "Your RSVP is cancelled" in response.content.decode()
    assert Rsvp.objects.get(event=event, member=second).status == RsvpStatus.GOING
    page = client_for(second).get(event.get_absolute_url()).content.decode()
    assert "You are going." in page
    assert "Decline the seat" in page


def test_rsvp_to_a_started_event_says_why_and_changes_nothing(client_for, member):
    start = timezone.now() - timedelta(minutes=10)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    response = client_for(member).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "RSVPs are closed: the event has already started." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_tier_event_page_explains_why_a_lower_tier_cannot_rsvp(client_for, member):
    from members.models import Tier

    event = _future(visibility=EventVisibility.TIER, min_tier=Tier.objects.get(level=3))
    page = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "This event is for Core Team and higher tiers; you are in Contributors." in page
    response = client_for(member).post(reverse("events:event_rsvp", args=[event.pk]), follow=True)
    assert "you are in Contributors" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_members_only_and_draft_events_are_hidden(client_for, member):
    members_only = _future(visibility=EventVisibility.MEMBERS, title="Members night")
    draft = _future(status=EventStatus.DRAFT, title="Secret draft")
    assert client_for(None).get(members_only.get_absolute_url()).status_code == 404
    assert client_for(member).get(members_only.get_absolute_url()).status_code == 200
    assert client_for(member).get(draft.get_absolute_url()).status_code == 404
    listing = client_for(None).get(reverse("events:event_list")).content.decode()
    assert "Members night" not in listing
    assert "Secret draft" not in listing


def test_event_list_filters_and_shows_my_rsvp(client_for, member):
    workshop = _future(kind="workshop", level="advanced", title="Advanced profiling")
    _future(kind="meetup", title="Monthly meetup")
    RsvpFactory(event=workshop, member=member)
    page = client_for(member).get(reverse("events:event_list"), {"kind": "workshop"})
    body = page.content.decode()
    assert "Advanced profiling" in body
    assert "Monthly meetup" not in body
    assert "<strong>Your RSVP:</strong> going" in body


def test_event_list_past_and_bad_filter_values(client_for):
    start = timezone.now() - timedelta(days=3)
    EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), title="Last week")
    body = client_for(None).get(reverse("events:event_list"), {"when": "past"}).content.decode()
    assert "Last week" in body
    response = client_for(None).get(reverse("events:event_list"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_group_join_and_leave(client_for, member):
    group = UserGroupFactory(name="Data folks", slug="data-folks")
    client = client_for(member)
    response = client.post(reverse("events:group_join", args=["data-folks"]), follow=True)
    assert "Welcome to Data folks!" in response.content.decode()
    assert GroupMembership.objects.filter(group=group, member=member, left_at=None).exists()
    response = client.post(reverse("events:group_leave", args=["data-folks"]), follow=True)
    assert "You left Data folks." in response.content.decode()
    assert not GroupMembership.objects.filter(group=group, member=member, left_at=None).exists()
    # Leaving twice says so and changes nothing
    response = client.post(reverse("events:group_leave", args=["data-folks"]), follow=True)
    assert "You are not a member of this group." in response.content.decode()


def test_group_list_filters_by_type_and_region(client_for):
    UserGroupFactory(name="Kyiv Local", type="local", region="Kyiv")
    UserGroupFactory(name="Remote ML", type="virtual", region="")
    body = client_for(None).get(reverse("events:group_list"), {"type": "virtual"}).content
    assert b"Remote ML" in body
    assert b"Kyiv Local" not in body
    body = client_for(None).get(reverse("events:group_list"), {"region": "Kyiv"}).content
    assert b"Kyiv Local" in body
    assert b"Remote ML" not in body


def test_dashboard_lists_upcoming_rsvps(client_for, member):
    event = _future(title="Rust deep dive")
    RsvpFactory(event=event, member=member)
    body = client_for(member).get(reverse("members:dashboard")).content.decode()
    assert "Rust deep dive" in body


def test_home_page_shows_upcoming_public_events(client_for):
    _future(title="Open meetup")
    _future(title="Members only", visibility=EventVisibility.MEMBERS)
    body = client_for(None).get(reverse("home")).content.decode()
    assert "Open meetup" in body
    assert "Members only" not in body
