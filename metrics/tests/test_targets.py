"""Targets: programme months, the growth table's straight lines, on track or behind, and the
success criteria."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from members.models import CaseStudy
from members.tests.factories import MemberFactory
from metrics.models import GrowthTarget, MonthlySnapshot, ProgrammeSettings
from metrics.selectors.targets import (
    BEHIND,
    NO_DATA,
    NO_TARGET,
    ON_TRACK,
    interpolate,
    programme_month_number,
    success_criteria,
    target_status,
    targets_load,
)

START = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("month", "number"),
    [
        (date(2025, 12, 1), None),
        (date(2026, 1, 1), 1),
        (date(2026, 3, 1), 3),
        (date(2027, 2, 1), 14),
    ],
)
def test_the_start_month_is_programme_month_one(month, number):
    assert programme_month_number(start=START, month=month) == number
    assert programme_month_number(start=None, month=month) is None


MEMBERS = [(1, Decimal(50)), (3, Decimal(150)), (6, Decimal(300)), (12, Decimal(500))]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        (1, 50),
        (2, 100),
        (3, 150),
        (4, 200),
        (7, Fraction(1000, 3)),
        (12, 500),
        (13, 500),
        (40, 500),
    ],
)
def test_between_milestones_a_straight_line_then_the_last_value_holds(number, value):
    assert interpolate(MEMBERS, number) == value


def test_no_target_before_the_first_milestone_or_without_milestones():
    assert interpolate(MEMBERS, 0) is None
    assert interpolate([], 5) is None


@pytest.mark.django_db
def test_the_seeded_growth_table_gives_each_month_its_target():
    # Given the strategy's table (seeded by the migration) and a programme starting January
    ProgrammeSettings.objects.update(programme_start=START)
    targets = targets_load()
    assert targets.target("total_members", date(2025, 12, 1)) is None
    assert targets.target("total_members", date(2026, 2, 1)) == 100
    assert targets.target("total_members", date(2026, 7, 1)) == 334  # 333⅓ rounded up
    assert targets.target("active_users", date(2026, 12, 1)) == 350
    assert targets.target("contributors", date(2027, 6, 1)) == 100
    assert targets.target("engagement_rate", date(2026, 2, 1)) == pytest.approx(0.625)
    assert targets.target("member_retention", date(2026, 9, 1)) == pytest.approx(0.805)
    assert targets.target("contribution_rate", date(2026, 1, 1)) == pytest.approx(0.2)
    assert targets.target("contribution_rate", date(2025, 12, 1)) is None


@pytest.mark.django_db
def test_an_edited_milestone_moves_the_line():
    ProgrammeSettings.objects.update(programme_start=START)
    GrowthTarget.objects.filter(metric="total_members", programme_month=3).update(value=250)
    assert targets_load().target("total_members", date(2026, 2, 1)) == 150


@pytest.mark.parametrize(
    ("actual", "target", "status"),
    [
        (10, 10, ON_TRACK),
        (11, 10, ON_TRACK),
        (9, 10, BEHIND),
        (None, 10, NO_DATA),
        (5, None, NO_TARGET),
    ],
)
def test_on_track_means_at_least_the_target(actual, target, status):
    assert target_status(actual, target) == status


@pytest.mark.django_db
def test_success_criteria_are_judged_on_the_month_and_revenue_is_not_available_yet():
    now = timezone.now()
    author = MemberFactory()
    for index in range(3):
        CaseStudy.objects.create(
            member=author,
            title=f"Story {index}",
            slug=f"story-{index}",
            summary="s",
            body="b",
            published_at=now if index else None,
        )
    snapshot = MonthlySnapshot(
        satisfaction=0.75, active_users=480, contributors=101, member_retention=0.8
    )

    criteria = success_criteria(snapshot=snapshot, settings=ProgrammeSettings(), now=now)

    assert [(c.label, c.actual_text, c.target_text, c.met) for c in criteria] == [
        ("Community satisfaction", "75.0 %", "70.0 %+", True),
        ("Active members", "480", "500+", False),
        ("Contributors", "101", "100+", True),
        ("Published case studies", "2", "20+", False),
        ("Member retention", "80.0 %", "80.0 %+", True),
        ("Revenue from the community", "not available yet", "$50,000+ a year", None),
    ]
    without = success_criteria(snapshot=None, settings=ProgrammeSettings(), now=now)
    assert without[0].actual_text == "no figure yet"
    assert without[0].met is None
