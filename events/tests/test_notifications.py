"""Emails about events: an email to many people goes once to each, even when the mail server
fails midway and the task is run again; every link in them is absolute."""

import re
import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from events.models import AttendeesMessage, EventEmail, RsvpStatus
from events.services import notifications
from events.services.organizers import attendees_message_create, event_cancel
from events.tasks.organizers import attendees_message_send_task, event_cancelled_notify_task
from events.tests.factories import NOW, EventFactory, RsvpFactory, UserGroupFactory
from members.tests.factories import ManagerFactory, MemberFactory

pytestmark = pytest.mark.django_db

SITE = "https://hub.example.org"


@pytest.fixture
def mail_server_fails_on_the_second_email(monkeypatch):
    """Django's test mail backend, made to fail once, on the second message it is given (as an
    SMTP server that drops the connection would)."""
    calls = {"count": 0}
    deliver = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["count"] += 1
        if calls["count"] == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return calls


def _going(event, count):
    return [RsvpFactory(event=event, member=MemberFactory()).member for _ in range(count)]


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_cancellation_run_that_fails_midway_skips_those_told_when_run_again(
    mail_server_fails_on_the_second_email,
):
    # Given a cancelled event with three people going
    event = EventFactory(title="Rust night")
    people = _going(event, 3)
    ids = [person.pk for person in people]
    # When the first run fails on the second email
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.event_cancelled_emails_send(event=event, member_ids=ids, now=NOW)
    assert _recipients() == [people[0].email]
    # and the run is repeated, twice
    again = notifications.event_cancelled_emails_send(event=event, member_ids=ids, now=NOW)
    third = notifications.event_cancelled_emails_send(event=event, member_ids=ids, now=NOW)
    # Then each person got exactly one email, and the rows say so
    assert (again, third) == (2, 0)
    assert _recipients() == sorted(person.email for person in people)
    assert EventEmail.objects.filter(event=event, kind="cancelled").count() == 3


def test_the_cancellation_task_asks_for_a_retry_which_tells_only_the_rest(
    mail_server_fails_on_the_second_email, django_capture_on_commit_callbacks
):
    # Given three people going and a mail server that fails once
    event = EventFactory()
    people = _going(event, 3)
    ids = [person.pk for person in people]
    # When the event is cancelled, the task (run after the commit) fails on the second email
    # and asks Celery for a retry
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, actor=None, now=NOW)
    assert _recipients() == [people[0].email]
    # Then the retry (as the worker runs it) tells the two others, and a third run nobody
    assert event_cancelled_notify_task(event.pk, ids) == 2
    assert event_cancelled_notify_task(event.pk, ids) == 0
    assert _recipients() == sorted(person.email for person in people)


def test_a_managers_message_run_that_fails_midway_skips_those_emailed_when_run_again(
    mail_server_fails_on_the_second_email, django_capture_on_commit_callbacks
):
    # Given an event with three people going and one waiting, and a manager's message
    event = EventFactory(title="Summit")
    people = _going(event, 3)
    RsvpFactory(event=event, status=RsvpStatus.WAITLISTED)
    manager = ManagerFactory()
    # When the manager sends it, and the task fails on the second email
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        attendees_message_create(
            event=event, subject="Room change", body="Room 2.", actor=manager, now=NOW
        )
    message = AttendeesMessage.objects.get()
    assert message.deliveries.count() == 1
    # and the worker retries it
    assert attendees_message_send_task(message.pk) == 2
    # Then the three going got it once each, the waitlisted person not at all
    assert _recipients() == sorted(person.email for person in people)
    assert {m.subject for m in mail.outbox} == {"Room change"}
    assert message.deliveries.count() == 3
    # And running the task again sends nothing
    assert attendees_message_send_task(message.pk) == 0
    assert len(mail.outbox) == 3


def test_the_same_message_twice_is_two_messages(django_capture_on_commit_callbacks, member):
    # A message has its own identity: a second one to the same people is sent too
    event = EventFactory()
    RsvpFactory(event=event, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            attendees_message_create(event=event, subject="Hi", body="Again.", actor=None, now=NOW)
    assert len(mail.outbox) == 2
    assert AttendeesMessage.objects.count() == 2


def test_every_link_in_the_events_emails_is_absolute(settings, member):
    # Given a deployment's address, and one of each email about events
    settings.SITE_URL = SITE
    event = EventFactory(recording_url="https://video.example.com/rec")
    ManagerFactory()
    notifications.email_seat_from_waitlist(event=event, member=member)
    notifications.email_event_cancelled(event=event, member=member)
    notifications.email_reminder(event=event, member=member)
    notifications.email_follow_up(event=event, member=member)
    message = AttendeesMessage.objects.create(
        event=event, subject="Hello", body="See you.", created_at=NOW
    )
    notifications.email_attendees_message(message=message, member=member)
    notifications.email_group_organizer_left(
        group=UserGroupFactory(slug="kyiv"), role="leader", now=NOW
    )
    # Then every link to the hub's pages starts with the site's address
    assert len(mail.outbox) == 6
    linked = 0
    for email in mail.outbox:
        links = re.findall(r"\S*/(?:events|groups|admin)/\S*", email.body)
        assert all(link.startswith(SITE) for link in links), (email.subject, links)
        linked += bool(links)
    assert linked == 5  # all but the follow-up, whose links are the recording's and survey's


def test_the_reminder_job_keeps_once_per_attendee_after_the_change(member):
    # The reminders share the same sent-row mechanism: a second run sends nothing
    from events.services.jobs import event_reminders_send

    EventFactory(starts_at=NOW + timedelta(hours=3))
    RsvpFactory(event=EventFactory(starts_at=NOW + timedelta(hours=2)), member=member)
    assert event_reminders_send(now=NOW) == 1
    assert event_reminders_send(now=NOW) == 0
