"""Snapshots and the cohort table as plain rows, for the export command, the downloads and the
API: the field names of docs/metrics.md, months as "YYYY-MM", rates as fractions."""

import csv
import io
from collections.abc import Iterable

from metrics.models import MemberMonth, MonthlySnapshot
from metrics.models.snapshots import FIGURES

#: After the figures: what kind of row it is and where it came from.
PROVENANCE = ("provisional", "restated", "computed_at", "computed_by", "definitions_version")
SNAPSHOT_COLUMNS = ("month", *FIGURES, *PROVENANCE)


def snapshot_row(snapshot: MonthlySnapshot) -> dict:
    return {
        "month": snapshot.label,
        **snapshot.figures(),
        "provisional": snapshot.is_provisional,
        "restated": snapshot.restated_at is not None,
        "computed_at": snapshot.computed_at.isoformat(),
        "computed_by": snapshot.computed_by,
        "definitions_version": snapshot.definitions_version,
    }


def snapshot_rows(snapshots: Iterable[MonthlySnapshot]) -> list[dict]:
    return [snapshot_row(snapshot) for snapshot in snapshots]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def rows_csv(rows: list[dict], columns: Iterable[str]) -> str:
    """CSV text with a header row; empty figures are empty cells, rates keep every digit."""
    columns = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in columns])
    return buffer.getvalue()


def export_member_months(member) -> list[dict]:
    """ "Your data": the member's rows of the monthly rollup (counts of their own activity)."""
    return [
        {
            "month": f"{row['month']:%Y-%m}",
            "activities": row["activities"],
            "contributions": row["contributions"],
            "points": row["points"],
            "first_contribution": row["first_contribution"],
            "joined_in_month": row["joined_in_month"],
            "left_in_month": row["left_in_month"],
        }
        for row in MemberMonth.objects.filter(member=member)
        .order_by("month")
        .values(
            "month",
            "activities",
            "contributions",
            "points",
            "first_contribution",
            "joined_in_month",
            "left_in_month",
        )
    ]
