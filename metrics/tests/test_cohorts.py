"""The cohort table (from the snapshots' cohort cells), early event attendance and retention,
and tier upgrades after a touchpoint, on communities computed by hand."""

from datetime import date

import pytest

from members.services.account import member_leave
from metrics.selectors.cohorts import (
    cohort_rows,
    cohort_table,
    early_attendance_retention,
    touchpoint_upgrades,
)
from metrics.services.snapshots import snapshots_compute_range
from metrics.tests.helpers import did, kyiv, move, person

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_the_cohort_table_is_the_share_of_each_join_month_active_later():
    # Given two January joiners, two February joiners (one leaves), active in various months
    a = person(kyiv(2026, 1, 5), name="A")
    b = person(kyiv(2026, 1, 20), name="B")
    c = person(kyiv(2026, 2, 2), name="C")
    d = person(kyiv(2026, 2, 3), name="D")
    member_leave(member=d, now=kyiv(2026, 2, 20))
    did(a, "answer", kyiv(2026, 1, 6))
    did(b, "code", kyiv(2026, 2, 7))
    did(c, "idea", kyiv(2026, 2, 8))
    did(a, "docs", kyiv(2026, 3, 9))
    did(c, "answer", kyiv(2026, 3, 10))
    did(c, "answer", kyiv(2026, 3, 1, 0, 5))  # Kyiv's March, February in UTC
    # When January to March are computed
    list(snapshots_compute_range(first=JAN, last=MAR, now=kyiv(2026, 4, 2), computed_by="job"))

    table = cohort_table(last=MAR, count=3)

    # then each row is a join month with its size, each cell the share active
    assert [(row.label, row.size) for row in table.rows] == [
        ("2026-01", 2),
        ("2026-02", 2),
        ("2026-03", 0),
    ]
    assert [(cell.active, cell.share) for cell in table.rows[0].cells] == [
        (1, 0.5),
        (1, 0.5),
        (1, 0.5),
    ]
    assert [(cell.active, cell.share) for cell in table.rows[1].cells] == [(1, 0.5), (1, 0.5)]
    assert [(cell.active, cell.share) for cell in table.rows[2].cells] == [(0, None)]
    assert table.width == 3
    assert table.rows[0].cells[0].heat == "3"  # 50 %
    assert cohort_rows(table)[0] == {
        "cohort": "2026-01",
        "cohort_size": 2,
        "months_since_joining": 0,
        "month": "2026-01",
        "active": 1,
        "share_active": 0.5,
        "provisional": False,
    }


def test_a_month_not_computed_leaves_its_cells_empty():
    a = person(kyiv(2026, 1, 5), name="A")
    did(a, "answer", kyiv(2026, 1, 6))
    list(snapshots_compute_range(first=JAN, last=JAN, now=kyiv(2026, 4, 2), computed_by="job"))
    table = cohort_table(last=MAR, count=3)
    assert [(cell.active, cell.share) for cell in table.rows[0].cells] == [
        (1, 1.0),
        (None, None),
        (None, None),
    ]


def test_retention_of_members_who_came_to_an_event_in_their_first_30_days():
    # Given January joiners: one at an event on day 9 (leaves in May, after April ends), one
    # at an event on day 40 (too late to count as early), one who never came and left in
    # March; and a June joiner whose third month has not ended by August
    early = person(kyiv(2026, 1, 1), name="Early")
    did(early, "event_attendance", kyiv(2026, 1, 10))
    member_leave(member=early, now=kyiv(2026, 5, 1, 0, 0))
    late = person(kyiv(2026, 1, 1), name="Late")
    did(late, "event_attendance", kyiv(2026, 2, 10))
    gone = person(kyiv(2026, 1, 15), name="Gone")
    member_leave(member=gone, now=kyiv(2026, 3, 20))
    person(kyiv(2026, 6, 3), name="Recent")

    result = early_attendance_retention(first=JAN, last=date(2026, 6, 1), now=kyiv(2026, 8, 1))

    assert (result.attended.joined, result.attended.eligible, result.attended.retained) == (1, 1, 1)
    assert result.attended.share == 1.0
    assert (result.did_not.joined, result.did_not.eligible, result.did_not.retained) == (3, 2, 1)
    assert result.did_not.share == 0.5


def test_upgrades_after_a_touchpoint_within_30_days():
    touched = person(kyiv(2026, 1, 1), name="Touched")
    did(touched, "answer", kyiv(2026, 3, 1))
    move(touched, 2, kyiv(2026, 3, 10))
    too_early = person(kyiv(2026, 1, 1), name="Too early")
    did(too_early, "mentoring", kyiv(2026, 1, 20))
    move(too_early, 2, kyiv(2026, 3, 10))
    not_a_touchpoint = person(kyiv(2026, 1, 1), name="Code only")
    did(not_a_touchpoint, "code", kyiv(2026, 3, 5))
    move(not_a_touchpoint, 2, kyiv(2026, 3, 10))
    down = person(kyiv(2026, 1, 1), name="Down")
    move(down, 2, kyiv(2026, 2, 1))
    did(down, "event_attendance", kyiv(2026, 3, 1))
    move(down, 1, kyiv(2026, 3, 5))

    months = touchpoint_upgrades(first=FEB, last=MAR)

    assert [(m.month, m.upgrades, m.after_touchpoint) for m in months] == [
        (FEB, 1, 0),
        (MAR, 3, 1),
    ]
    assert months[1].share == pytest.approx(1 / 3)
