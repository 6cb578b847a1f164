"""Writing monthly snapshots: computing a month (provisional while it runs, frozen once it has
ended), comparing a frozen month with its data today, restating it, and counting late data.

The rules that keep past months still:
- A frozen month is never overwritten by a computation: computing it again runs the whole
  computation inside a savepoint that is rolled back, and reports "unchanged" or the per-field
  differences. Only `snapshot_restate` (a manager, with a reason) replaces it, and the old
  figures are kept as a `SnapshotRevision`.
- One transaction per month: the rollup fill and the snapshot row commit together, so a run
  that fails leaves the previous row (and the previous rollup) as they were.
- Two runs for the same month never both write: on PostgreSQL the run takes a transaction-level
  advisory lock for the month and a second run that finds it taken writes nothing ("busy"); on
  SQLite transactions start IMMEDIATE (hub.settings), so writers queue one behind the other.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Exists, Min, OuterRef, Q

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from hub.core.timeutils import month_bounds, month_of, next_month, previous_month
from members.models import CONTRIBUTION_KINDS, Activity, User
from metrics.charts import format_value
from metrics.models import ComputedBy, MemberMonth, MonthlySnapshot, SnapshotRevision
from metrics.models.snapshots import BASES, FIGURES, FRACTIONS, KEPT_WITH_FIGURES
from metrics.selectors.snapshots import DEFINITIONS_VERSION, month_figures
from metrics.services.rollups import rollup_fill_month, rollup_is_filled

#: The first key of the advisory lock: "metr" as an integer, so no other lock collides.
_LOCK_NAMESPACE = 0x6D657472


class Outcome:
    CREATED = "created"  # a provisional row for a running month was written for the first time
    UPDATED = "updated"  # the running month's provisional row was recomputed
    FROZEN = "frozen"  # the ended month's final row was written and frozen
    UNCHANGED = "unchanged"  # a frozen month: its data today gives the same figures
    DIFFERS = "differs"  # a frozen month: its data today would change these figures
    RESTATED = "restated"  # a frozen month was replaced, the old figures kept as a revision
    BUSY = "busy"  # another run holds the month: this one wrote nothing


@dataclass(frozen=True)
class ComputeResult:
    month: date
    outcome: str
    snapshot: MonthlySnapshot | None = None
    changes: dict[str, tuple] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    def describe(self) -> str:
        """One line for a person: what happened to the month."""
        if self.outcome == Outcome.DIFFERS:
            return (
                f"{self.label}: frozen; recomputing would change {describe_changes(self.changes)}"
            )
        if self.outcome == Outcome.RESTATED:
            return f"{self.label}: restated; {describe_changes(self.changes) or 'no figure moved'}"
        text = {
            Outcome.CREATED: "provisional (the month is still running)",
            Outcome.UPDATED: "provisional, recomputed (the month is still running)",
            Outcome.FROZEN: "final, frozen",
            Outcome.UNCHANGED: "unchanged (frozen; its data today gives the same figures)",
            Outcome.BUSY: "busy: another run is computing this month; this one wrote nothing",
        }[self.outcome]
        return f"{self.label}: {text}"


def _show(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else str(value)
    return str(value)


def _percent(value) -> str:
    return "empty" if value is None else format_value(value, percent=True)


def describe_changes(changes: dict[str, tuple], *, percent: bool = False) -> str:
    """'active_users 40 → 42 (+2), engagement_rate 0.4 → 0.42 (+0.02)', as the commands and
    exports write the figures; with `percent`, for a page or an email, the fractions read as
    the dashboard shows them: 'engagement_rate 40.0 % → 42.0 % (+2.0 points)'."""
    parts = []
    for name, (old, new) in changes.items():
        delta = ""
        numbers = isinstance(old, int | float) and isinstance(new, int | float)
        if percent and name in FRACTIONS:
            if numbers:
                points = (new - old) * 100
                delta = f" ({'+' if points >= 0 else ''}{points:.1f} points)"
            parts.append(f"{name} {_percent(old)} → {_percent(new)}{delta}")
            continue
        if numbers:
            difference = new - old
            delta = f" ({'+' if difference >= 0 else ''}{_show(difference)})"
        parts.append(f"{name} {_show(old)} → {_show(new)}{delta}")
    return ", ".join(parts)


def figure_changes(old: dict, new: dict) -> dict[str, tuple]:
    """{field: (old, new)} for the figures of the issue that differ, in their order."""
    return {name: (old[name], new[name]) for name in FIGURES if old[name] != new[name]}


def _month_lock(month: date) -> bool:
    """Take the month's lock for this transaction; False when another run holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)",
            [_LOCK_NAMESPACE, month.year * 100 + month.month],
        )
        return bool(cursor.fetchone()[0])


def _fill_and_compute(*, month: date, now: datetime) -> dict:
    """Fill the rollup of the month (and of the month before, if it was never filled: active
    retention needs it) and compute every figure. Runs in the caller's transaction."""
    before = previous_month(month)
    if not rollup_is_filled(month=before):
        rollup_fill_month(month=before, now=now)
    rollup_fill_month(month=month, now=now)
    return month_figures(month=month)


class _Discard(Exception):
    """Raised to roll a savepoint back on purpose."""


def _figures_without_writing(*, month: date, now: datetime) -> dict:
    """The month's figures from today's data, leaving the rollup as it was."""
    figures: dict = {}
    try:
        with transaction.atomic():
            figures = _fill_and_compute(month=month, now=now)
            raise _Discard
    except _Discard:
        pass
    return figures


def _provenance(*, now: datetime, computed_by: str, person: User | None) -> dict:
    return {
        "computed_at": now,
        "computed_by": computed_by,
        "computed_by_person": person if computed_by == ComputedBy.PERSON else None,
        "definitions_version": DEFINITIONS_VERSION,
    }


def _stored_values(figures: dict) -> dict:
    return {name: figures[name] for name in (*FIGURES, *BASES, *KEPT_WITH_FIGURES)}


def snapshot_compute(
    *, month: date, now: datetime, computed_by: str, person: User | None = None
) -> ComputeResult:
    """Compute the month containing `month` in one transaction.

    A month still running gets a provisional row (written or rewritten). A month that has
    ended gets its final row, frozen. A frozen month is only compared with its data today and
    never written (see `snapshot_restate`). `computed_by` says what ran it (job, command or
    person); `person` is the manager when a person did.
    """
    start, end = month_bounds(month)
    month = start.date()
    if start > now:
        raise DomainError(f"{month:%Y-%m} has not begun yet: there is nothing to compute.")
    with transaction.atomic():
        if not _month_lock(month):
            return ComputeResult(month, Outcome.BUSY)
        stored = MonthlySnapshot.objects.select_for_update().filter(month=month).first()
        if stored is not None and not stored.is_provisional:
            figures = _figures_without_writing(month=month, now=now)
            changes = figure_changes(stored.figures(), figures)
            return ComputeResult(
                month, Outcome.DIFFERS if changes else Outcome.UNCHANGED, stored, changes
            )
        figures = _fill_and_compute(month=month, now=now)
        ended = now >= end
        values = {
            **_stored_values(figures),
            **_provenance(now=now, computed_by=computed_by, person=person),
            "period_start": start,
            "period_end": end,
            "is_provisional": not ended,
            "frozen_at": now if ended else None,
            "late_checked_at": now if ended else None,
        }
        if stored is None:
            snapshot = MonthlySnapshot(month=month, **values)
            snapshot.full_clean()
            snapshot.save()
        else:
            snapshot = stored
            for name, value in values.items():
                setattr(snapshot, name, value)
            snapshot.full_clean()
            snapshot.save(update_fields=list(values))
        if ended:
            audit_record(
                actor=person,
                action="snapshot.freeze",
                now=now,
                target=snapshot,
                data={"month": snapshot.label, "by": computed_by},
            )
            return ComputeResult(month, Outcome.FROZEN, snapshot)
        return ComputeResult(
            month, Outcome.CREATED if stored is None else Outcome.UPDATED, snapshot
        )


def snapshot_compare(*, month: date, now: datetime) -> ComputeResult:
    """What recomputing a frozen month from today's data would change, writing nothing: the
    same comparison `snapshot_compute` makes for a frozen month (UNCHANGED, DIFFERS with the
    per-field changes, or BUSY while another run holds the month). Refused for a month that
    is not frozen, which a computation would write."""
    start, _end = month_bounds(month)
    stored = MonthlySnapshot.objects.filter(month=start.date()).first()
    if stored is None or stored.is_provisional:
        raise DomainError(
            f"Only a frozen month is compared with today's data, and {start:%Y-%m} is not "
            "frozen yet.",
            code="not_frozen",
        )
    return snapshot_compute(month=stored.month, now=now, computed_by=ComputedBy.PERSON)


def snapshot_restate(
    *, month: date, now: datetime, reason: str, restated_by: str, person: User | None = None
) -> ComputeResult:
    """Replace a frozen month's figures with what its data gives today, keeping the old ones
    as a revision with who, when and why. The next monthly report lists it."""
    reason = (reason or "").strip()
    start, _end = month_bounds(month)
    month = start.date()
    if not reason:
        raise DomainError(
            "Say why the month is restated: the reason is kept with the old figures.",
            code="reason_required",
        )
    with transaction.atomic():
        if not _month_lock(month):
            raise DomainError(
                f"{month:%Y-%m} is being computed right now. Try again in a minute.", code="busy"
            )
        stored = MonthlySnapshot.objects.select_for_update().filter(month=month).first()
        if stored is None or stored.is_provisional:
            raise DomainError(
                f"Only a frozen month can be restated, and {month:%Y-%m} is not frozen yet: "
                "it is frozen once it has ended and been computed.",
                code="not_frozen",
            )
        figures = _fill_and_compute(month=month, now=now)
        changes = figure_changes(stored.figures(), figures)
        if not changes and stored.definitions_version == DEFINITIONS_VERSION:
            raise DomainError(
                f"Restating {month:%Y-%m} would change nothing: its data today gives the "
                "frozen figures.",
                code="nothing_to_restate",
            )
        revision = SnapshotRevision(
            snapshot=stored,
            figures={
                **stored.figures(),
                **{name: getattr(stored, name) for name in KEPT_WITH_FIGURES},
            },
            changes={name: list(pair) for name, pair in changes.items()},
            computed_at=stored.computed_at,
            definitions_version=stored.definitions_version,
            replaced_at=now,
            replaced_by=restated_by,
            replaced_by_person=person if restated_by == ComputedBy.PERSON else None,
            reason=reason,
        )
        revision.full_clean()
        revision.save()
        values = {
            **_stored_values(figures),
            **_provenance(now=now, computed_by=restated_by, person=person),
            "restated_at": now,
            "late_activities": 0,
            "late_members": 0,
            "late_previous_restated": False,
            "late_checked_at": now,
        }
        for name, value in values.items():
            setattr(stored, name, value)
        stored.full_clean()
        stored.save(update_fields=list(values))
        # The next month's active retention counted this month's actives as they were.
        MonthlySnapshot.objects.filter(
            month=next_month(month), is_provisional=False, computed_at__lt=now
        ).update(late_previous_restated=True)
        audit_record(
            actor=person,
            action="snapshot.restate",
            now=now,
            target=stored,
            data={
                "month": stored.label,
                "fields": ", ".join(changes) or "none",
                "reason": reason,
                "revision": revision.pk,
            },
        )
        return ComputeResult(month, Outcome.RESTATED, stored, changes)


def months_between(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = next_month(month)


def snapshots_compute_range(
    *, first: date, last: date, now: datetime, computed_by: str, person: User | None = None
) -> Iterator[ComputeResult]:
    """Compute each month from `first` to `last` in turn, one transaction each, oldest first
    (a month's active retention reads the month before). Yields each month's result."""
    for month in months_between(first, last):
        yield snapshot_compute(month=month, now=now, computed_by=computed_by, person=person)


def snapshots_finalize_ended(*, now: datetime, computed_by: str) -> list[ComputeResult]:
    """Freeze the month that ended last and any earlier month still provisional (a job that
    did not run in time). Months already frozen are only compared, so running it twice changes
    nothing."""
    current = month_bounds(now)[0].date()
    months = set(
        MonthlySnapshot.objects.filter(is_provisional=True, month__lt=current).values_list(
            "month", flat=True
        )
    )
    months.add(previous_month(current))
    return [
        snapshot_compute(month=month, now=now, computed_by=computed_by) for month in sorted(months)
    ]


# --- Late data ------------------------------------------------------------------------------


#: The audit actions of a manager changing the ledger after the fact (members.services.activities).
_LEDGER_CHANGES = ("activity.correct", "activity.remove")


def _ledger_changes_since(instant: datetime | None) -> list[tuple[datetime, int, set[date]]]:
    """Managers' corrections and removals of activities made after `instant`: when each was
    made, the activity's id and the months it touched (the month the activity was in before
    and the one it is in after; a correction that did not move the activity touches the month
    it is in). Read from the audit log, which keeps the values before and after of every
    change. These are manager actions, a few a month, so they are read into Python; the ledger
    is only asked for the current dates of the corrected activities, in one query."""
    if instant is None:
        return []
    entries = list(
        AuditEntry.objects.filter(action__in=_LEDGER_CHANGES, occurred_at__gt=instant).values_list(
            "occurred_at", "action", "target_id", "data"
        )
    )
    corrected = {target for _, action, target, _ in entries if action == "activity.correct"}
    dates_now = dict(
        Activity.objects.filter(pk__in=[int(pk) for pk in corrected if pk.isdigit()]).values_list(
            "pk", "occurred_at"
        )
    )
    changes = []
    for made_at, action, target, data in entries:
        if not target.isdigit():
            continue
        if action == "activity.remove":
            instants = [(data.get("removed") or {}).get("occurred_at")]
        else:
            instants = [
                (data.get("before") or {}).get("occurred_at"),
                (data.get("after") or {}).get("occurred_at"),
            ]
            current = dates_now.get(int(target))
            if current is not None and not any(instants):
                instants.append(current)
        months = {
            month_of(datetime.fromisoformat(value) if isinstance(value, str) else value)
            for value in instants
            if value
        }
        changes.append((made_at, int(target), months))
    return changes


def _late_counts(
    snapshot: MonthlySnapshot, ledger_changes: list[tuple[datetime, int, set[date]]]
) -> tuple[int, int]:
    """(activities, members) recorded for a frozen month after its figures were computed.

    Activities: those that happened in the month and were recorded after `computed_at`, and
    those a manager corrected or removed since then in a way that touched the month (moved out
    of it, into it, or changed in it: `ledger_changes`, see `_ledger_changes_since`); each
    activity counts once, however many times it changed.
    Members: joins and leaves that now fall in the month but did not when the month was
    computed (an import of past members), plus those that fell in it then and no longer do (a
    corrected date), read against the frozen rollup's joined/left marks; and members whose
    first contribution ever moved into or out of the month (`_first_contribution_changes`).
    A handful of queries, each on an index (occurred_at, joined_at / left_at, the rollup's
    month, members' contributions), and one by primary key when managers changed activities
    of the month."""
    start, end = snapshot.period_start, snapshot.period_end
    recorded_late = Activity.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, recorded_at__gt=snapshot.computed_at
    ).count()
    changed = {
        activity
        for made_at, activity, months in ledger_changes
        if made_at > snapshot.computed_at and snapshot.month in months
    }
    changed_and_recorded_late = (
        Activity.objects.filter(
            pk__in=changed,
            occurred_at__gte=start,
            occurred_at__lt=end,
            recorded_at__gt=snapshot.computed_at,
        ).count()
        if changed
        else 0
    )
    activities = recorded_late + len(changed) - changed_and_recorded_late
    first_contribution_changes = _first_contribution_changes(snapshot, ledger_changes)
    marks = MemberMonth.objects.filter(month=snapshot.month, member_id=OuterRef("pk"))
    joined_now = Q(joined_at__gte=start, joined_at__lt=end)
    left_now = Q(left_at__gte=start, left_at__lt=end)
    appeared = (
        User.objects.filter(joined_now | left_now)
        .filter(
            (joined_now & ~Exists(marks.filter(joined_in_month=True)))
            | (left_now & ~Exists(marks.filter(left_in_month=True)))
        )
        .count()
    )
    disappeared = (
        MemberMonth.objects.filter(month=snapshot.month)
        .filter(
            Q(joined_in_month=True) & ~Q(member__joined_at__gte=start, member__joined_at__lt=end)
            | Q(left_in_month=True) & ~Q(member__left_at__gte=start, member__left_at__lt=end)
        )
        .count()
    )
    return activities, appeared + disappeared + first_contribution_changes


def _first_contribution_changes(
    snapshot: MonthlySnapshot, ledger_changes: list[tuple[datetime, int, set[date]]]
) -> int:
    """Members whose "first contribution ever" no longer falls in the frozen month, or now
    does: a contribution dated before the month recorded (or moved there) since, or, after a
    manager removed or moved an earlier contribution, none left before it. Read against the
    frozen rollup's marks, one index probe per marked member; the second count runs only when
    managers changed activities before the month since it was computed."""
    start = snapshot.period_start
    earlier = Activity.objects.filter(
        member_id=OuterRef("member_id"), kind__in=CONTRIBUTION_KINDS, occurred_at__lt=start
    )
    rows = MemberMonth.objects.filter(month=snapshot.month)
    no_longer_first = rows.filter(first_contribution=True).filter(Exists(earlier)).count()
    earlier_changed = any(
        made_at > snapshot.computed_at and any(month < snapshot.month for month in months)
        for made_at, _activity, months in ledger_changes
    )
    now_first = (
        rows.filter(contributions__gt=0, first_contribution=False).exclude(Exists(earlier)).count()
        if earlier_changed
        else 0
    )
    return no_longer_first + now_first


def snapshots_late_data_refresh(*, now: datetime) -> int:
    """Recount the late data of every frozen month; return how many months have some. Only
    the `late_*` marks change, never a figure."""
    with_late_data = 0
    frozen = MonthlySnapshot.objects.filter(is_provisional=False).order_by("month")
    ledger_changes = _ledger_changes_since(
        frozen.aggregate(earliest=Min("computed_at"))["earliest"]
    )
    restated = dict(
        MonthlySnapshot.objects.filter(restated_at__isnull=False).values_list(
            "month", "restated_at"
        )
    )
    for snapshot in frozen:
        activities, members = _late_counts(snapshot, ledger_changes)
        before_restated = restated.get(previous_month(snapshot.month))
        previous_restated = before_restated is not None and before_restated > snapshot.computed_at
        with_late_data += bool(activities or members or previous_restated)
        MonthlySnapshot.objects.filter(pk=snapshot.pk).update(
            late_activities=activities,
            late_members=members,
            late_previous_restated=previous_restated,
            late_checked_at=now,
        )
    return with_late_data
