"""A member's own data in the events app: what leaving the community does to their seats,
waitlist places, groups, organizer roles, hosting and calendar feed, and their sections of
"Your data"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from events.models import (
    CalendarFeed,
    EventHost,
    EventSeries,
    GroupMembership,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.selectors import account as export
from events.services.calendars import calendar_feed_get_or_create
from events.services.rsvps import rsvp_create
from events.tests.factories import (
    NOW,
    EventFactory,
    EventHostFactory,
    EventSeriesFactory,
    GroupMembershipFactory,
    RsvpFactory,
    UserGroupFactory,
)
from hub.core.audit import audit_sentence
from hub.core.models import AuditEntry
from members.selectors.account import member_export
from members.services.account import member_leave
from members.tests.factories import ManagerFactory, MemberFactory

pytestmark = pytest.mark.django_db

PAST = NOW - timedelta(days=20)


def _past_event(**kwargs):
    return EventFactory(starts_at=PAST, ends_at=PAST + timedelta(hours=2), **kwargs)


def _leave(member, capture):
    with capture(execute=True):
        member_leave(member=member, now=NOW)
    member.refresh_from_db()


def test_leaving_gives_the_seat_to_the_first_waiting_who_is_emailed(
    member, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"
    # Given a full one-seat event: the leaver has the seat, two people wait in line
    event = EventFactory(capacity=1, title="Rust night")
    first, second = MemberFactory(name="Fay First"), MemberFactory(name="Sam Second")
    for person, minutes in ((member, 0), (first, 1), (second, 2)):
        rsvp_create(event=event, member=person, now=NOW - timedelta(hours=5, minutes=-minutes))
    # When the seat holder leaves the community
    _leave(member, django_capture_on_commit_callbacks)
    # Then their seat went to the first in line, in the same transaction, who got an email
    statuses = dict(Rsvp.objects.filter(event=event).values_list("member_id", "status"))
    assert statuses == {
        member.pk: RsvpStatus.CANCELLED,
        first.pk: RsvpStatus.GOING,
        second.pk: RsvpStatus.WAITLISTED,
    }
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert mail.outbox[0].subject == "A seat is yours: Rust night"
    assert f"https://hub.example.org/events/{event.pk}/" in mail.outbox[0].body


def test_leaving_removes_waitlist_places_and_keeps_past_rsvps_and_checkins(
    member, other_member, django_capture_on_commit_callbacks
):
    # Given a waitlist place at a full future event, and a past event they checked in to
    full = EventFactory(capacity=1)
    RsvpFactory(event=full, member=other_member)
    RsvpFactory(event=full, member=member, status=RsvpStatus.WAITLISTED)
    past = _past_event()
    RsvpFactory(event=past, member=member, checked_in_at=PAST + timedelta(minutes=5))
    RsvpFactory(event=past, member=MemberFactory())  # a no-show, for the past figures
    # When they leave
    _leave(member, django_capture_on_commit_callbacks)
    # Then the waitlist place is gone (nobody is promoted: the seat was not theirs) ...
    assert Rsvp.objects.get(event=full, member=member).status == RsvpStatus.CANCELLED
    assert Rsvp.objects.get(event=full, member=other_member).status == RsvpStatus.GOING
    assert mail.outbox == []
    # ... and the past event still counts them: going, checked in
    assert past.rsvps.filter(status=RsvpStatus.GOING).count() == 2
    assert past.rsvps.filter(checked_in_at__isnull=False).get().member_id == member.pk


def test_leaving_closes_open_group_memberships_at_the_leaving_instant(
    member, django_capture_on_commit_callbacks
):
    group = UserGroupFactory()
    old = GroupMembershipFactory(
        group=group, member=member, joined_at=NOW - timedelta(days=300), left_at=PAST
    )
    GroupMembershipFactory(group=group, member=member, joined_at=PAST + timedelta(days=1))
    _leave(member, django_capture_on_commit_callbacks)
    rows = list(GroupMembership.objects.filter(member=member).order_by("joined_at"))
    assert [row.left_at for row in rows] == [PAST, NOW]
    assert rows[0].pk == old.pk


def test_a_leader_leaving_leaves_the_group_flagged_without_a_leader_and_managers_told(
    client_for, django_capture_on_commit_callbacks, settings
):
    # Given a group led by Lena, with one co-organizer, and a manager
    settings.SITE_URL = "https://hub.example.org"
    lena, cory = MemberFactory(name="Lena Leader"), MemberFactory(name="Cory Coorg")
    manager = ManagerFactory(email="boss@example.com")
    group = UserGroupFactory(name="Kyiv Python", slug="kyiv-python", leader=lena)
    group.co_organizers.set([cory])
    # When Lena leaves the community
    _leave(lena, django_capture_on_commit_callbacks)
    # Then the group stays, without a leader, and says so on its page and in the API
    group.refresh_from_db()
    assert group.leader is None
    assert list(group.co_organizers.all()) == [cory]
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "No leader at the moment" in page
    assert "Lena" not in page
    assert client_for(None).get("/api/v1/groups/kyiv-python/").json()["leader"] is None
    # ... an audit entry about Lena reads without her name
    entry = AuditEntry.objects.get(action="group.leader_left")
    assert entry.subject_id == lena.pk
    assert audit_sentence(entry) == (
        "Former member left the community, so Kyiv Python has no leader until a manager chooses one"
    )
    # ... and the managers got one email with absolute links to the group and its admin page
    [email] = mail.outbox
    assert email.to == [manager.email]
    assert email.subject == "[Hub] Kyiv Python has no leader"
    assert "https://hub.example.org/groups/kyiv-python/" in email.body
    assert f"https://hub.example.org/admin/events/usergroup/{group.pk}/change/" in email.body
    assert "Lena" not in email.body
    # ... and the managers' health list flags it
    health = client_for(manager).get(reverse("events:group_health")).content.decode()
    assert "<strong>No leader</strong>" in health


def test_a_co_organizer_leaving_is_taken_off_and_managers_told(
    group, co_organizer, group_leader, django_capture_on_commit_callbacks
):
    ManagerFactory()
    _leave(co_organizer, django_capture_on_commit_callbacks)
    group.refresh_from_db()
    assert group.leader == group_leader
    assert not group.co_organizers.exists()
    assert AuditEntry.objects.filter(
        action="group.co_organizer_left", subject=co_organizer
    ).exists()
    [email] = mail.outbox
    assert email.subject == "[Hub] Kyiv Python lost a co-organizer"
    assert "has 0 co-organizers now" in email.body


def test_leaving_ends_future_hosting_and_keeps_past_hosting(
    member, django_capture_on_commit_callbacks
):
    future, past = EventFactory(), _past_event()
    EventHostFactory(event=future, member=member)
    EventHostFactory(event=past, member=member)
    series = EventSeriesFactory()
    series.hosts.set([member])
    _leave(member, django_capture_on_commit_callbacks)
    assert list(EventHost.objects.filter(member=member).values_list("event_id", flat=True)) == [
        past.pk
    ]
    assert not EventSeries.objects.get(pk=series.pk).hosts.exists()
    assert AuditEntry.objects.filter(action="event.host_left", subject=member).count() == 1


def test_leaving_deletes_the_calendar_feed_so_its_address_stops_working(
    client_for, member, django_capture_on_commit_callbacks
):
    feed = calendar_feed_get_or_create(member=member, now=NOW)
    url = reverse("events:member_feed", kwargs={"token": feed.token})
    assert client_for(None).get(url).status_code == 200
    _leave(member, django_capture_on_commit_callbacks)
    assert not CalendarFeed.objects.filter(member=member).exists()
    assert client_for(None).get(url).status_code == 404


def test_leaving_with_nothing_in_the_events_app_changes_nothing_here(
    member, django_capture_on_commit_callbacks
):
    _leave(member, django_capture_on_commit_callbacks)
    assert member.left_at == NOW
    assert not AuditEntry.objects.filter(action__startswith="group.").exists()
    assert UserGroup.objects.count() == 0


# --- "Your data" ------------------------------------------------------------------------------


def test_the_export_holds_rsvps_checkins_groups_feed_and_hosting(member, other_member):
    # Given a member waiting second in line, checked in at a past event, in two groups (one
    # as co-organizer, one left), with a calendar feed and a talk to give
    full = EventFactory(capacity=1, title="Full house")
    RsvpFactory(event=full, member=other_member)
    RsvpFactory(event=full, member=MemberFactory(), status=RsvpStatus.WAITLISTED)
    RsvpFactory(
        event=full,
        member=member,
        status=RsvpStatus.WAITLISTED,
        queued_at=NOW - timedelta(minutes=1),
    )
    past = _past_event(title="Last month")
    RsvpFactory(event=past, member=member, checked_in_at=PAST, walk_in=True)
    helping = UserGroupFactory(name="Helping", co_organizers=[member])
    GroupMembershipFactory(group=helping, member=member)
    GroupMembershipFactory(
        group=UserGroupFactory(name="Left"), member=member, left_at=NOW - timedelta(days=1)
    )
    calendar_feed_get_or_create(member=member, now=PAST)
    EventHostFactory(event=full, member=member, role=EventHost.Role.SPEAKER)
    # When they export their data
    data = member_export(member=member, now=NOW)
    # Then each events section says what the hub holds about them, and nothing about others
    rsvps = {row["event"]: row for row in data["event_rsvps"]}
    assert rsvps["Full house"]["status"] == "waitlisted"
    assert rsvps["Full house"]["waitlist_position"] == 2
    assert rsvps["Last month"]["checked_in_at"] == PAST
    assert rsvps["Last month"]["waitlist_position"] is None
    assert data["event_checkins"] == [
        {"event_id": past.pk, "event": "Last month", "checked_in_at": PAST, "walk_in": True}
    ]
    assert {(row["group"], row["role"]) for row in data["groups"]} == {
        ("Helping", "co-organizer"),
        ("Left", "member"),
    }
    assert data["calendar_feed"] == {"exists": True, "address_made_at": PAST}
    assert [(row["event"], row["role"]) for row in data["hosted_events"]] == [
        ("Full house", "speaker")
    ]
    assert other_member.email not in str(data)


def test_the_export_costs_the_same_queries_for_3_or_30_rsvps(member, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(count):
        for _ in range(count):
            event = EventFactory()
            RsvpFactory(event=event, member=member, checked_in_at=PAST)
            EventHostFactory(event=event, member=member)
            GroupMembershipFactory(member=member)

    sections = [
        export.export_rsvps,
        export.export_checkins,
        export.export_groups,
        export.export_calendar_feed,
        export.export_hosted_events,
    ]
    rows(3)
    with CaptureQueriesContext(connection) as few:
        for section in sections:
            section(member)
    rows(27)
    with django_assert_max_num_queries(len(few)):
        assert len(export.export_rsvps(member)) == 30
        for section in sections[1:]:
            section(member)
