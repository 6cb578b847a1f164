"""Scheduled jobs: reminders once, follow-ups once, hosting credited, tasks registered.
Every job is run twice: the second run changes nothing."""

from datetime import timedelta

import pytest
from django.core import mail

from events.models import EventEmail, RsvpStatus
from events.services.jobs import event_follow_ups_send, event_reminders_send
from events.tests.factories import NOW, EventFactory, EventHostFactory, RsvpFactory
from members.models import Activity

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/secret-room"


def test_reminders_go_once_to_going_attendees_only(member, other_member):
    # Given an event in 20 hours with one going and one waiting, and one next week
    soon = EventFactory(starts_at=NOW + timedelta(hours=20), online_url=SECRET)
    later = EventFactory(starts_at=NOW + timedelta(days=7))
    RsvpFactory(event=soon, member=member)
    RsvpFactory(event=soon, member=other_member, status=RsvpStatus.WAITLISTED)
    RsvpFactory(event=later, member=member)
    # When the job runs twice
    first = event_reminders_send(now=NOW)
    second = event_reminders_send(now=NOW + timedelta(hours=1))
    # Then the going member got exactly one reminder, with the online link
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert SECRET in mail.outbox[0].body
    assert EventEmail.objects.filter(kind="reminder").count() == 1


def test_follow_up_thanks_checked_in_attendees_once_and_credits_hosts(member, other_member, host):
    event = EventFactory(
        starts_at=NOW - timedelta(hours=3),
        ends_at=NOW - timedelta(hours=1),
        recording_url="https://video.example.com/rec",
    )
    EventHostFactory(event=event, member=host)
    RsvpFactory(event=event, member=member, checked_in_at=NOW - timedelta(hours=3))
    RsvpFactory(event=event, member=other_member)  # a no-show
    assert event_follow_ups_send(now=NOW) == 1
    assert event_follow_ups_send(now=NOW) == 0
    assert [m.to for m in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    assert "https://video.example.com/rec" in body
    assert SECRET not in body  # the online link is no use after the event
    assert Activity.objects.filter(member=host, kind="event_hosting").count() == 1


@pytest.fixture
def fake_survey_provider():
    from hub.core.extension_points import SurveyLinkProvider, survey_link_providers

    before = survey_link_providers.get("event_survey_link")
    survey_link_providers.register(SurveyLinkProvider(app="test", link=fake_survey_link))
    yield
    survey_link_providers.unregister("event_survey_link")
    if before is not None:
        survey_link_providers.register(before)


def test_follow_up_survey_link_hook(member, fake_survey_provider):
    event = EventFactory(starts_at=NOW - timedelta(hours=3), ends_at=NOW - timedelta(hours=1))
    RsvpFactory(event=event, member=member, checked_in_at=NOW - timedelta(hours=3))
    event_follow_ups_send(now=NOW)
    assert f"https://surveys.example.com/{event.pk}/{member.pk}" in mail.outbox[0].body


def fake_survey_link(*, event, member) -> str:
    return f"https://surveys.example.com/{event.pk}/{member.pk}"


def test_every_events_job_is_a_registered_task():
    from celery import current_app as app

    from hub.core.extension_points import scheduled_jobs

    app.loader.import_default_modules()
    names = [job.task for job in scheduled_jobs.items() if job.app == "events"]
    assert len(names) == 4
    assert set(names) <= set(app.tasks)
