"""Event pages: who sees which event and its online link, the list and its filters, the
dashboard panel and the home page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus, EventVisibility, RsvpStatus
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


def test_members_only_and_draft_events_are_hidden(client_for, member):
    members_only = _future(visibility=EventVisibility.MEMBERS, title="Members night")
    draft = _future(status=EventStatus.DRAFT, title="Secret draft")
    # A visitor is asked to log in for a members-only event (the test below), never shown it
    assert client_for(None).get(members_only.get_absolute_url()).status_code == 302
    assert client_for(None).get(draft.get_absolute_url()).status_code == 404
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


def test_a_visitor_with_a_link_to_a_members_only_event_is_asked_to_log_in_and_sent_back(client):
    event = EventFactory(visibility=EventVisibility.MEMBERS)
    response = client.get(f"/events/{event.pk}/", follow=True)
    assert response.redirect_chain[0][0] == f"/accounts/login/?next=/events/{event.pk}/"
    assert "This event is for members of the community: log in to see it." in (
        response.content.decode()
    )


def test_past_events_say_what_the_member_did_not_their_rsvp(client_for, member):
    # Given two past events: one the member was checked in at, one where they had a seat only
    start = timezone.now() - timedelta(days=3)
    group = UserGroupFactory()
    attended = EventFactory(
        group=group, starts_at=start, ends_at=start + timedelta(hours=1), title="Came"
    )
    missed = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), title="Missed")
    RsvpFactory(event=attended, member=member, checked_in_at=start + timedelta(minutes=5))
    RsvpFactory(event=missed, member=member)
    # When the member looks at past events
    body = client_for(member).get(reverse("events:event_list"), {"when": "past"}).content
    body = body.decode()
    # Then each says what happened, not "Your RSVP: going"
    assert "You attended." in body
    assert "You had a seat." in body
    assert "Your RSVP:" not in body
    # and the same on the group's page, whose upcoming events still show the RSVP
    group_page = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "You attended." in group_page
