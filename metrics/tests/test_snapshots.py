"""Snapshots that never move by accident: frozen months, restatements, late data, leaving,
data for other months, failed runs, and the rollup's fill state."""

import pytest

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.models import Activity
from members.services.account import member_leave
from members.services.activities import activity_correct, activity_remove
from metrics.models import MemberMonth, MonthlySnapshot, RollupFill, SnapshotRevision
from metrics.services import rollups as rollup_services
from metrics.services import snapshots as snapshot_services
from metrics.services.rollups import rollup_fill_month
from metrics.services.snapshots import (
    Outcome,
    describe_changes,
    snapshot_compare,
    snapshot_compute,
    snapshot_restate,
    snapshots_finalize_ended,
    snapshots_late_data_refresh,
)
from metrics.tests.helpers import did, kyiv, person

pytestmark = pytest.mark.django_db

MARCH = kyiv(2026, 3, 1).date()
FROZEN_AT = kyiv(2026, 4, 1, 2, 0)
LATER = kyiv(2026, 5, 20, 10, 0)


def _rollup(month):
    return list(
        MemberMonth.objects.filter(month=month)
        .order_by("member_id")
        .values_list("member_id", "activities", "contributions", "points")
    )


def _row(month=MARCH) -> dict:
    return MonthlySnapshot.objects.filter(month=month).values().get()


@pytest.fixture
def community():
    anna = person(kyiv(2026, 1, 10), name="Anna")
    bohdan = person(kyiv(2026, 2, 14), name="Bohdan")
    did(anna, "code", kyiv(2026, 2, 2))
    did(anna, "docs", kyiv(2026, 3, 3))
    did(bohdan, "answer", kyiv(2026, 3, 4))
    return {"anna": anna, "bohdan": bohdan}


@pytest.fixture
def frozen_march(community):
    snapshot_compute(month=MARCH, now=FROZEN_AT, computed_by="job")
    return community


def test_a_running_month_is_provisional_and_recomputed(community):
    # Given March computed mid-month
    first = snapshot_compute(month=MARCH, now=kyiv(2026, 3, 10), computed_by="job")
    # When an activity arrives and the night's run computes it again
    did(community["bohdan"], "idea", kyiv(2026, 3, 11))
    second = snapshot_compute(month=MARCH, now=kyiv(2026, 3, 12), computed_by="job")
    # then the provisional row moved with the data
    assert (first.outcome, second.outcome) == (Outcome.CREATED, Outcome.UPDATED)
    snapshot = MonthlySnapshot.objects.get(month=MARCH)
    assert snapshot.is_provisional
    assert snapshot.contributors == 2
    assert snapshot.computed_at == kyiv(2026, 3, 12)


def test_once_the_month_ends_it_is_frozen(community):
    snapshot_compute(month=MARCH, now=kyiv(2026, 3, 10), computed_by="job")
    result = snapshot_compute(month=MARCH, now=FROZEN_AT, computed_by="job")
    assert result.outcome == Outcome.FROZEN
    snapshot = MonthlySnapshot.objects.get(month=MARCH)
    assert not snapshot.is_provisional
    assert snapshot.frozen_at == FROZEN_AT
    assert AuditEntry.objects.filter(action="snapshot.freeze").count() == 1


def test_computing_a_frozen_month_again_changes_nothing(frozen_march):
    # Given a frozen month and its rollup
    row, rollup = _row(), _rollup(MARCH)
    # When it is computed again with the same data
    result = snapshot_compute(month=MARCH, now=LATER, computed_by="command")
    # then it says unchanged and nothing was written
    assert result.outcome == Outcome.UNCHANGED
    assert result.describe().endswith("unchanged (frozen; its data today gives the same figures)")
    assert _row() == row
    assert _rollup(MARCH) == rollup


def test_a_frozen_month_with_late_data_says_what_would_change_but_keeps_its_figures(
    frozen_march,
):
    # Given a frozen March, then a contribution for March recorded in May
    row, rollup = _row(), _rollup(MARCH)
    did(frozen_march["bohdan"], "code", kyiv(2026, 3, 20), recorded=LATER)

    # When March is computed again
    result = snapshot_compute(month=MARCH, now=LATER, computed_by="command")

    # then the differences are reported, per field and by how much, and nothing moved
    assert result.outcome == Outcome.DIFFERS
    assert result.changes == {
        "contributors": (1, 2),
        "new_contributors": (0, 1),
        "contribution_rate": (0.5, 1.0),
    }
    assert "contributors 1 → 2 (+1)" in result.describe()
    assert _row() == row
    assert _rollup(MARCH) == rollup


def test_a_restatement_replaces_the_figures_and_keeps_the_old_ones(frozen_march, manager):
    # Given late data for a frozen March
    old = MonthlySnapshot.objects.get(month=MARCH)
    did(frozen_march["bohdan"], "code", kyiv(2026, 3, 20), recorded=LATER)

    # When a manager restates it
    result = snapshot_restate(
        month=MARCH,
        now=LATER,
        reason="A GitHub import was two weeks late.",
        restated_by="person",
        person=manager,
    )

    # then the month has the new figures, marked restated, still frozen
    assert result.outcome == Outcome.RESTATED
    snapshot = MonthlySnapshot.objects.get(month=MARCH)
    assert snapshot.contributors == 2
    assert snapshot.restated_at == LATER
    assert snapshot.frozen_at == FROZEN_AT
    assert not snapshot.is_provisional
    assert (snapshot.computed_by, snapshot.computed_by_person) == ("person", manager)
    # and the old figures are a revision saying who, when and why
    revision = SnapshotRevision.objects.get(snapshot=snapshot)
    assert revision.figures == {**old.figures(), "active_by_cohort": old.active_by_cohort}
    assert revision.changes["contributors"] == [1, 2]
    assert (revision.replaced_by, revision.replaced_by_person) == ("person", manager)
    assert revision.replaced_at == LATER
    assert revision.computed_at == FROZEN_AT
    assert revision.reason == "A GitHub import was two weeks late."
    assert revision.reported_in is None
    entry = AuditEntry.objects.get(action="snapshot.restate")
    assert entry.actor == manager
    assert entry.data["reason"] == revision.reason
    # and computing it again now says unchanged
    assert snapshot_compute(month=MARCH, now=LATER, computed_by="job").outcome == (
        Outcome.UNCHANGED
    )


@pytest.mark.parametrize(
    ("setup", "reason", "code"),
    [
        ("frozen, no late data", "Checking", "nothing_to_restate"),
        ("frozen, late data", "   ", "reason_required"),
        ("provisional", "Checking", "not_frozen"),
        ("never computed", "Checking", "not_frozen"),
    ],
)
def test_a_restatement_that_cannot_be_made_changes_nothing(community, setup, reason, code):
    if setup.startswith("frozen"):
        snapshot_compute(month=MARCH, now=FROZEN_AT, computed_by="job")
    if setup == "frozen, late data":
        did(community["bohdan"], "code", kyiv(2026, 3, 20), recorded=LATER)
    if setup == "provisional":
        snapshot_compute(month=MARCH, now=kyiv(2026, 3, 20), computed_by="job")
    before = list(MonthlySnapshot.objects.values())

    with pytest.raises(DomainError) as refused:
        snapshot_restate(month=MARCH, now=LATER, reason=reason, restated_by="command")

    assert refused.value.code == code
    assert list(MonthlySnapshot.objects.values()) == before
    assert not SnapshotRevision.objects.exists()


def test_a_member_leaving_later_never_changes_a_past_month(frozen_march):
    # Given a frozen March with Anna active in it
    row = _row()
    # When Anna leaves in May (her personal data is erased, her rows stay)
    member_leave(member=frozen_march["anna"], now=LATER)
    # then March computed again from today's data gives the same figures
    assert snapshot_compute(month=MARCH, now=LATER, computed_by="job").outcome == (
        Outcome.UNCHANGED
    )
    assert _row() == row
    # and even a March computed from scratch today matches
    MonthlySnapshot.objects.all().delete()
    MemberMonth.objects.all().delete()
    RollupFill.objects.all().delete()
    fresh = snapshot_compute(month=MARCH, now=LATER, computed_by="job").snapshot
    assert fresh.figures() == {name: row[name] for name in fresh.figures()}


def test_data_for_other_months_never_changes_a_month(frozen_march):
    # Given a frozen March
    row, rollup = _row(), _rollup(MARCH)
    # When April's and May's data arrive and April is frozen and May computed
    did(frozen_march["anna"], "code", kyiv(2026, 4, 3))
    did(frozen_march["bohdan"], "docs", kyiv(2026, 5, 3))
    snapshot_compute(month=kyiv(2026, 4, 1).date(), now=LATER, computed_by="job")
    snapshot_compute(month=kyiv(2026, 5, 1).date(), now=LATER, computed_by="job")
    # and a late answer for February (not a contribution) arrives
    did(frozen_march["bohdan"], "answer", kyiv(2026, 2, 20), recorded=LATER)
    # then March has not moved, and computing it again says so
    assert _row() == row
    assert _rollup(MARCH) == rollup
    assert snapshot_compute(month=MARCH, now=LATER, computed_by="job").outcome == (
        Outcome.UNCHANGED
    )


def test_late_data_is_counted_for_frozen_months_only(frozen_march):
    # Given a frozen March, then in May: an activity for March, one for April, and a member
    # imported with a join date in March
    did(frozen_march["anna"], "answer", kyiv(2026, 3, 25), recorded=LATER)
    did(frozen_march["anna"], "answer", kyiv(2026, 4, 25), recorded=LATER)
    did(frozen_march["anna"], "answer", kyiv(2026, 3, 26), recorded=kyiv(2026, 3, 27))
    person(kyiv(2026, 3, 28), name="Imported Ivan")
    snapshot_compute(month=kyiv(2026, 5, 1).date(), now=LATER, computed_by="job")

    # When the nightly job recounts late data
    months_with_late_data = snapshots_late_data_refresh(now=LATER)

    # then March shows one late activity and one late member; May (provisional) shows none
    march = MonthlySnapshot.objects.get(month=MARCH)
    assert months_with_late_data == 1
    assert (march.late_activities, march.late_members) == (1, 1)
    assert march.late_checked_at == LATER
    assert march.has_late_data
    may = MonthlySnapshot.objects.get(month=kyiv(2026, 5, 1).date())
    assert (may.late_activities, may.late_members) == (0, 0)


def test_corrections_and_removals_after_freezing_are_late_data_for_the_months_they_touch(
    frozen_march,
):
    # Given a frozen March and a frozen April, each with an activity of Anna's
    april = kyiv(2026, 4, 1).date()
    in_april = did(frozen_march["anna"], "code", kyiv(2026, 4, 3))
    snapshot_compute(month=april, now=kyiv(2026, 5, 1, 2, 0), computed_by="job")
    in_march = Activity.objects.get(member=frozen_march["anna"], kind="docs")
    manager = person(kyiv(2026, 1, 1), name="Manager")
    # and, in May, a manager moves the April activity into March, changes the kind of the
    # March one, and removes Bohdan's March answer
    activity_correct(
        activity=in_april, actor=manager, changes={"occurred_at": kyiv(2026, 3, 30)}, now=LATER
    )
    activity_correct(activity=in_march, actor=manager, changes={"kind": "idea"}, now=LATER)
    activity_remove(
        activity=Activity.objects.get(member=frozen_march["bohdan"]), actor=manager, now=LATER
    )

    # When the nightly job recounts late data
    snapshots_late_data_refresh(now=LATER)

    # then March counts the three changes that touched it and April the one that moved out
    march = MonthlySnapshot.objects.get(month=MARCH)
    assert (march.late_activities, march.late_members) == (3, 0)
    assert MonthlySnapshot.objects.get(month=april).late_activities == 1
    # and a change made before a month was computed is not late for it
    snapshot_restate(month=MARCH, now=LATER, reason="Corrections", restated_by="person")
    snapshots_late_data_refresh(now=LATER)
    assert MonthlySnapshot.objects.get(month=MARCH).late_activities == 0


def test_restating_a_month_marks_the_next_frozen_month_and_restating_that_clears_it(
    frozen_march,
):
    # Given a frozen February and March (March's active retention counted February's actives)
    february = kyiv(2026, 2, 1).date()
    snapshot_compute(month=february, now=kyiv(2026, 3, 1, 2, 0), computed_by="job")
    # When a late February activity of Dana's (not active in March) makes a manager restate
    # February
    dana = person(kyiv(2026, 1, 8), name="Dana")
    did(dana, "answer", kyiv(2026, 2, 20), recorded=LATER)
    snapshot_restate(month=february, now=LATER, reason="Late answers", restated_by="command")
    # then March is marked at once, and its comparison shows why
    march = MonthlySnapshot.objects.get(month=MARCH)
    assert march.late_previous_restated
    assert march.has_late_data
    compared = snapshot_compare(month=MARCH, now=LATER)
    assert "active_retention" in compared.changes
    # the nightly recount keeps the mark, and restating March clears it
    snapshots_late_data_refresh(now=LATER)
    assert MonthlySnapshot.objects.get(month=MARCH).late_previous_restated
    snapshot_restate(month=MARCH, now=LATER, reason="February restated", restated_by="command")
    assert not MonthlySnapshot.objects.get(month=MARCH).late_previous_restated
    snapshots_late_data_refresh(now=LATER)
    assert not MonthlySnapshot.objects.get(month=MARCH).has_late_data


def test_a_first_contribution_that_moves_out_of_or_into_a_frozen_month_is_late_data(
    frozen_march,
):
    # Given a frozen March in which Carla made her first contribution ever, and Anna her
    # second (her first was in February)
    carla = person(kyiv(2026, 1, 5), name="Carla")
    did(carla, "code", kyiv(2026, 3, 10))
    snapshot_restate(month=MARCH, now=kyiv(2026, 4, 2), reason="Carla", restated_by="command")
    assert MonthlySnapshot.objects.get(month=MARCH).new_contributors == 1
    manager = person(kyiv(2026, 1, 1), name="Manager")
    # When a contribution of Carla's from January is recorded late, and Anna's February
    # contribution is removed
    did(carla, "idea", kyiv(2026, 1, 20), recorded=LATER)
    activity_remove(
        activity=Activity.objects.get(member=frozen_march["anna"], kind="code"),
        actor=manager,
        now=LATER,
    )
    snapshots_late_data_refresh(now=LATER)
    # then March counts both members whose first contribution moved, and its comparison
    # agrees that new_contributors is unchanged in number (one out, one in)
    march = MonthlySnapshot.objects.get(month=MARCH)
    assert march.late_members == 2
    assert "new_contributors" not in snapshot_compare(month=MARCH, now=LATER).changes


def test_the_activity_recorded_before_freezing_but_with_the_late_stamp_is_not_late(
    community,
):
    # An activity recorded (and counted) before the freeze is not late data.
    did(community["anna"], "answer", kyiv(2026, 3, 29), recorded=kyiv(2026, 3, 30))
    snapshot_compute(month=MARCH, now=FROZEN_AT, computed_by="job")
    snapshots_late_data_refresh(now=LATER)
    march = MonthlySnapshot.objects.get(month=MARCH)
    assert (march.late_activities, march.late_members) == (0, 0)


def test_a_run_that_fails_leaves_the_previous_row_and_rollup_untouched(community, monkeypatch):
    # Given a provisional March
    snapshot_compute(month=MARCH, now=kyiv(2026, 3, 10), computed_by="job")
    row, rollup = _row(), _rollup(MARCH)
    fill = RollupFill.objects.filter(month=MARCH).values().get()
    did(community["bohdan"], "idea", kyiv(2026, 3, 11))

    # When the next run fails after filling the rollup
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(snapshot_services, "month_figures", broken)
    with pytest.raises(RuntimeError):
        snapshot_compute(month=MARCH, now=kyiv(2026, 3, 12), computed_by="job")

    # then the snapshot, the rollup and its fill state are as before
    assert _row() == row
    assert _rollup(MARCH) == rollup
    assert RollupFill.objects.filter(month=MARCH).values().get() == fill


def test_filling_a_month_again_replaces_its_rows(community):
    # Given a filled March, and a row for a member with no fact in March (an activity of theirs
    # was moved to another month since the fill)
    rollup_fill_month(month=MARCH, now=kyiv(2026, 3, 20))
    expected = _rollup(MARCH)
    stray = person(kyiv(2026, 1, 1), name="No activity")
    MemberMonth.objects.create(month=MARCH, member=stray, activities=3)

    # When the month is filled again, twice
    rows = rollup_fill_month(month=MARCH, now=kyiv(2026, 3, 21))
    assert rollup_fill_month(month=MARCH, now=kyiv(2026, 3, 22)) == rows

    # then the stray row is gone, the rows are those of the ledger, and the fill is recorded
    assert _rollup(MARCH) == expected
    assert rows == len(expected) == 2
    fill = RollupFill.objects.get(month=MARCH)
    assert (fill.rows, fill.filled_at) == (rows, kyiv(2026, 3, 22))


def test_a_fill_is_all_or_nothing(community, monkeypatch):
    # Given a filled March
    rollup_fill_month(month=MARCH, now=kyiv(2026, 3, 20))
    rollup, fill = _rollup(MARCH), RollupFill.objects.filter(month=MARCH).values().get()
    did(community["bohdan"], "idea", kyiv(2026, 3, 21))

    # When the next fill fails after deleting the month's rows
    def broken(**kwargs):
        raise RuntimeError("the statement was cancelled")

    monkeypatch.setattr(rollup_services, "_fill_params", broken)
    with pytest.raises(RuntimeError):
        rollup_fill_month(month=MARCH, now=kyiv(2026, 3, 22))

    # then the rows and the fill record are as the last fill left them
    assert _rollup(MARCH) == rollup
    assert RollupFill.objects.filter(month=MARCH).values().get() == fill


def test_the_monthly_job_freezes_the_month_that_ended_and_a_second_run_changes_nothing(
    community,
):
    # Given February and March left provisional
    snapshot_compute(month=kyiv(2026, 2, 1).date(), now=kyiv(2026, 2, 20), computed_by="job")
    snapshot_compute(month=MARCH, now=kyiv(2026, 3, 20), computed_by="job")

    # When the monthly job runs on 1 April, then again
    first = snapshots_finalize_ended(now=FROZEN_AT, computed_by="job")
    rows = list(MonthlySnapshot.objects.values())
    second = snapshots_finalize_ended(now=kyiv(2026, 4, 1, 3, 0), computed_by="job")

    # then both months are frozen once, and the second run wrote nothing
    assert [(r.label, r.outcome) for r in first] == [
        ("2026-02", Outcome.FROZEN),
        ("2026-03", Outcome.FROZEN),
    ]
    assert [(r.label, r.outcome) for r in second] == [("2026-03", Outcome.UNCHANGED)]
    assert list(MonthlySnapshot.objects.values()) == rows


def test_a_month_that_has_not_begun_cannot_be_computed():
    with pytest.raises(DomainError, match="has not begun yet"):
        snapshot_compute(month=kyiv(2026, 7, 1).date(), now=kyiv(2026, 6, 30), computed_by="job")
    assert not MonthlySnapshot.objects.exists()


def test_your_data_has_your_rollup_rows_and_leaving_keeps_them(frozen_march):
    from members.selectors.account import member_export

    anna = frozen_march["anna"]
    exported = member_export(member=anna, now=LATER)["monthly_rollup"]
    assert exported == [
        {
            "month": "2026-02",
            "activities": 1,
            "contributions": 1,
            "points": 1,
            "first_contribution": True,
            "joined_in_month": False,
            "left_in_month": False,
        },
        {
            "month": "2026-03",
            "activities": 1,
            "contributions": 1,
            "points": 1,
            "first_contribution": False,
            "joined_in_month": False,
            "left_in_month": False,
        },
    ]
    rows = _rollup(MARCH)
    member_leave(member=anna, now=LATER)
    assert _rollup(MARCH) == rows


def test_changes_read_as_the_dashboard_shows_them_on_pages_and_raw_in_commands():
    changes = {"active_users": (40, 42), "engagement_rate": (0.559, 0.5652), "nps": (10.0, -5.0)}
    assert describe_changes(changes) == (
        "active_users 40 → 42 (+2), engagement_rate 0.559 → 0.5652 (+0.0062), nps 10 → -5 (-15)"
    )
    assert describe_changes(changes, percent=True) == (
        "active_users 40 → 42 (+2), engagement_rate 55.9 % → 56.5 % (+0.6 points), "
        "nps 10 → -5 (-15)"
    )
