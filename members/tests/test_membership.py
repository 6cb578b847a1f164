"""Membership: joining (what the factories rely on), the dashboard's tier progress, engagement
tiers and the daily suggestions (promotion, demotion with hysteresis, locks, at most one
pending), accepting and dismissing them, locking, and concurrent tier changes."""

import itertools
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.models import (
    Badge,
    BadgeAward,
    PromotionRule,
    Tier,
    TierMembership,
    TierSuggestion,
    User,
)
from members.selectors.membership import member_tier_progress
from members.services.membership import (
    WindowNumbers,
    member_tier_lock,
    rule_is_clearly_missed,
    tier_change,
    tier_suggestion_accept,
    tier_suggestion_dismiss,
    tier_suggestions_evaluate,
)
from members.tasks.membership import tier_suggestions_daily
from members.tests.factories import (
    ActivityFactory,
    ManagerFactory,
    MemberFactory,
    member_move_to_tier,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
JOINED = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def active_on_days(member, *, days: int, contributions: int, before=NOW):
    """`days` distinct days of activity in the last weeks; the first `contributions` are code."""
    for index in range(days):
        ActivityFactory(
            member=member,
            kind="code" if index < contributions else "answer",
            occurred_at=before - timedelta(days=index + 1),
        )


def tier(level: int) -> Tier:
    return Tier.objects.get(level=level)


def days_before_now(days: float) -> datetime:
    return NOW - timedelta(days=days)


# --- Joining ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_factory_makes_a_joined_contributor():
    member = MemberFactory(name="Olena Test", joined_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert member.joined_at == datetime(2026, 3, 1, tzinfo=UTC)
    assert member.display_name == "Olena Test"
    current = TierMembership.objects.get(member=member, ended_at__isnull=True)
    assert current.tier.level == 1


@pytest.mark.django_db
def test_manager_factory_makes_a_staff_manager_not_superuser():
    manager = ManagerFactory()
    assert manager.is_staff
    assert not manager.is_superuser
    assert manager.is_manager


# --- The dashboard: tier and progress --------------------------------------------------------


@pytest.mark.django_db
def test_progress_counts_distinct_days_and_contributions_toward_the_next_tier():
    member = MemberFactory(joined_at=days_before_now(200))
    ActivityFactory(member=member, kind="code", occurred_at=days_before_now(1))
    ActivityFactory(member=member, kind="docs", occurred_at=days_before_now(1))
    ActivityFactory(member=member, kind="answer", occurred_at=days_before_now(2))
    ActivityFactory(member=member, kind="code", occurred_at=days_before_now(120))
    progress = member_tier_progress(member=member, now=NOW)
    assert progress.next_tier.name == "Active Members"
    assert [(m.have, m.need) for m in progress.measures] == [(2, 8), (2, 4)]
    assert [m.percent for m in progress.measures] == [25, 50]
    assert not progress.next_tier_reached


@pytest.mark.django_db
def test_top_tier_has_no_next_tier():
    member = MemberFactory(joined_at=days_before_now(200))
    member_move_to_tier(member, 2)
    member_move_to_tier(member, 3, now=days_before_now(100))
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
    # The page's own queries plus the fixed few of each panel other apps register (the
    # ambassador programme's is one query).
    with django_assert_max_num_queries(13) as few:
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


# --- Tier suggestions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_meeting_the_next_tier_rule_is_suggested_for_promotion():
    # Given a Contributor active on 8 days with 4 contributions (the Active Members rule)
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    # When the daily evaluation runs
    result = tier_suggestions_evaluate(now=NOW)
    # Then one promotion to Active Members is pending, with the numbers as evidence
    suggestion = TierSuggestion.objects.get(member=member)
    assert (result.promotions, result.demotions) == (1, 0)
    assert suggestion.direction == "promote"
    assert (suggestion.from_tier.level, suggestion.to_tier.level) == (1, 2)
    assert suggestion.evidence["active_days"] == 8
    assert suggestion.evidence["contributions"] == 4


@pytest.mark.django_db
def test_member_just_below_the_rule_gets_no_suggestion():
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=3)
    tier_suggestions_evaluate(now=NOW)
    assert not TierSuggestion.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_activity_outside_the_window_does_not_count():
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4, before=NOW - timedelta(days=91))
    tier_suggestions_evaluate(now=NOW)
    assert not TierSuggestion.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_several_activities_on_one_day_count_as_one_active_day():
    member = MemberFactory(joined_at=JOINED)
    for hour in range(10):
        ActivityFactory(member=member, occurred_at=NOW - timedelta(days=2, hours=hour % 3))
    tier_suggestions_evaluate(now=NOW)
    assert not TierSuggestion.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    ("active_days", "contributions", "clearly_missed"),
    [
        (20, 15, False),
        (18, 14, False),
        (19, 14, False),
        (17, 15, True),
        (18, 13, True),
        (0, 0, True),
    ],
)
def test_demotion_needs_numbers_below_ninety_percent_of_the_threshold(
    active_days, contributions, clearly_missed
):
    # Core Team rule: 20 days and 15 contributions; 90 % of them is 18 days and 13.5.
    rule = PromotionRule(min_active_days=20, min_contributions=15, demotion_ratio_percent=90)
    numbers = WindowNumbers(active_days=active_days, contributions=contributions)
    assert rule_is_clearly_missed(rule=rule, numbers=numbers) is clearly_missed


@pytest.mark.django_db
def test_core_member_slightly_below_the_rule_is_not_demoted_but_far_below_is():
    # Given two Core Team members: one at 18 days / 14 contributions (within 90 %), one idle
    hovering = MemberFactory(joined_at=JOINED)
    idle = MemberFactory(joined_at=JOINED)
    for member in (hovering, idle):
        member_move_to_tier(member, 2, now=JOINED)
        member_move_to_tier(member, 3, now=JOINED + timedelta(days=1))
    active_on_days(hovering, days=18, contributions=14)
    # When the evaluation runs
    tier_suggestions_evaluate(now=NOW)
    # Then only the idle one is suggested for demotion, one tier down
    assert not TierSuggestion.objects.filter(member=hovering).exists()
    demotion = TierSuggestion.objects.get(member=idle)
    assert demotion.direction == "demote"
    assert (demotion.from_tier.level, demotion.to_tier.level) == (3, 2)


@pytest.mark.django_db
def test_contributors_are_never_suggested_for_demotion():
    member = MemberFactory(joined_at=JOINED)
    tier_suggestions_evaluate(now=NOW)
    assert not TierSuggestion.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_locked_members_and_members_who_left_get_no_suggestion():
    locked = MemberFactory(joined_at=JOINED, tier_locked=True)
    gone = MemberFactory(joined_at=JOINED)
    for member in (locked, gone):
        active_on_days(member, days=8, contributions=4)
    gone.left_at = NOW - timedelta(hours=1)
    gone.save(update_fields=["left_at"])
    tier_suggestions_evaluate(now=NOW)
    assert not TierSuggestion.objects.exists()


@pytest.mark.django_db
def test_second_run_of_the_daily_job_changes_nothing():
    # Given one promotable and one demotable member, and a first run
    promotable = MemberFactory(joined_at=JOINED)
    active_on_days(promotable, days=8, contributions=4)
    idle = MemberFactory(joined_at=JOINED)
    member_move_to_tier(idle, 2)
    tier_suggestions_evaluate(now=NOW)
    before = list(TierSuggestion.objects.order_by("pk").values())
    audits = AuditEntry.objects.count()
    # When it runs again, an hour later
    result = tier_suggestions_evaluate(now=NOW + timedelta(hours=1))
    # Then no suggestion, history row or audit entry changed
    assert list(TierSuggestion.objects.order_by("pk").values()) == before
    assert len(before) == 2
    assert result.already_pending == 2
    assert (result.promotions, result.demotions) == (0, 0)
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_daily_task_runs_the_evaluation():
    member = MemberFactory(joined_at=datetime.now(UTC) - timedelta(days=200))
    for index in range(8):
        ActivityFactory(
            member=member, kind="docs", occurred_at=datetime.now(UTC) - timedelta(days=index + 1)
        )
    summary = tier_suggestions_daily.delay().get()
    assert "1 promotion" in summary
    assert TierSuggestion.objects.filter(member=member, status="pending").count() == 1


@pytest.mark.django_db
def test_accepting_moves_the_member_with_the_manager_as_actor(manager):
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    tier_suggestions_evaluate(now=NOW)
    suggestion = TierSuggestion.objects.get(member=member)
    # When the manager accepts
    tier_suggestion_accept(suggestion=suggestion, actor=manager, now=NOW + timedelta(hours=2))
    # Then the member is in Active Members, the history names the manager, the suggestion is done
    current = TierMembership.objects.get(member=member, ended_at__isnull=True)
    assert current.tier.level == 2
    assert current.changed_by == manager
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("accepted", manager)
    assert AuditEntry.objects.filter(action="tier_suggestion.accept", actor=manager).exists()


@pytest.mark.django_db
def test_a_decided_suggestion_cannot_be_decided_again(manager):
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    tier_suggestions_evaluate(now=NOW)
    suggestion = TierSuggestion.objects.get(member=member)
    tier_suggestion_dismiss(suggestion=suggestion, actor=manager, now=NOW)
    with pytest.raises(DomainError, match="already dismissed"):
        tier_suggestion_accept(suggestion=suggestion, actor=manager, now=NOW)
    assert TierMembership.objects.get(member=member, ended_at__isnull=True).tier.level == 1


@pytest.mark.django_db
def test_dismissed_suggestion_is_not_made_again_within_the_window(manager):
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    tier_suggestions_evaluate(now=NOW)
    tier_suggestion_dismiss(
        suggestion=TierSuggestion.objects.get(member=member), actor=manager, now=NOW
    )
    result = tier_suggestions_evaluate(now=NOW + timedelta(days=1))
    assert result.suppressed == 1
    assert not TierSuggestion.objects.filter(member=member, status="pending").exists()


@pytest.mark.django_db
def test_suggestion_outdated_by_a_manual_change_is_withdrawn_and_cannot_be_accepted(manager):
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    tier_suggestions_evaluate(now=NOW)
    suggestion = TierSuggestion.objects.get(member=member)
    tier_change(member=member, tier=tier(3), actor=manager, reason="Invited", now=NOW)
    with pytest.raises(DomainError, match="no longer in Contributors"):
        tier_suggestion_accept(suggestion=suggestion, actor=manager, now=NOW)
    result = tier_suggestions_evaluate(now=NOW + timedelta(hours=1))
    suggestion.refresh_from_db()
    assert result.withdrawn == 1
    assert suggestion.status == "dismissed"


@pytest.mark.django_db
def test_locking_dismisses_the_pending_suggestion_and_is_audited(manager):
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    tier_suggestions_evaluate(now=NOW)
    assert member_tier_lock(member=member, locked=True, actor=manager, now=NOW) is True
    assert member_tier_lock(member=member, locked=True, actor=manager, now=NOW) is False
    member.refresh_from_db()
    assert member.tier_locked
    assert TierSuggestion.objects.get(member=member).status == "dismissed"
    assert AuditEntry.objects.filter(action="tier.lock", actor=manager).count() == 1


@pytest.mark.django_db
def test_evaluation_query_count_does_not_grow_with_members(django_assert_max_num_queries):
    for _ in range(3):
        active_on_days(MemberFactory(joined_at=JOINED), days=8, contributions=4)
    with django_assert_max_num_queries(12):
        tier_suggestions_evaluate(now=NOW)
    TierSuggestion.objects.all().delete()
    for _ in range(20):
        active_on_days(MemberFactory(joined_at=JOINED), days=8, contributions=4)
    with django_assert_max_num_queries(12):
        result = tier_suggestions_evaluate(now=NOW)
    assert result.promotions == 23


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_tier_changes_leave_one_open_row_and_a_consistent_history():
    # Given a member, and eight threads each with its own connection changing their tier at once
    member = MemberFactory(joined_at=JOINED)
    tiers = [tier(2), tier(3)]
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def change(index: int) -> None:
        try:
            barrier.wait()
            tier_change(
                member=member,
                tier=tiers[index % 2],
                actor=None,
                reason=f"thread {index}",
                now=NOW + timedelta(seconds=index),
            )
            outcomes.append("changed")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then exactly one open row, and each row starts where the previous one ended
    history = list(TierMembership.objects.filter(member=member).order_by("started_at", "id"))
    assert len(outcomes) == 8
    assert sum(row.ended_at is None for row in history) == 1
    assert history[-1].ended_at is None
    assert len(history) == 1 + outcomes.count("changed")
    for previous, row in itertools.pairwise(history):
        assert previous.ended_at == row.started_at
        assert row.from_tier_id == previous.tier_id
        assert row.tier_id != previous.tier_id


# --- One definition of a current member ---------------------------------------------------------

#: Reads of the membership columns in members' code that are not "is a current member": each
#: says why it may restate part of the rule.
NOT_ABOUT_CURRENT_MEMBERS = {
    # The admin's "joined in" filter lists the months in which anyone joined.
    ("members/admin/membership.py", "joined_at__isnull=False"),
}
RESTATEMENTS = ("left_at__isnull=True", "joined_at__isnull=False", "joined_at__isnull=True")


def test_members_code_asks_the_one_definition_of_a_current_member():
    """Current members are `User.objects.current(now)` and `member_is_current`; a filter on the
    membership columns anywhere else would be a second definition that can drift."""
    root = Path(__file__).resolve().parents[1]
    found = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root.parent).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative == "members/models.py":
            continue
        text = path.read_text()
        found |= {(relative, pattern) for pattern in RESTATEMENTS if pattern in text}
    assert found == NOT_ABOUT_CURRENT_MEMBERS


@pytest.mark.django_db
def test_a_current_member_whose_login_is_switched_off_is_still_evaluated():
    # Given a current member whose logins a manager stopped, active enough for a promotion
    member = MemberFactory(joined_at=JOINED)
    active_on_days(member, days=8, contributions=4)
    User.objects.filter(pk=member.pk).update(is_active=False)
    # When the daily job runs, then they are a member like any other
    tier_suggestions_evaluate(now=NOW)
    assert TierSuggestion.objects.filter(member=member).exists()
