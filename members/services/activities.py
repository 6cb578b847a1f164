"""Writes to the activity ledger: one row per thing a member did, idempotent by source id."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from hub.errors import DomainError
from members.models import Activity, ActivityKind, ActivityPoints, User


@dataclass(frozen=True)
class ActivityRecordResult:
    activity: Activity
    created: bool


def activity_points_for(kind: str) -> int:
    row = ActivityPoints.objects.filter(kind=kind).values_list("points", flat=True).first()
    return row if row is not None else 0


@transaction.atomic
def activity_record(
    *,
    member: User,
    kind: str,
    occurred_at: datetime,
    source: str,
    now: datetime,
    external_id: str = "",
    title: str = "",
    url: str = "",
    metadata: dict | None = None,
    points: int | None = None,
) -> ActivityRecordResult:
    """Add one row to the ledger. With an `external_id`, a second delivery of the same
    `(source, external_id)` returns the existing row with `created=False` instead of a copy."""
    if kind not in ActivityKind.values:
        raise DomainError(f"Unknown activity kind {kind!r}.")
    if occurred_at > now:
        raise DomainError("An activity cannot happen in the future.")
    if external_id:
        existing = Activity.objects.filter(source=source, external_id=external_id).first()
        if existing is not None:
            return ActivityRecordResult(existing, created=False)
    activity = Activity(
        member=member,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=now,
        source=source,
        external_id=external_id,
        title=title,
        url=url,
        metadata=metadata or {},
        points=activity_points_for(kind) if points is None else points,
    )
    activity.full_clean()
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # A concurrent delivery of the same external id won the race: answer with its row.
        existing = Activity.objects.get(source=source, external_id=external_id)
        return ActivityRecordResult(existing, created=False)
    return ActivityRecordResult(activity, created=True)
