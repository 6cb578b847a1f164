"""Check-in at the door: idempotent, walk-ins, attendance and hosting in the ledger, no-shows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.models import EventStatus, Rsvp, RsvpStatus
from events.selectors.events import event_no_show_count
from events.services.checkins import checkin_record
from events.tests.factories import NOW, EventFactory, EventHostFactory, RsvpFactory
from hub.core.errors import DomainError
from members.models import Activity
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def started_event(host):
    event = EventFactory(capacity=2, starts_at=NOW - timedelta(minutes=15))
    EventHostFactory(event=event, member=host)
    return event


def test_checking_in_twice_is_a_no_op(started_event, member, host):
    RsvpFactory(event=started_event, member=member)
    first = checkin_record(event=started_event, member=member, actor=host, now=NOW)
    second = checkin_record(
        event=started_event, member=member, actor=host, now=NOW + timedelta(minutes=5)
    )
    assert (first.created, second.created) == (True, False)
    assert Rsvp.objects.get(member=member).checked_in_at == NOW
    attendance = Activity.objects.filter(member=member, kind="event_attendance")
    assert attendance.count() == 1
    assert attendance.get().external_id == f"checkin-{started_event.pk}-{member.pk}"
    assert attendance.get().source == "event"


def test_first_checkin_credits_the_hosts_once(started_event, member, other_member, host):
    RsvpFactory(event=started_event, member=member)
    RsvpFactory(event=started_event, member=other_member)
    checkin_record(event=started_event, member=member, actor=host, now=NOW)
    checkin_record(event=started_event, member=other_member, actor=host, now=NOW)
    hosting = Activity.objects.filter(member=host, kind="event_hosting")
    assert list(hosting.values_list("external_id", flat=True)) == [
        f"hosting-{started_event.pk}-{host.pk}"
    ]


def test_walk_in_member_gets_a_going_rsvp_even_when_full(started_event, host):
    RsvpFactory(event=started_event, member=MemberFactory())
    RsvpFactory(event=started_event, member=MemberFactory())
    walk_in = MemberFactory()
    result = checkin_record(event=started_event, member=walk_in, actor=host, now=NOW)
    assert result.rsvp.status == RsvpStatus.GOING
    assert result.rsvp.walk_in
    assert Rsvp.objects.filter(event=started_event, status=RsvpStatus.GOING).count() == 3


def test_checkin_refused_long_before_and_on_cancelled_events(host, member):
    early = EventFactory(starts_at=NOW + timedelta(days=3))
    with pytest.raises(DomainError, match="Check-in opens two hours before"):
        checkin_record(event=early, member=member, actor=host, now=NOW)
    cancelled = EventFactory(starts_at=NOW, status=EventStatus.CANCELLED)
    with pytest.raises(DomainError, match="Only a published event"):
        checkin_record(event=cancelled, member=member, actor=host, now=NOW)
    assert not Activity.objects.filter(kind="event_attendance").exists()


def test_no_shows_are_going_but_not_checked_in_after_the_end(started_event, host):
    came, stayed_home = MemberFactory(), MemberFactory()
    RsvpFactory(event=started_event, member=came)
    RsvpFactory(event=started_event, member=stayed_home)
    checkin_record(event=started_event, member=came, actor=host, now=NOW)
    assert event_no_show_count(event=started_event, now=NOW) is None  # not over yet
    assert event_no_show_count(event=started_event, now=started_event.ends_at) == 1


def test_checkin_page_search_and_post(client_for, host, member, settings):
    from django.utils import timezone

    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    EventHostFactory(event=event, member=host)
    client = client_for(host)
    url = reverse("events:event_checkin", args=[event.pk])
    page = client.get(url, {"q": "Mia"}).content.decode()
    assert "Mia Member" in page
    assert "(walk-in)" in page
    response = client.post(url, {"member": member.pk, "q": "Mia"}, follow=True)
    assert "Mia Member checked in as a walk-in." in response.content.decode()
    response = client.post(url, {"member": member.pk}, follow=True)
    assert "Mia Member was already checked in." in response.content.decode()
    response = client.post(url, {"member": "not-a-number"}, follow=True)
    assert "Choose a person to check in" in response.content.decode()
    assert Activity.objects.filter(member=member, kind="event_attendance").count() == 1


@pytest.fixture
def door(host):
    """An event under way at the real time (the desk's page reads the clock), with Mia going."""
    from django.utils import timezone

    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    EventHostFactory(event=event, member=host)
    return event


def test_a_host_finds_people_by_name_only_and_never_sees_an_email(
    client_for, door, host, member, manager
):
    # Given an attendee, an unrelated member who opted out of the directory, and a manager
    RsvpFactory(event=door, member=member)
    hidden = MemberFactory(email="hidden@private.example", name="Hilda Hidden")
    assert hidden.profile.directory_opt_in is False
    client = client_for(host)
    url = reverse("events:event_checkin", args=[door.pk])
    # When the host searches by a piece of everyone's email address
    page = client.get(url, {"q": "example"}).content.decode()
    # Then nobody is listed: a host's desk does not match emails
    assert "No member matches" in page
    assert "Hilda Hidden" not in page
    assert "Marta Manager" not in page
    # When the host searches the attendee's and a walk-in's names
    page = client.get(url, {"q": "Mia"}).content.decode()
    walk_in = client.get(url, {"q": "Hilda"}).content.decode()
    # Then they are found by name, and no email address is on either page
    assert "Mia Member" in page
    assert "Hilda Hidden" in walk_in
    for shown in (page, walk_in):
        assert "@" not in shown.split("<main", 1)[1].split("</main>", 1)[0]
        assert ">Email<" not in shown


def test_a_manager_searches_emails_too_and_sees_them(client_for, door, member, manager):
    RsvpFactory(event=door, member=member)
    page = (
        client_for(manager)
        .get(reverse("events:event_checkin", args=[door.pk]), {"q": "member@exam"})
        .content.decode()
    )
    assert "Mia Member" in page
    assert "member@example.com" in page


@pytest.mark.parametrize("member_id", ["²", "\u0661", " 1", "1.0", "-1", "9" * 30, "0"])
def test_a_member_id_that_is_not_plain_ascii_digits_is_refused(client_for, door, host, member_id):
    response = client_for(host).post(
        reverse("events:event_checkin", args=[door.pk]), {"member": member_id}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a person to check in" in response.content.decode()
    assert not Rsvp.objects.filter(event=door).exists()


def test_the_attendance_export_lists_everyone_who_answered_with_emails_for_managers_only(
    client_for, manager
):
    import csv
    import io

    from hub.core.models import AuditEntry

    # Given an event with someone checked in as a walk-in, someone waiting and a host
    event = EventFactory(title="Async evening", capacity=1)
    host = MemberFactory(name="Hanna Host")
    EventHostFactory(event=event, member=host)
    walk_in = MemberFactory(name="=cmd|' /C calc'!A0", email="walkin@example.com")
    RsvpFactory(event=event, member=walk_in, checked_in_at=event.starts_at, walk_in=True)
    waiting = MemberFactory(name="Wanda Waiting", email="wanda@example.com")
    RsvpFactory(event=event, member=waiting, status="waitlisted", queue_number=2)

    def rows(user):
        response = client_for(user).get(f"/events/{event.pk}/attendance.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(response.content.decode())))

    # When the manager downloads it, then it has the emails
    by_manager = rows(manager)
    assert by_manager[0] == ["name", "email", "status", "checked_in_at", "walk_in"]
    assert by_manager[1][1:] == ["walkin@example.com", "Going", by_manager[1][3], "yes"]
    assert by_manager[1][3]  # the check-in time
    assert by_manager[2] == ["Wanda Waiting", "wanda@example.com", "On the waitlist", "", "no"]
    # and a name that looks like a formula is not one in a spreadsheet
    assert by_manager[1][0] == "'=cmd|' /C calc'!A0"
    # When the host downloads it, then it has names and no address
    by_host = rows(host)
    assert by_host[0] == ["name", "status", "checked_in_at", "walk_in"]
    assert "wanda@example.com" not in str(by_host)
    # and each download is in the audit log
    assert AuditEntry.objects.filter(action="event.attendance_export").count() == 2


def test_the_attendance_export_query_count_is_flat(client_for, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = EventFactory()
    client = client_for(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/events/{event.pk}/attendance.csv")
        return len(captured)

    for _ in range(3):
        RsvpFactory(event=event)
    with_3 = queries()
    for _ in range(27):
        RsvpFactory(event=event)
    assert queries() == with_3
