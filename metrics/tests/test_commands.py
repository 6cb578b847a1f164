"""compute_metrics and export_metrics, as an operator runs them (relative to today: the
commands take the real time)."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hub.core.timeutils import month_bounds, previous_month
from metrics.models import MonthlySnapshot, SnapshotRevision
from metrics.models.snapshots import FIGURES
from metrics.tests.helpers import did, person

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def months():
    """(two months ago, last month, this month) as first days."""
    this = month_bounds(timezone.now())[0].date()
    last = previous_month(this)
    return previous_month(last), last, this


@pytest.fixture
def community(months):
    _before, last, _this = months
    start, _end = month_bounds(last)
    anna = person(start - timedelta(days=40), name="Anna")
    did(anna, "code", start + timedelta(days=2))
    return anna


def test_compute_a_range_prints_progress_and_freezes_ended_months(community, months):
    before, last, this = months
    output = run("compute_metrics", "--from", f"{before:%Y-%m}", "--to", f"{this:%Y-%m}")
    lines = output.splitlines()
    assert lines[0].startswith(f"[1/3] {before:%Y-%m}: final, frozen")
    assert lines[1].startswith(f"[2/3] {last:%Y-%m}: final, frozen")
    assert lines[2].startswith(f"[3/3] {this:%Y-%m}: provisional")
    assert MonthlySnapshot.objects.filter(is_provisional=False).count() == 2
    assert MonthlySnapshot.objects.get(month=last).computed_by == "command"


def test_computing_a_frozen_month_again_prints_unchanged_or_the_differences(community, months):
    _before, last, _this = months
    run("compute_metrics", "--month", f"{last:%Y-%m}")
    assert "unchanged" in run("compute_metrics", "--month", f"{last:%Y-%m}")

    # Another of Anna's contributions changes no figure (she contributed already) …
    did(community, "docs", month_bounds(last)[0] + timedelta(days=5), recorded=timezone.now())
    assert "unchanged" in run("compute_metrics", "--month", f"{last:%Y-%m}")
    # … a member imported late, with an answer, does
    bohdan = person(month_bounds(last)[0] - timedelta(days=3), name="Bohdan")
    did(bohdan, "answer", month_bounds(last)[0] + timedelta(days=6), recorded=timezone.now())
    output = run("compute_metrics", "--month", f"{last:%Y-%m}")

    assert (
        "frozen; recomputing would change total_members 1 → 2 (+1), active_users 1 → 2 (+1), "
        "contribution_rate 1 → 0.5 (-0.5)"
    ) in output
    assert MonthlySnapshot.objects.get(month=last).active_users == 1


def test_restate_from_the_command_line(community, months, manager):
    _before, last, _this = months
    run("compute_metrics", "--month", f"{last:%Y-%m}")
    newcomer = person(month_bounds(last)[0] + timedelta(days=3), name="Late import")
    did(newcomer, "idea", month_bounds(last)[0] + timedelta(days=4), recorded=timezone.now())

    output = run(
        "compute_metrics",
        "--month",
        f"{last:%Y-%m}",
        "--restate",
        "--reason",
        "Members imported late",
        "--by",
        manager.email,
    )

    assert f"{last:%Y-%m}: restated; " in output
    assert "contributors 1 → 2 (+1)" in output
    revision = SnapshotRevision.objects.get()
    assert (revision.reason, revision.replaced_by_person) == ("Members imported late", manager)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Give --month YYYY-MM, or --from YYYY-MM and --to YYYY-MM."),
        (["--month", "March"], "“March” is not a month: write it as YYYY-MM, like 2026-03."),
        (["--month", "2026-13"], "“2026-13” is not a month"),
        (["--from", "2026-05", "--to", "2026-04"], "--from 2026-05 comes after --to 2026-04."),
        (["--month", "2999-01"], "2999-01 has not begun yet"),
        (["--month", "2026-01", "--restate"], "--restate needs --reason"),
        (["--month", "2026-01", "--by", "nobody@example.com"], "is not a community manager"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("compute_metrics", *args)
    assert not MonthlySnapshot.objects.exists()


def test_restating_a_month_with_nothing_new_is_refused(community, months):
    _before, last, _this = months
    run("compute_metrics", "--month", f"{last:%Y-%m}")
    with pytest.raises(CommandError, match="would change nothing"):
        run("compute_metrics", "--month", f"{last:%Y-%m}", "--restate", "--reason", "Check")
    assert not SnapshotRevision.objects.exists()


def test_export_json_is_a_list_of_objects_with_the_issue_field_names(community, months):
    before, last, this = months
    run("compute_metrics", "--from", f"{before:%Y-%m}", "--to", f"{this:%Y-%m}")

    rows = json.loads(run("export_metrics", "--format", "json", "--from", f"{last:%Y-%m}"))

    assert [row["month"] for row in rows] == [f"{last:%Y-%m}", f"{this:%Y-%m}"]
    assert list(rows[0])[: len(FIGURES) + 1] == ["month", *FIGURES]
    assert rows[0]["active_users"] == 1
    assert rows[0]["engagement_rate"] == 1.0
    assert rows[0]["contributor_absence_factor"] == 1
    assert rows[0]["satisfaction"] is None
    assert (rows[0]["provisional"], rows[1]["provisional"]) == (False, True)
    assert rows[0]["computed_by"] == "command"
    assert rows[0]["definitions_version"] == 1


def test_export_csv_has_a_header_and_empty_cells_for_empty_figures(community, months):
    _before, last, _this = months
    run("compute_metrics", "--month", f"{last:%Y-%m}")

    table = list(csv.DictReader(io.StringIO(run("export_metrics", "--format", "csv"))))

    assert len(table) == 1
    assert table[0]["month"] == f"{last:%Y-%m}"
    assert table[0]["total_members"] == "1"
    assert table[0]["nps"] == ""
    assert table[0]["provisional"] == "false"


def test_export_with_a_bad_month_says_so():
    with pytest.raises(CommandError, match="is not a month"):
        run("export_metrics", "--from", "yesterday")
