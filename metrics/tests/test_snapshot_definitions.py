"""Every figure of a month, against a small community computed by hand (docs/metrics.md).

March 2026 in Kyiv runs from 1 March 00:00 (+02:00) to 1 April 00:00 (+03:00): summer time
starts on 29 March, so the month is an hour short. October 2026 is an hour long. Instants are
Kyiv wall-clock times; several sit on the month's edges, where UTC and Kyiv disagree.
"""

from datetime import UTC

import pytest

from members.services.account import member_leave
from metrics.models import MonthlySnapshot
from metrics.selectors.snapshots import contributor_absence_factor
from metrics.services.snapshots import Outcome, snapshot_compute
from metrics.tests.helpers import did, kyiv, move, person

pytestmark = pytest.mark.django_db

AFTER_MARCH = kyiv(2026, 4, 2, 9)


@pytest.fixture
def march_community():
    """Nine members around March 2026 (the comments say what each is for)."""
    a = person(kyiv(2026, 1, 10), name="Anna")  # there all along, the top contributor
    b = person(kyiv(2026, 2, 28, 23, 30), name="Bohdan")  # joined in February (Kyiv), 21:30 UTC
    c = person(kyiv(2026, 3, 1, 0, 30), name="Chen")  # joined in March (Kyiv), 28 Feb in UTC
    d = person(kyiv(2026, 1, 5), name="Dmytro")  # leaves mid-March through member_leave
    e = person(kyiv(2026, 2, 1), name="Emma")  # leaves at 23:30 on the last day of March
    f = person(kyiv(2026, 3, 31, 23, 59), name="Fedir")  # joins in the month's last minute
    g = person(kyiv(2026, 4, 1, 0, 0), name="Galyna")  # joins at April's first instant
    h = person(kyiv(2026, 1, 20), name="Hanna")  # leaves at April's first instant
    i = person(kyiv(2026, 1, 2), name="Ivan")  # a member who does nothing in March

    # Before March: A's first contribution is in January; February's actives are A, D, E, H.
    did(a, "code", kyiv(2026, 1, 12))
    did(a, "answer", kyiv(2026, 2, 3))
    did(d, "code", kyiv(2026, 2, 4))
    did(e, "code", kyiv(2026, 2, 5))
    did(h, "answer", kyiv(2026, 2, 6))

    # March.
    did(a, "code", kyiv(2026, 3, 2))
    did(a, "code", kyiv(2026, 3, 3))
    did(a, "answer", kyiv(2026, 3, 4))
    did(a, "mentoring", kyiv(2026, 3, 31, 23, 30))  # after the clocks went forward
    did(b, "docs", kyiv(2026, 3, 5))  # B's first contribution ever
    did(b, "event_attendance", kyiv(2026, 3, 6))
    did(c, "idea", kyiv(2026, 3, 1, 0, 40))  # 28 Feb 22:40 UTC, yet March here
    did(d, "code", kyiv(2026, 3, 10))  # not D's first: D contributed in February
    did(e, "feedback", kyiv(2026, 3, 11))
    did(b, "code", kyiv(2026, 4, 1, 0, 10))  # April (Kyiv), still 31 March in UTC

    # Tier history in March: up, up, down, up (on the day the clocks change); C's and F's
    # first tiers (on joining) are neither; I's move on 28 February and C's on 1 April are not
    # in March.
    move(i, 2, kyiv(2026, 2, 28, 23, 59))
    move(a, 2, kyiv(2026, 3, 5))
    move(b, 2, kyiv(2026, 3, 10))
    move(b, 1, kyiv(2026, 3, 20))
    move(a, 3, kyiv(2026, 3, 29, 3, 30))
    move(c, 2, kyiv(2026, 4, 1, 0, 0))

    # Leaving, after the tier moves (a leaver's tier history is closed when they go).
    member_leave(member=d, now=kyiv(2026, 3, 15))
    member_leave(member=e, now=kyiv(2026, 3, 31, 23, 30))
    member_leave(member=h, now=kyiv(2026, 4, 1, 0, 0))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "h": h, "i": i}


MARCH_BY_HAND = {
    # Existing at the end of March: A, B, C, F, H (leaves at April's first instant), I.
    "total_members": 6,
    # Joined in March: C (00:30 on the 1st) and F (23:59 on the 31st); not G (April 00:00).
    "new_members": 2,
    # Left in March: D and E; not H (April 00:00).
    "left_members": 2,
    # Any activity in March: A, B, C, D, E.
    "active_users": 5,
    # A contribution in March: A (2), B (1), C (1), D (1).
    "contributors": 4,
    # First contribution ever in March: B and C (A in January, D in February).
    "new_contributors": 2,
    # 5 contributions, half is 2.5: A's 2 are not enough, A's and one more member's 3 are.
    "contributor_absence_factor": 2,
    "engagement_rate": 5 / 6,
    "contribution_rate": 4 / 6,
    # Existing at the start: A, B, D, E, H, I; still at the end: A, B, H, I.
    "member_retention": 4 / 6,
    # Active in February: A, D, E, H; also in March: A, D, E.
    "active_retention": 3 / 4,
    "tier_upgrades": 3,
    "tier_downgrades": 1,
    # No survey answers in March.
    "satisfaction": None,
    "nps": None,
    "satisfaction_answers": 0,
    "nps_answers": 0,
}


def test_every_figure_of_march_matches_the_hand_computation(march_community):
    # When March is computed after it has ended
    result = snapshot_compute(month=kyiv(2026, 3, 1).date(), now=AFTER_MARCH, computed_by="job")

    # then it is final and frozen, with every figure as computed by hand
    assert result.outcome == Outcome.FROZEN
    snapshot = MonthlySnapshot.objects.get(month="2026-03-01")
    assert snapshot.figures() == pytest.approx(MARCH_BY_HAND)
    assert snapshot.figures()["total_members"] == 6  # counts are exact integers
    assert (snapshot.members_at_start, snapshot.members_retained) == (6, 4)
    assert (snapshot.previously_active, snapshot.active_retained) == (4, 3)
    assert snapshot.contributions == 5
    assert not snapshot.is_provisional
    assert snapshot.frozen_at == AFTER_MARCH
    assert snapshot.computed_by == "job"
    assert snapshot.definitions_version == 1
    assert snapshot.period_start == kyiv(2026, 3, 1, 0, 0)
    assert snapshot.period_end == kyiv(2026, 4, 1, 0, 0)


def test_april_begins_at_the_first_kyiv_instant_of_april(march_community):
    # When April is computed while it runs
    result = snapshot_compute(month=kyiv(2026, 4, 1).date(), now=AFTER_MARCH, computed_by="job")

    # then G (joined at 00:00) and H (left at 00:00) belong to April, and it is provisional
    snapshot = result.snapshot
    assert result.outcome == Outcome.CREATED
    assert snapshot.is_provisional
    assert snapshot.frozen_at is None
    assert (snapshot.new_members, snapshot.left_members) == (1, 1)
    # B's code at 00:10 on 1 April: the only activity and contribution, not B's first.
    assert (snapshot.active_users, snapshot.contributors, snapshot.new_contributors) == (1, 1, 0)
    assert snapshot.contributor_absence_factor == 1
    # C's move on 1 April 00:00 is an upgrade of April.
    assert (snapshot.tier_upgrades, snapshot.tier_downgrades) == (1, 0)
    # Existing at the end of April (so far): A, B, C, F, G, I.
    assert snapshot.total_members == 6


def test_october_is_an_hour_long_and_its_edges_are_kyiv_time():
    # Given members and activities on October's edges (clocks go back on 25 October)
    early = person(kyiv(2026, 10, 1, 0, 0))  # 30 September 21:00 UTC
    late = person(kyiv(2026, 9, 30, 23, 59))  # September
    did(early, "idea", kyiv(2026, 10, 25, 3, 30))  # in the repeated hour
    did(late, "docs", kyiv(2026, 10, 31, 23, 30))  # 21:30 UTC, still October
    did(late, "docs", kyiv(2026, 11, 1, 0, 10))  # November

    # When October is computed
    result = snapshot_compute(
        month=kyiv(2026, 10, 1).date(), now=kyiv(2026, 11, 2), computed_by="command"
    )

    # then
    snapshot = result.snapshot
    length = snapshot.period_end.astimezone(UTC) - snapshot.period_start.astimezone(UTC)
    assert length.total_seconds() == 31 * 86400 + 3600
    assert snapshot.new_members == 1
    assert snapshot.total_members == 2
    assert snapshot.member_retention == 1.0  # the one member at the start is still there
    assert (snapshot.active_users, snapshot.contributors, snapshot.new_contributors) == (2, 2, 2)
    assert snapshot.contributor_absence_factor == 1
    assert snapshot.active_retention is None  # nobody was active in September
    assert snapshot.computed_by == "command"


def test_an_empty_month_has_zeros_and_empty_rates():
    result = snapshot_compute(
        month=kyiv(2025, 6, 1).date(), now=kyiv(2025, 7, 5), computed_by="command"
    )
    figures = result.snapshot.figures()
    assert figures["total_members"] == figures["active_users"] == figures["contributors"] == 0
    for name in (
        "contributor_absence_factor",
        "engagement_rate",
        "contribution_rate",
        "member_retention",
        "active_retention",
        "satisfaction",
        "nps",
    ):
        assert figures[name] is None, name


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({0: 5}, None),
        ({1: 1}, 1),
        ({10: 1, 5: 1, 3: 1, 1: 2}, 1),  # 10 of 20 is half: enough
        ({4: 5}, 3),  # 4, 8, 12 of 20
        ({1: 4}, 2),  # exactly half after two
        ({1: 5}, 3),  # 2.5 needs three
        ({3: 1, 1: 4}, 2),  # 3 of 7 is short of 3.5; 4 is not
        ({2: 1, 1: 3}, 2),  # the March fixture: 2 + 1 of 5
    ],
)
def test_contributor_absence_factor(histogram, expected):
    assert contributor_absence_factor(histogram) == expected
