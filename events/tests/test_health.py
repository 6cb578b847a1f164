"""Group Health Score against numbers worked out by hand, for every group at once."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from events.models import EventHost, EventStatus, GroupHealthSnapshot, HealthStatus, RsvpStatus
from events.selectors.health import programme_stage
from events.services.health import (
    HealthInputs,
    group_health_compute_month,
    health_components,
    health_inputs_all,
)
from events.tests.factories import (
    EventFactory,
    GroupMembershipFactory,
    RsvpFactory,
    UserGroupFactory,
)
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

# The window of March 2026: 1 January to 1 April 2026, Kyiv time. Computed on 2 April.
MARCH = date(2026, 3, 1)
NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
BEFORE = datetime(2025, 12, 1, tzinfo=UTC)


def _held(group, day: datetime, *, going: int, checked_in: int):
    event = EventFactory(group=group, starts_at=day, ends_at=day + timedelta(hours=2))
    for n in range(going):
        RsvpFactory(
            event=event,
            checked_in_at=day if n < checked_in else None,
        )
    return event


@pytest.fixture
def at_risk_group():
    """Worked by hand:
    frequency  2 held of 3 expected            → 66.7
    attendance 4 checked in of 8 going         → 50.0
    growth     10 → 11 members (+10 %)         → 100.0
    leader     January (activity), February (co-organizer hosted), not March → 66.7
    score 0.3·66.67 + 0.3·50 + 0.2·100 + 0.2·66.67 = 68.3 → at risk
    """
    leader, co_organizer = MemberFactory(), MemberFactory()
    group = UserGroupFactory(name="At risk", leader=leader, co_organizers=[co_organizer])
    _held(group, datetime(2026, 1, 14, 17, tzinfo=UTC), going=4, checked_in=3)
    february = _held(group, datetime(2026, 2, 11, 17, tzinfo=UTC), going=4, checked_in=1)
    EventHost.objects.create(event=february, member=co_organizer)
    # Not held: cancelled, a draft, and one before the window
    EventFactory(
        group=group, starts_at=datetime(2026, 3, 11, 17, tzinfo=UTC), status=EventStatus.CANCELLED
    )
    EventFactory(
        group=group, starts_at=datetime(2026, 3, 18, 17, tzinfo=UTC), status=EventStatus.DRAFT
    )
    _held(group, datetime(2025, 12, 10, 17, tzinfo=UTC), going=3, checked_in=0)
    # A waitlisted RSVP does not count as going
    RsvpFactory(event=february, status=RsvpStatus.WAITLISTED)
    for _ in range(10):
        GroupMembershipFactory(group=group, joined_at=BEFORE)
    GroupMembershipFactory(group=group, joined_at=datetime(2026, 2, 1, tzinfo=UTC))
    # Someone who left before the window counts at neither end
    GroupMembershipFactory(group=group, joined_at=BEFORE, left_at=BEFORE + timedelta(days=5))
    ActivityFactory(member=leader, occurred_at=datetime(2026, 1, 20, tzinfo=UTC))
    ActivityFactory(member=leader, occurred_at=datetime(2025, 12, 20, tzinfo=UTC))  # too early
    return group


@pytest.fixture
def healthy_group():
    """3 held of 3 → 100; 6 of 6 checked in → 100; 5 → 5 members → 50; active every month
    → 100. Score 30 + 30 + 10 + 20 = 90 → healthy."""
    leader = MemberFactory()
    group = UserGroupFactory(name="Healthy", leader=leader, co_organizers=[MemberFactory()])
    for month in (1, 2, 3):
        _held(group, datetime(2026, month, 5, 17, tzinfo=UTC), going=2, checked_in=2)
        ActivityFactory(member=leader, occurred_at=datetime(2026, month, 6, tzinfo=UTC))
    for _ in range(5):
        GroupMembershipFactory(group=group, joined_at=BEFORE)
    return group


@pytest.fixture
def empty_group():
    """Nothing at all, cadence 2: every component 0 → inactive."""
    return UserGroupFactory(name="Empty", cadence_per_month=2, co_organizers=[MemberFactory()])


def test_health_of_every_group_matches_the_hand_computation(
    at_risk_group, healthy_group, empty_group
):
    group_health_compute_month(month=MARCH, now=NOW)
    rows = {
        s.group.name: (s.frequency, s.attendance, s.growth, s.leader, s.score, s.status)
        for s in GroupHealthSnapshot.objects.select_related("group")
    }
    d = Decimal
    assert rows == {
        "At risk": (d("66.7"), d("50.0"), d("100.0"), d("66.7"), d("68.3"), "at_risk"),
        "Healthy": (d("100.0"), d("100.0"), d("50.0"), d("100.0"), d("90.0"), "healthy"),
        "Empty": (d("0.0"), d("0.0"), d("0.0"), d("0.0"), d("0.0"), "inactive"),
    }


def test_recomputing_the_same_month_gives_the_same_rows(at_risk_group, healthy_group):
    group_health_compute_month(month=MARCH, now=NOW)
    before = list(GroupHealthSnapshot.objects.order_by("pk").values())
    group_health_compute_month(month=MARCH, now=NOW)
    assert list(GroupHealthSnapshot.objects.order_by("pk").values()) == before


def test_inputs_take_three_queries_however_many_groups(
    django_assert_num_queries, at_risk_group, healthy_group, empty_group
):
    with django_assert_num_queries(3):
        inputs = health_inputs_all(month=MARCH, now=NOW)
    assert len(inputs) == 3
    for _ in range(5):
        UserGroupFactory(co_organizers=[MemberFactory()])
    with django_assert_num_queries(3):
        assert len(health_inputs_all(month=MARCH, now=NOW)) == 8


@pytest.mark.parametrize(
    ("start", "end", "growth"),
    [(10, 9, 0.0), (10, 10, 50.0), (10, 11, 100.0), (20, 21, 75.0), (10, 30, 100.0), (0, 3, 100.0)],
)
def test_growth_is_mapped_linearly_and_clamped(start, end, growth):
    inputs = HealthInputs(1, 0, 0, 0, start, end, 0)
    assert health_components(inputs)["growth"] == growth


@pytest.mark.parametrize(
    ("groups", "stage"),
    [(0, "Seed"), (5, "Seed"), (6, "Grow"), (20, "Grow"), (21, "Scale"), (101, "Mature")],
)
def test_programme_stage(groups, stage):
    assert programme_stage(group_count=groups)["name"] == stage


def test_the_health_list_shows_scores_to_one_decimal(client_for, manager):
    # Given a group whose latest score is 56.7 (stored as a decimal with one place)
    group = UserGroupFactory(name="Kyiv Python")
    GroupHealthSnapshot.objects.create(
        group=group,
        month=MARCH,
        computed_at=NOW,
        window_start=NOW - timedelta(days=90),
        window_end=NOW,
        frequency=Decimal("100"),
        attendance=Decimal("33.3"),
        growth=Decimal("0"),
        leader=Decimal("66.7"),
        score=Decimal("56.7"),
        status=HealthStatus.AT_RISK,
    )
    # When a manager opens the health list
    page = client_for(manager).get("/groups/health/").content.decode()
    # then every number reads with one decimal, not as the database's long decimal
    for shown in ("56.7", "100.0", "33.3", "0.0", "66.7"):
        assert f">{shown}</td>" in page
    assert "56.70" not in page
