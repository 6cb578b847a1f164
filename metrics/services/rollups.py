"""Filling the per-member, per-month rollup (`MemberMonth`) from the activity ledger and the
members table: one `INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE` a month, the way
Zulip's `analytics/lib/counts.py` fills its count tables.

Why raw SQL and not `bulk_create(update_conflicts=True)`: the rows are computed by the
database and written by the database in one statement; nothing travels to Python and back, so
the cost does not grow with the number of members in the process's memory. PostgreSQL (9.5+)
and SQLite (3.24+) both speak `ON CONFLICT (...) DO UPDATE SET col = excluded.col`; the one
SQLite quirk is that an `INSERT ... SELECT` with an upsert needs a WHERE clause on the SELECT
(its documented parsing ambiguity), hence `WHERE 1 = 1`.
"""

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import F

from hub.core.timeutils import month_bounds
from members.models import CONTRIBUTION_KINDS, Activity, User
from metrics.models import MemberMonth, RollupFill

_FILL_SQL = """
INSERT INTO {rollup} (
    month, member_id, activities, contributions, points,
    first_contribution, joined_in_month, left_in_month, generation
)
SELECT %s, member_id, SUM(activities), SUM(contributions), SUM(points),
       MAX(first_contribution) = 1, MAX(joined) = 1, MAX(left_month) = 1, %s
FROM (
    SELECT ledger.member_id AS member_id,
           COUNT(*) AS activities,
           SUM(CASE WHEN ledger.kind IN ({kinds}) THEN 1 ELSE 0 END) AS contributions,
           SUM(ledger.points) AS points,
           CASE WHEN SUM(CASE WHEN ledger.kind IN ({kinds}) THEN 1 ELSE 0 END) > 0
                 AND NOT EXISTS (
                     SELECT 1 FROM {activity} earlier
                     WHERE earlier.member_id = ledger.member_id
                       AND earlier.kind IN ({kinds})
                       AND earlier.occurred_at < %s
                 )
                THEN 1 ELSE 0 END AS first_contribution,
           0 AS joined,
           0 AS left_month
    FROM {activity} ledger
    WHERE ledger.occurred_at >= %s AND ledger.occurred_at < %s
    GROUP BY ledger.member_id
    UNION ALL
    SELECT id, 0, 0, 0, 0, 1, 0 FROM {user}
    WHERE joined_at >= %s AND joined_at < %s
    UNION ALL
    SELECT id, 0, 0, 0, 0, 0, 1 FROM {user}
    WHERE left_at >= %s AND left_at < %s
) AS member_facts
WHERE 1 = 1
GROUP BY member_id
ON CONFLICT (month, member_id) DO UPDATE SET
    activities = excluded.activities,
    contributions = excluded.contributions,
    points = excluded.points,
    first_contribution = excluded.first_contribution,
    joined_in_month = excluded.joined_in_month,
    left_in_month = excluded.left_in_month,
    generation = excluded.generation
"""


def _fill_sql() -> str:
    return _FILL_SQL.format(
        rollup=MemberMonth._meta.db_table,
        activity=Activity._meta.db_table,
        user=User._meta.db_table,
        kinds=", ".join(["%s"] * len(CONTRIBUTION_KINDS)),
    )


def _fill_params(*, month: date, start: datetime, end: datetime, generation: int) -> list:
    ops = connection.ops
    start_value = ops.adapt_datetimefield_value(start)
    end_value = ops.adapt_datetimefield_value(end)
    kinds = [str(kind) for kind in CONTRIBUTION_KINDS]
    # In the order the placeholders appear in _FILL_SQL.
    return [
        ops.adapt_datefield_value(month),
        generation,
        *kinds,
        *kinds,
        *kinds,
        start_value,
        start_value,
        end_value,
        start_value,
        end_value,
        start_value,
        end_value,
    ]


@transaction.atomic
def rollup_fill_month(*, month: date, now: datetime) -> int:
    """Fill the rollup for the calendar month containing `month`; return its row count.

    Safe to redo at any point: the month is marked `started` under a new generation, every
    member's row is upserted in one statement, rows of earlier generations (members who no
    longer have any fact in the month, say after an activity was moved) are deleted, and the
    month is marked `done`. Reads only the month's slice of the ledger (by `occurred_at`) plus
    one index probe per contributor for "first contribution ever".
    """
    start, end = month_bounds(month)
    month = start.date()
    fill, _ = RollupFill.objects.select_for_update().get_or_create(
        month=month, defaults={"state": RollupFill.State.STARTED, "started_at": now}
    )
    RollupFill.objects.filter(pk=fill.pk).update(
        state=RollupFill.State.STARTED,
        generation=F("generation") + 1,
        started_at=now,
        finished_at=None,
    )
    fill.refresh_from_db(fields=["generation"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The two grouping steps hold a row per member of the month; with PostgreSQL's
            # default 4 MB they spill to disk from some tens of thousands of members on.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            _fill_sql(),
            _fill_params(month=month, start=start, end=end, generation=fill.generation),
        )
    MemberMonth.objects.filter(month=month).exclude(generation=fill.generation).delete()
    rows = MemberMonth.objects.filter(month=month).count()
    RollupFill.objects.filter(pk=fill.pk).update(
        state=RollupFill.State.DONE, finished_at=now, rows=rows
    )
    return rows


def rollup_is_filled(*, month: date) -> bool:
    return RollupFill.objects.filter(month=month, state=RollupFill.State.DONE).exists()
