"""The dashboard (tier, progress toward the next tier, month, timeline, badges) and the
"slipping away" lists for managers, with the weekly email."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Badge, BadgeAward
from members.selectors.membership import (
    member_tier_progress,
    members_returned,
    members_slipping_away,
)
from members.tasks.activity import slipping_away_weekly
from members.tests.factories import ActivityFactory, MemberFactory, member_move_to_tier

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.django_db
def test_progress_counts_distinct_days_and_contributions_toward_the_next_tier():
    member = MemberFactory(joined_at=days_ago(200))
    ActivityFactory(member=member, kind="code", occurred_at=days_ago(1))
    ActivityFactory(member=member, kind="docs", occurred_at=days_ago(1))
    ActivityFactory(member=member, kind="answer", occurred_at=days_ago(2))
    ActivityFactory(member=member, kind="code", occurred_at=days_ago(120))
    progress = member_tier_progress(member=member, now=NOW)
    assert progress.next_tier.name == "Active Members"
    assert [(m.have, m.need) for m in progress.measures] == [(2, 8), (2, 4)]
    assert [m.percent for m in progress.measures] == [25, 50]
    assert not progress.next_tier_reached


@pytest.mark.django_db
def test_top_tier_has_no_next_tier():
    member = MemberFactory(joined_at=days_ago(200))
    member_move_to_tier(member, 2)
    member_move_to_tier(member, 3, now=days_ago(100))
    progress = member_tier_progress(member=member, now=NOW)
    assert progress.current.level == 3
    assert progress.next_tier is None


@pytest.mark.django_db
def test_dashboard_shows_tier_progress_timeline_badges_and_rsvp_area(member, client_for):
    ActivityFactory(member=member, title="Fixed the flaky test", occurred_at=datetime.now(UTC))
    badge = Badge.objects.create(name="First step", slug="first-step", description="d", icon="*")
    BadgeAward.objects.create(badge=badge, member=member, awarded_at=datetime.now(UTC))
    page = client_for(member).get(reverse("members:dashboard")).content.decode()
    assert "Contributors" in page
    assert "Next: <strong>Active Members</strong>" in page
    assert "Fixed the flaky test" in page
    assert "First step" in page
    assert "Your upcoming events" in page


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_activity(
    member, client_for, django_assert_max_num_queries
):
    client = client_for(member)
    for _ in range(3):
        ActivityFactory(member=member, occurred_at=datetime.now(UTC))
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("members:dashboard"))
    badges = [
        Badge.objects.create(name=f"B{n}", slug=f"b{n}", description="d", icon="*")
        for n in range(10)
    ]
    for badge in badges:
        BadgeAward.objects.create(badge=badge, member=member, awarded_at=datetime.now(UTC))
    for _ in range(30):
        ActivityFactory(member=member, occurred_at=datetime.now(UTC))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("members:dashboard"))


@pytest.mark.django_db
def test_slipping_away_lists_members_quiet_for_30_days_after_being_active():
    slipping = MemberFactory(name="Slipping", joined_at=days_ago(300))
    ActivityFactory(member=slipping, occurred_at=days_ago(45))
    active = MemberFactory(name="Active", joined_at=days_ago(300))
    ActivityFactory(member=active, occurred_at=days_ago(45))
    ActivityFactory(member=active, occurred_at=days_ago(3))
    long_gone = MemberFactory(name="Long gone", joined_at=days_ago(300))
    ActivityFactory(member=long_gone, occurred_at=days_ago(200))
    left = MemberFactory(name="Left", joined_at=days_ago(300))
    ActivityFactory(member=left, occurred_at=days_ago(45))
    left.left_at = days_ago(10)
    left.save(update_fields=["left_at"])
    found = list(members_slipping_away(now=NOW))
    assert [m.pk for m in found] == [slipping.pk]
    assert found[0].tier_name == "Contributors"


@pytest.mark.django_db
def test_returned_lists_members_who_were_slipping_a_week_ago_and_came_back():
    back = MemberFactory(name="Back", joined_at=days_ago(300))
    ActivityFactory(member=back, occurred_at=days_ago(60))
    ActivityFactory(member=back, occurred_at=days_ago(2))
    regular = MemberFactory(name="Regular", joined_at=days_ago(300))
    ActivityFactory(member=regular, occurred_at=days_ago(20))
    ActivityFactory(member=regular, occurred_at=days_ago(2))
    assert [m.pk for m in members_returned(now=NOW)] == [back.pk]


@pytest.mark.django_db
def test_slipping_page_is_for_managers_with_flat_queries(
    manager, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    for index in range(3):
        ActivityFactory(
            member=MemberFactory(joined_at=days_ago(400)),
            occurred_at=datetime.now(UTC) - timedelta(days=40 + index),
        )
    with django_assert_max_num_queries(10) as few:
        response = client.get(reverse("members:manage_slipping"))
    assert response.content.decode().count("<tr>") == 4
    for index in range(20):
        ActivityFactory(
            member=MemberFactory(joined_at=days_ago(400)),
            occurred_at=datetime.now(UTC) - timedelta(days=40 + index),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:manage_slipping"))
    assert response.content.decode().count("<tr>") == 24


@pytest.mark.django_db
def test_weekly_job_emails_managers_the_lists_and_writes_nothing(manager):
    quiet = MemberFactory(name="Quiet Quentin", joined_at=datetime.now(UTC) - timedelta(days=300))
    ActivityFactory(member=quiet, occurred_at=datetime.now(UTC) - timedelta(days=50))
    result = slipping_away_weekly.delay().get()
    assert "1 slipping" in result
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Quiet Quentin" in mail.outbox[0].body
