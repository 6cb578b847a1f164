"""The metrics part of the demo community (after every other step, order 90): the programme's
start month, the last twelve months computed and frozen, the running month provisional, one
month restated because of a late import, another showing late data, and the monthly report of
last month sent to the managers, so `make run` opens on a full dashboard.

Deterministic and safe to run twice: frozen months are only compared on a second run, the late
activities have fixed external ids, and the restatement and the report are made once.
"""

from datetime import timedelta

from django.db.models import Q

from hub.core.extension_points import DemoContext
from hub.core.text import counted
from hub.core.timeutils import month_bounds, previous_month
from members.models import Activity, ActivityPoints, User
from metrics.models import ComputedBy, MonthlySnapshot, ProgrammeSettings, SnapshotRevision
from metrics.selectors.cohorts import months_before
from metrics.services.reports import monthly_report_for_month
from metrics.services.snapshots import (
    snapshot_restate,
    snapshots_compute_range,
    snapshots_late_data_refresh,
)

HISTORY_MONTHS = 12
RESTATED_MONTHS_AGO = 4
LATE_MONTHS_AGO = 2
RESTATEMENT_REASON = "The GitHub import of that month's pull requests arrived three weeks late."


def _quiet_member(month) -> User | None:
    """The first demo member (by id) who was a member all through `month` and did nothing in
    it: their late contribution moves the month's figures."""
    start, end = month_bounds(month)
    return (
        User.objects.filter(email__endswith="@demo.hub.test", joined_at__lt=start)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=end))
        .exclude(activities__occurred_at__gte=start, activities__occurred_at__lt=end)
        .order_by("pk")
        .first()
    )


def _late_activity(*, month, when, note: str) -> bool:
    """A contribution for a frozen month, recorded after it was frozen (once); whether it is
    there."""
    if Activity.objects.filter(source="github", external_id=f"demo-late-{month:%Y-%m}").exists():
        return True
    member = _quiet_member(month)
    if member is None:
        return False
    start, _end = month_bounds(month)
    points = ActivityPoints.objects.filter(kind="code").values_list("points", flat=True).first()
    Activity.objects.create(
        source="github",
        external_id=f"demo-late-{month:%Y-%m}",
        member=member,
        kind="code",
        occurred_at=max(start + timedelta(days=20), member.joined_at),
        recorded_at=when,
        title=note,
        points=points or 0,
    )
    return True


def seed_snapshots(*, context: DemoContext) -> str:
    now = context.now
    this_month = month_bounds(now)[0].date()
    last_month = previous_month(this_month)
    first = months_before(last_month, HISTORY_MONTHS - 1)
    # The demo's growth follows the strategy from eleven months before this one: programme
    # month 1 (members.demo).
    settings, _ = ProgrammeSettings.objects.get_or_create(pk=ProgrammeSettings.SINGLETON_ID)
    if settings.programme_start is None:
        settings.programme_start = months_before(this_month, 11)
        settings.save(update_fields=["programme_start"])

    # Frozen half an hour ago, so what the demo records "now" counts as late data.
    frozen_at = now - timedelta(minutes=30)
    results = list(
        snapshots_compute_range(
            first=first, last=this_month, now=frozen_at, computed_by=ComputedBy.COMMAND
        )
    )
    context.progress(f"{len(results)} months computed")

    restated = months_before(this_month, RESTATED_MONTHS_AGO)
    late = months_before(this_month, LATE_MONTHS_AGO)
    restatements = 0
    _late_activity(
        month=late,
        when=now - timedelta(minutes=10),
        note="Docs: the profiler's flags (imported late)",
    )
    snapshot = MonthlySnapshot.objects.filter(month=restated).first()
    not_yet_restated = (
        snapshot is not None and not SnapshotRevision.objects.filter(snapshot=snapshot).exists()
    )
    if not_yet_restated and _late_activity(
        month=restated,
        when=now - timedelta(minutes=20),
        note="Profiler: sample every thread (imported late)",
    ):
        snapshot_restate(
            month=restated,
            now=now - timedelta(minutes=5),
            reason=RESTATEMENT_REASON,
            restated_by=ComputedBy.COMMAND,
        )
        restatements = 1
    with_late_data = snapshots_late_data_refresh(now=now)
    # Last month's report, written and sent to the managers (once: a second run finds it).
    report, sent = monthly_report_for_month(month=last_month, now=now)
    return (
        f"programme start {settings.programme_start:%Y-%m}; "
        f"{counted(len(results), 'month')} computed "
        f"({first:%Y-%m} to {this_month:%Y-%m}, the last provisional); "
        f"{counted(restatements, 'month')} restated; "
        f"{counted(with_late_data, 'frozen month')} with late data; "
        f"the report of {report.label} sent to {counted(sent, 'manager')}"
    )
