"""The managers' console (/manage/): where a manager lands after logging in, what it shows from
each app's registered section, and its cost, which does not grow with the community."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from events.models import GroupHealthSnapshot, HealthStatus, RsvpStatus
from events.tests.factories import EventFactory, RsvpFactory, UserGroupFactory
from hub.core.extension_points import ConsoleCard, ConsoleSection, console_sections
from hub.site.jobs import JOB_HEADER
from hub.site.models import JobRun
from members.models import TierSuggestion
from members.tests.factories import (
    TEST_PASSWORD,
    ActivityFactory,
    ManagerFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _cards(client) -> dict[str, ConsoleCard]:
    response = client.get("/manage/")
    assert response.status_code == 200
    return {
        card.label: card for section in response.context["sections"] for card in section["cards"]
    }


def _community(size: int, now):
    """`size` of everything the console counts: new members, unconfirmed sign-ups, members
    slipping away, pending suggestions, struggling groups and events this week."""
    for number in range(size):
        member = MemberFactory(joined_at=now - timedelta(days=2))
        quiet = MemberFactory(joined_at=now - timedelta(days=200))
        ActivityFactory(member=quiet, occurred_at=now - timedelta(days=45))
        UserFactory()
        tier = member.tier_history.get().tier_id
        TierSuggestion.objects.create(
            member=member,
            from_tier_id=tier,
            to_tier_id=tier + 1,
            direction=TierSuggestion.Direction.PROMOTE,
            created_at=now,
        )
        group = UserGroupFactory(leader=None if number % 2 else member)
        GroupHealthSnapshot.objects.create(
            group=group,
            month=now.date().replace(day=1),
            computed_at=now,
            window_start=now - timedelta(days=90),
            window_end=now,
            frequency=10,
            attendance=10,
            growth=10,
            leader=10,
            score=10,
            status=HealthStatus.INACTIVE,
        )
        event = EventFactory(
            group=group,
            capacity=2,
            starts_at=now + timedelta(days=1, hours=number),
            ends_at=now + timedelta(days=1, hours=number + 2),
        )
        RsvpFactory(event=event, member=member)
        RsvpFactory(event=event, member=quiet, status=RsvpStatus.WAITLISTED)


def test_a_manager_lands_on_the_console_after_logging_in(client):
    ManagerFactory(email="boss@example.com")
    response = client.post(
        "/accounts/login/", {"login": "boss@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/manage/"


def test_a_member_lands_on_their_dashboard_after_logging_in(client):
    MemberFactory(email="mia@example.com")
    response = client.post(
        "/accounts/login/", {"login": "mia@example.com", "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/members/dashboard/"


def test_a_next_in_the_login_link_still_wins_for_a_manager(client):
    ManagerFactory(email="boss@example.com")
    response = client.post(
        "/accounts/login/?next=/groups/",
        {"login": "boss@example.com", "password": TEST_PASSWORD},
    )
    assert response["Location"] == "/groups/"


def test_the_console_is_in_the_managers_navigation_only(client_for, manager, member):
    assert 'href="/manage/"' in client_for(manager).get("/").content.decode()
    assert 'href="/manage/"' not in client_for(member).get("/").content.decode()


def test_the_console_shows_each_count_with_its_link(client_for, manager):
    now = timezone.now()
    _community(3, now)
    cards = _cards(client_for(manager))
    assert cards["Tier suggestions to decide"].count == 3
    assert cards["Tier suggestions to decide"].url.endswith("?status__exact=pending")
    assert cards["Members slipping away"].count == 3
    assert cards["Members slipping away"].url == "/members/manage/slipping/"
    assert cards["New members in the last 7 days"].count == 3
    assert cards["Sign-ups waiting for their email confirmation"].count == 3
    assert cards["Groups at risk or inactive"].count == 3
    assert cards["Groups at risk or inactive"].detail.startswith("0 at risk, 3 inactive")
    assert cards["Groups without a leader"].count == 1
    assert cards["Events in the next 7 days"].count == 3
    fills = [card.detail for card in cards.values() if card.detail.startswith("1/2 going")]
    assert fills == ["1/2 going, 1 waiting"] * 3
    assert all(card.needs_attention for card in cards.values() if card.detail in fills)


def test_every_link_on_the_console_opens_for_the_manager(client_for, manager):
    _community(2, timezone.now())
    client = client_for(manager)
    for card in _cards(client).values():
        assert client.get(card.url).status_code == 200, card


def test_a_failed_or_paused_job_needs_the_managers_attention(client_for, manager):
    from hub.core.tasks import ping

    ping.apply(headers={JOB_HEADER: "members-badge-rules"})
    JobRun.objects.update(status=JobRun.Status.FAILED, error="Boom")
    PeriodicTask.objects.filter(name__in=["members-slipping-away", "heartbeat"]).update(
        enabled=False
    )
    cards = _cards(client_for(manager))
    failed, paused = cards["Scheduled jobs whose last run failed"], cards["Scheduled jobs paused"]
    assert (failed.count, failed.detail, failed.needs_attention) == (1, "members-badge-rules", True)
    assert (paused.count, paused.detail) == (1, "members-slipping-away")  # not the heartbeat


def test_a_quiet_day_says_so(client_for, manager, monkeypatch):
    # Given only the sections of the apps with nothing to say (metrics flags a month to compute)
    quiet = {
        name: section
        for name, section in console_sections._items.items()
        if section.app in {"members", "events", "hub_site"}
    }
    monkeypatch.setattr(console_sections, "_items", quiet)
    page = client_for(manager).get("/manage/").content.decode()
    assert "Nothing is waiting for you right now" in page
    assert page.count("<h1") == 1


def test_the_console_renders_whatever_sections_are_registered_in_their_order(client_for, manager):
    section = ConsoleSection(
        app="test",
        name="first",
        title="A section of a new app",
        collect=lambda now: [ConsoleCard(label="Things", count=7, url="/", needs_attention=True)],
        order=1,
    )
    console_sections.register(section)
    try:
        response = client_for(manager).get("/manage/")
    finally:
        console_sections.unregister("first")
    assert response.context["sections"][0]["title"] == "A section of a new app"
    assert "Needs you" in response.content.decode()


def test_the_console_costs_the_same_for_3_or_30_of_everything(client_for, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now, client = timezone.now(), client_for(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/manage/").status_code == 200
        return len(captured)

    _community(3, now)
    with_3 = queries()
    _community(27, now)
    assert queries() == with_3
    assert with_3 <= 25  # session, user, groups, then a few per registered section
