"""Filling the per-member, per-month rollup (`MemberMonth`) from the activity ledger and the
members table: one `INSERT ... SELECT ... GROUP BY` a month, the way Zulip's
`analytics/lib/counts.py` fills its count tables.

Why raw SQL and not `bulk_create`: the rows are computed by the database and written by the
database in one statement; nothing travels to Python and back, so the cost does not grow with
the number of members in the process's memory.

Why delete-then-insert and not `ON CONFLICT DO UPDATE`: the fill runs in one transaction, so
nobody sees the month half-written, and a plain insert skips the upsert's speculative insertion
(on PostgreSQL it writes a month of 72,000 rows in about two thirds of the upsert's time, see
docs/metrics.md, Performance); deleting first also removes the rows of members who no longer
have any fact in the month (an activity moved or deleted since the last fill).
"""

from datetime import date, datetime

from django.db import connection, transaction

from hub.core.timeutils import month_bounds
from members.models import CONTRIBUTION_KINDS, Activity, User
from metrics.models import MemberMonth, RollupFill

_FILL_SQL = """
INSERT INTO {rollup} (
    month, member_id, activities, contributions, points,
    first_contribution, joined_in_month, left_in_month
)
SELECT %s, member_id, SUM(activities), SUM(contributions), SUM(points),
       MAX(first_contribution) = 1, MAX(joined) = 1, MAX(left_month) = 1
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
GROUP BY member_id
"""


def _fill_sql() -> str:
    return _FILL_SQL.format(
        rollup=MemberMonth._meta.db_table,
        activity=Activity._meta.db_table,
        user=User._meta.db_table,
        kinds=", ".join(["%s"] * len(CONTRIBUTION_KINDS)),
    )


def _fill_params(*, month: date, start: datetime, end: datetime) -> list:
    ops = connection.ops
    start_value = ops.adapt_datetimefield_value(start)
    end_value = ops.adapt_datetimefield_value(end)
    kinds = [str(kind) for kind in CONTRIBUTION_KINDS]
    # In the order the placeholders appear in _FILL_SQL.
    return [
        ops.adapt_datefield_value(month),
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

    Safe to redo at any point: in one transaction the month's rows are deleted, every member's
    row is written by one statement, and the month's `RollupFill` records when and how many.
    Reads only the month's slice of the ledger (by `occurred_at`) plus one index probe per
    contributor for "first contribution ever".
    """
    start, end = month_bounds(month)
    month = start.date()
    # Lock the month's fill row first, so two fills of one month queue instead of interleaving.
    RollupFill.objects.select_for_update().filter(month=month).first()
    MemberMonth.objects.filter(month=month).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The two grouping steps hold a row per member of the month; with PostgreSQL's
            # default 4 MB they spill to disk from some tens of thousands of members on. The
            # setting lasts until the transaction ends, so the figures read after it too.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(_fill_sql(), _fill_params(month=month, start=start, end=end))
        rows = cursor.rowcount
    RollupFill.objects.update_or_create(month=month, defaults={"filled_at": now, "rows": rows})
    return rows


def rollup_is_filled(*, month: date) -> bool:
    return RollupFill.objects.filter(month=month).exists()
