"""What the managers' dashboard (/metrics/) and the public numbers page show, read in a fixed
number of queries whatever the community's size: the stored snapshots (never the raw ledger),
the targets, the cohort cells, group health and the ambassador programme's figures."""

from dataclasses import dataclass
from datetime import date, datetime

from ambassadors.selectors.programme import ambassador_month_metrics
from events.models import GroupHealthSnapshot, HealthStatus
from hub.core.timeutils import month_bounds, previous_month
from metrics.charts import LineChart, format_value, line_chart
from metrics.models import MonthlySnapshot, SnapshotRevision
from metrics.selectors.cohorts import CohortTable, cohort_table, months_before
from metrics.selectors.surveys import survey_ambassador_nps
from metrics.selectors.targets import (
    NO_TARGET,
    STATUS_LABELS,
    TRACKED,
    Criterion,
    Targets,
    programme_settings,
    success_criteria,
    target_status,
    targets_load,
)

TREND_MONTHS = 12
COHORT_MONTHS = 12

#: (field, label, is a rate) in the order the headline shows them.
HEADLINE = (
    ("total_members", "Total members", False),
    ("active_users", "Active users", False),
    ("contributors", "Contributors", False),
    ("engagement_rate", "Engagement rate", True),
    ("contribution_rate", "Contribution rate", True),
    ("member_retention", "Member retention", True),
    ("active_retention", "Active retention", True),
    ("new_members", "New members", False),
    ("left_members", "Members who left", False),
    ("new_contributors", "New contributors", False),
    ("contributor_absence_factor", "Contributor absence factor", False),
    ("tier_upgrades", "Tier upgrades", False),
    ("tier_downgrades", "Tier downgrades", False),
)
#: The trend charts: the growth table's metrics, each against its target.
TRENDS = (
    ("total_members", "Total members", False),
    ("active_users", "Active users", False),
    ("contributors", "Contributors", False),
    ("engagement_rate", "Engagement rate", True),
    ("member_retention", "Member retention", True),
)


def show(value, *, rate: bool) -> str:
    if value is None:
        return "—"
    return format_value(value, percent=rate)


def show_nps(value: float | None) -> str:
    """An NPS (-100..100) as people read it, with its sign: "+18", "-5", "—" without answers."""
    return "—" if value is None else f"{value:+.0f}"


@dataclass(frozen=True)
class Headline:
    field: str
    label: str
    rate: bool
    value: float | int | None
    previous: float | int | None
    target: float | int | None
    status: str | None  # None for figures without a target

    @property
    def value_text(self) -> str:
        return show(self.value, rate=self.rate)

    @property
    def target_text(self) -> str:
        return show(self.target, rate=self.rate)

    @property
    def change_text(self) -> str:
        """ "+12", "-3", "+2.5 points" (rates move in percentage points), or "—"."""
        if self.value is None or self.previous is None:
            return "—"
        difference = self.value - self.previous
        sign = "+" if difference > 0 else "" if difference == 0 else "-"
        if self.rate:
            return f"{sign}{abs(difference) * 100:.1f} points"
        return f"{sign}{abs(difference):,}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] if self.status else ""


@dataclass(frozen=True)
class TrendRow:
    month: date
    rate: bool
    value: float | int | None
    target: float | int | None
    status: str
    provisional: bool
    restated: bool

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def value_text(self) -> str:
        return show(self.value, rate=self.rate)

    @property
    def target_text(self) -> str:
        return show(self.target, rate=self.rate)

    @property
    def status_label(self) -> str:
        return "—" if self.status == NO_TARGET else STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Trend:
    field: str
    label: str
    rate: bool
    chart: LineChart
    rows: list[TrendRow]


def _trend(field: str, label: str, rate: bool, months, by_month, targets: Targets) -> Trend:
    rows = []
    for month in months:
        snapshot = by_month.get(month)
        value = getattr(snapshot, field) if snapshot else None
        target = targets.target(field, month)
        rows.append(
            TrendRow(
                month=month,
                rate=rate,
                value=value,
                target=target,
                status=target_status(value, target),
                provisional=bool(snapshot and snapshot.is_provisional),
                restated=bool(snapshot and snapshot.restated_at),
            )
        )
    chart = line_chart(
        labels=[row.label for row in rows],
        actual=[row.value for row in rows],
        target=[row.target for row in rows],
        percent=rate,
    )
    return Trend(field=field, label=label, rate=rate, chart=chart, rows=rows)


def trend_months(*, now: datetime, count: int = TREND_MONTHS) -> list[date]:
    current = month_bounds(now)[0].date()
    return [months_before(current, count - 1 - index) for index in range(count)]


@dataclass(frozen=True)
class GroupHealth:
    month: date | None
    healthy: int
    at_risk: list[GroupHealthSnapshot]
    inactive: list[GroupHealthSnapshot]


def group_health_latest() -> GroupHealth:
    """The groups' health of the latest month the events app computed: how many are healthy,
    and which are at risk or inactive (two queries)."""
    latest = GroupHealthSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return GroupHealth(month=None, healthy=0, at_risk=[], inactive=[])
    rows = list(
        GroupHealthSnapshot.objects.filter(month=latest)
        .select_related("group")
        .order_by("score", "group__name")
    )
    return GroupHealth(
        month=latest,
        healthy=sum(1 for row in rows if row.status == HealthStatus.HEALTHY),
        at_risk=[row for row in rows if row.status == HealthStatus.AT_RISK],
        inactive=[row for row in rows if row.status == HealthStatus.INACTIVE],
    )


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    last_complete: date
    snapshot: MonthlySnapshot | None
    headline: list[Headline]
    trends: list[Trend]
    snapshots: list[MonthlySnapshot]
    cohorts: CohortTable
    criteria: list[Criterion]
    group_health: GroupHealth
    ambassadors: object
    ambassador_nps: dict
    restatements: list[SnapshotRevision]
    programme_start: date | None

    @property
    def late_months(self) -> list[MonthlySnapshot]:
        return [snapshot for snapshot in self.snapshots if snapshot.has_late_data]

    @property
    def survey_rows(self) -> list[dict]:
        """Satisfaction and NPS by month, with the answers each rests on."""
        return [
            {
                "snapshot": snapshot,
                "satisfaction": show(snapshot.satisfaction, rate=True),
                "nps": show_nps(snapshot.nps),
            }
            for snapshot in self.snapshots
        ]

    @property
    def ambassador_nps_text(self) -> str:
        return show_nps(self.ambassador_nps["nps"])


def dashboard_build(*, now: datetime) -> Dashboard:
    """Everything the dashboard shows, for the last complete month and the twelve months up to
    this one. About twenty queries, none of them over the activity ledger's raw rows except the
    ambassador programme's own figures for one month."""
    months = trend_months(now=now)
    last_complete = previous_month(months[-1])
    stored = list(MonthlySnapshot.objects.filter(month__gte=months[0]).order_by("month"))
    by_month = {snapshot.month: snapshot for snapshot in stored}
    before = by_month.get(previous_month(last_complete)) or (
        MonthlySnapshot.objects.filter(month=previous_month(last_complete)).first()
    )
    snapshot = by_month.get(last_complete)
    targets = targets_load()
    headline = []
    for field, label, rate in HEADLINE:
        value = getattr(snapshot, field) if snapshot else None
        target = targets.target(field, last_complete) if field in TRACKED else None
        headline.append(
            Headline(
                field=field,
                label=label,
                rate=rate,
                value=value,
                previous=getattr(before, field) if before else None,
                target=target,
                status=target_status(value, target) if field in TRACKED else None,
            )
        )
    start, end = month_bounds(last_complete)
    return Dashboard(
        now=now,
        last_complete=last_complete,
        snapshot=snapshot,
        headline=headline,
        trends=[_trend(*trend, months, by_month, targets) for trend in TRENDS],
        snapshots=stored,
        cohorts=cohort_table(last=months[-1], count=COHORT_MONTHS),
        criteria=success_criteria(snapshot=snapshot, settings=programme_settings(), now=now),
        group_health=group_health_latest(),
        ambassadors=ambassador_month_metrics(month=last_complete),
        ambassador_nps=survey_ambassador_nps(start=start, end=end),
        restatements=list(
            SnapshotRevision.objects.select_related(
                "snapshot", "replaced_by_person__profile"
            ).order_by("-replaced_at", "-id")[:10]
        ),
        programme_start=targets.start,
    )


# --- The public page -----------------------------------------------------------------------

PUBLIC_TRENDS = (
    ("total_members", "Members", False),
    ("active_users", "Active members", False),
    ("contributors", "Contributors", False),
    ("engagement_rate", "Engagement rate", True),
)


@dataclass(frozen=True)
class PublicSeries:
    label: str
    rate: bool
    chart: LineChart


def public_numbers(*, now: datetime) -> dict:
    """The community's aggregate numbers over the last twelve complete months: frozen months
    only, counts of people and one rate, never a name (one query)."""
    current = month_bounds(now)[0].date()
    first = months_before(current, TREND_MONTHS)
    snapshots = list(
        MonthlySnapshot.objects.filter(
            month__gte=first, month__lt=current, is_provisional=False
        ).order_by("month")
    )
    labels = [snapshot.label for snapshot in snapshots]
    series = [
        PublicSeries(
            label=label,
            rate=rate,
            chart=line_chart(
                labels=labels,
                actual=[getattr(snapshot, field) for snapshot in snapshots],
                target=[None] * len(snapshots),
                percent=rate,
            ),
        )
        for field, label, rate in PUBLIC_TRENDS
    ]
    rows = [
        {
            "label": snapshot.label,
            "month": snapshot.month,
            "values": [
                show(getattr(snapshot, field), rate=rate) for field, _label, rate in PUBLIC_TRENDS
            ],
        }
        for snapshot in snapshots
    ]
    return {"series": series, "rows": rows, "headers": [label for _f, label, _r in PUBLIC_TRENDS]}
