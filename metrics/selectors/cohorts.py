"""Cohorts and movement: the cohort retention table, the retention of members who came to an
event early against those who did not, and tier upgrades preceded by a community touchpoint.

- **Cohort table.** A row per join month (the cohort), a column per month since joining (0 is
  the join month itself), each cell the share of the cohort active in that month, with the
  cohort's size (everyone who joined that month, including those who left since). The cells
  come from the stored snapshots: each month's snapshot keeps its active users by join month
  (`active_by_cohort`, counted from the rollup when the month is computed), and the size is the
  cohort month's `new_members`. So the table reads one query, and a frozen month's cells stay
  as frozen.
- **Early event attendance.** Members who joined in a month M are split by whether they have an
  `event_attendance` activity in their first 30 days (from `joined_at` up to 30 days later).
  Their *member retention over the following three months* is the share still existing at the
  end of M+3 (joined any day in January: still a member at the end of April). A cohort counts
  only once M+3 has ended.
- **Touchpoint before an upgrade.** Of a month's tier upgrades (tier history rows moving a
  member up a level, as in the snapshot), those whose member had a community touchpoint
  (`event_attendance`, `event_hosting`, `mentoring` or `answer`) in the 30 days before the
  upgrade.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.db.models.functions import TruncMonth

from hub.core.timeutils import community_zone, month_bounds, month_of, next_month
from members.models import Activity, ActivityKind, TierMembership, User
from metrics.models import MonthlySnapshot

EARLY_DAYS = 30
RETENTION_MONTHS_AFTER = 3
TOUCHPOINT_DAYS = 30
TOUCHPOINT_KINDS = (
    ActivityKind.EVENT_ATTENDANCE,
    ActivityKind.EVENT_HOSTING,
    ActivityKind.MENTORING,
    ActivityKind.ANSWER,
)


def months_after(month: date, count: int) -> date:
    for _ in range(count):
        month = next_month(month)
    return month


def months_before(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def _local_month(value: datetime | None) -> date | None:
    return None if value is None else month_of(value)


# --- The cohort table --------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortCell:
    months_since: int
    month: date
    active: int | None  # None: that month has not been computed
    share: float | None
    provisional: bool

    #: The heat map's shades: a cell is shade n when its share reaches HEAT_STEPS[n - 1].
    HEAT_STEPS = (0.1, 0.25, 0.4, 0.6, 0.8)

    @property
    def heat(self) -> str:
        if self.share is None:
            return "none"
        return str(sum(self.share >= step for step in self.HEAT_STEPS))

    @property
    def text(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.0f} %"


@dataclass(frozen=True)
class CohortRow:
    month: date
    size: int
    cells: list[CohortCell]

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class CohortTable:
    rows: list[CohortRow]
    width: int

    @property
    def cohorts(self) -> list[CohortRow]:
        return self.rows

    @property
    def columns(self) -> range:
        return range(self.width)


def cohort_table(*, last: date, count: int = 24) -> CohortTable:
    """The `count` cohorts up to the month `last` (oldest first), each with its cells up to
    `last`. One query over the snapshots."""
    first = months_before(last, count - 1)
    snapshots = {
        row["month"]: row
        for row in MonthlySnapshot.objects.filter(month__gte=first, month__lte=last).values(
            "month", "new_members", "active_by_cohort", "is_provisional"
        )
    }
    rows = []
    cohort = first
    while cohort <= last:
        joined = snapshots.get(cohort)
        if joined is not None:
            size = joined["new_members"]
            cells, month, since = [], cohort, 0
            while month <= last:
                stored = snapshots.get(month)
                active = (
                    None if stored is None else stored["active_by_cohort"].get(f"{cohort:%Y-%m}", 0)
                )
                cells.append(
                    CohortCell(
                        months_since=since,
                        month=month,
                        active=active,
                        share=active / size if size and active is not None else None,
                        provisional=bool(stored and stored["is_provisional"]),
                    )
                )
                month, since = next_month(month), since + 1
            rows.append(CohortRow(month=cohort, size=size, cells=cells))
        cohort = next_month(cohort)
    width = max((len(row.cells) for row in rows), default=0)
    return CohortTable(rows=rows, width=width)


def cohort_rows(table: CohortTable) -> list[dict]:
    """The table as flat rows for the downloads: one per cohort and month since joining."""
    return [
        {
            "cohort": row.label,
            "cohort_size": row.size,
            "months_since_joining": cell.months_since,
            "month": f"{cell.month:%Y-%m}",
            "active": cell.active,
            "share_active": cell.share,
            "provisional": cell.provisional,
        }
        for row in table.rows
        for cell in row.cells
    ]


COHORT_COLUMNS = (
    "cohort",
    "cohort_size",
    "months_since_joining",
    "month",
    "active",
    "share_active",
    "provisional",
)


# --- Early event attendance and retention ------------------------------------------------------


@dataclass
class RetentionGroup:
    label: str
    joined: int = 0
    eligible: int = 0
    retained: int = 0

    @property
    def share(self) -> float | None:
        return self.retained / self.eligible if self.eligible else None


@dataclass
class EarlyAttendance:
    first: date
    last: date
    attended: RetentionGroup = field(default_factory=lambda: RetentionGroup("Came to an event"))
    did_not: RetentionGroup = field(default_factory=lambda: RetentionGroup("Did not"))

    @property
    def groups(self) -> list[RetentionGroup]:
        return [self.attended, self.did_not]


def early_attendance_retention(*, first: date, last: date, now: datetime) -> EarlyAttendance:
    """Member retention over the three months after joining, for members who joined from the
    month `first` to `last`, split by event attendance in their first 30 days (see the
    module's definitions). One grouped query (join month, came early, month left)."""
    start, end = month_bounds(first)[0], month_bounds(last)[1]
    zone = community_zone()
    came_early = Activity.objects.filter(
        member=OuterRef("pk"),
        kind=ActivityKind.EVENT_ATTENDANCE,
        occurred_at__gte=OuterRef("joined_at"),
        occurred_at__lt=ExpressionWrapper(
            OuterRef("joined_at") + timedelta(days=EARLY_DAYS), output_field=DateTimeField()
        ),
    )
    rows = (
        User.objects.filter(joined_at__gte=start, joined_at__lt=end)
        .annotate(
            cohort=TruncMonth("joined_at", tzinfo=zone),
            left_month=TruncMonth("left_at", tzinfo=zone),
            came_early=Exists(came_early),
        )
        .values("cohort", "left_month", "came_early")
        .annotate(members=Count("pk"))
        .order_by()
    )
    result = EarlyAttendance(first=first, last=last)
    current = month_bounds(now)[0].date()
    for row in rows:
        group = result.attended if row["came_early"] else result.did_not
        cohort = _local_month(row["cohort"])
        left = _local_month(row["left_month"])
        group.joined += row["members"]
        after = months_after(cohort, RETENTION_MONTHS_AFTER)
        if after >= current:  # month M+3 has not ended yet
            continue
        group.eligible += row["members"]
        if left is None or left > after:
            group.retained += row["members"]
    return result


# --- Touchpoints before tier upgrades ----------------------------------------------------------


@dataclass(frozen=True)
class TouchpointMonth:
    month: date
    upgrades: int
    after_touchpoint: int

    @property
    def share(self) -> float | None:
        return self.after_touchpoint / self.upgrades if self.upgrades else None


def touchpoint_upgrades(*, first: date, last: date) -> list[TouchpointMonth]:
    """Per month from `first` to `last` (every month, oldest first): the tier upgrades and how
    many of them followed a community touchpoint within 30 days. One grouped query."""
    start, end = month_bounds(first)[0], month_bounds(last)[1]
    touched = Activity.objects.filter(
        member=OuterRef("member"),
        kind__in=TOUCHPOINT_KINDS,
        occurred_at__lt=OuterRef("started_at"),
        occurred_at__gte=ExpressionWrapper(
            OuterRef("started_at") - timedelta(days=TOUCHPOINT_DAYS),
            output_field=DateTimeField(),
        ),
    )
    rows = (
        TierMembership.objects.filter(
            started_at__gte=start,
            started_at__lt=end,
            from_tier__isnull=False,
            tier__level__gt=F("from_tier__level"),
        )
        .annotate(month=TruncMonth("started_at", tzinfo=community_zone()))
        .values("month")
        .annotate(upgrades=Count("pk"), after_touchpoint=Count("pk", filter=Q(Exists(touched))))
        .order_by("month")
    )
    counts = {_local_month(row["month"]): row for row in rows}
    months, month = [], first.replace(day=1)
    while month <= last:
        row = counts.get(month, {"upgrades": 0, "after_touchpoint": 0})
        months.append(TouchpointMonth(month, row["upgrades"], row["after_touchpoint"]))
        month = next_month(month)
    return months
