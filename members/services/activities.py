"""Writes to the activity ledger: one row per thing a member did, idempotent by source id."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.models import CONTRIBUTION_KINDS, Activity, ActivityKind, ActivityPoints, User

#: What a member may log themselves from the form; the other kinds come from events and managers.
SELF_LOGGED_KINDS = CONTRIBUTION_KINDS
#: Fields a manager may correct on a ledger row.
CORRECTABLE_FIELDS = ("member", "kind", "occurred_at", "title", "url", "points", "source")


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


def contribution_logged_at(*, member: User, day: date, now: datetime) -> datetime:
    """The instant recorded for a contribution a member dated `day` (a community-local date).

    Noon of that day, but never before the member joined nor after `now`, so a contribution
    logged on the day someone joined, or today in the morning, is still valid.
    """
    noon = datetime.combine(day, time(12, 0), tzinfo=community_zone())
    return min(max(noon, member.joined_at), now)


@transaction.atomic
def contribution_log(
    *, member: User, kind: str, title: str, url: str, day: date, now: datetime
) -> Activity:
    """A member logs code, docs or an idea they did on `day` (not in the future, not before
    they joined). Recorded with source "web" and the points of its kind."""
    if kind not in SELF_LOGGED_KINDS:
        raise DomainError("Choose code, docs or idea: those are the contributions you can log.")
    if member.joined_at is None or (member.left_at is not None and member.left_at <= now):
        raise DomainError("Only current members can log contributions.")
    today = timezone.localtime(now, community_zone()).date()
    joined_day = timezone.localtime(member.joined_at, community_zone()).date()
    if day > today:
        raise DomainError(
            "The date is in the future: log a contribution once you have made it.",
            code="day_in_future",
        )
    if day < joined_day:
        raise DomainError(
            f"The date is before you joined on {joined_day:%d %B %Y}: "
            "only contributions made as a member count.",
            code="day_before_joining",
        )
    if not title.strip():
        raise DomainError("Give the contribution a title.")
    result = activity_record(
        member=member,
        kind=kind,
        occurred_at=contribution_logged_at(member=member, day=day, now=now),
        source="web",
        title=title.strip(),
        url=url.strip(),
        now=now,
    )
    return result.activity


def _activity_snapshot(activity: Activity) -> dict:
    return {
        "member": activity.member_id,
        "kind": activity.kind,
        "occurred_at": activity.occurred_at.isoformat(),
        "source": activity.source,
        "external_id": activity.external_id,
        "title": activity.title,
        "url": activity.url,
        "points": activity.points,
    }


@transaction.atomic
def activity_add_by_manager(
    *,
    actor: User,
    member: User,
    kind: str,
    occurred_at: datetime,
    now: datetime,
    title: str = "",
    url: str = "",
    points: int | None = None,
    source: str = "admin",
    external_id: str = "",
) -> ActivityRecordResult:
    """A manager adds a row the member could not log (mentoring, an answer elsewhere ...)."""
    result = activity_record(
        member=member,
        kind=kind,
        occurred_at=occurred_at,
        source=source or "admin",
        external_id=external_id,
        title=title,
        url=url,
        points=points,
        now=now,
    )
    if result.created:
        audit_record(
            actor=actor,
            action="activity.add",
            subject=member,
            target=result.activity,
            now=now,
            data=_activity_snapshot(result.activity),
        )
    return result


@transaction.atomic
def activity_correct(
    *, activity: Activity, actor: User, changes: dict[str, Any], now: datetime, reason: str = ""
) -> Activity:
    """A manager corrects a ledger row. The audit entry keeps the values before and after, so
    a correction can always be explained (and undone by hand)."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be corrected: {', '.join(sorted(unknown))}.")
    stored = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if stored is None:
        raise DomainError("This activity no longer exists.")
    before = _activity_snapshot(stored)
    for name, value in changes.items():
        setattr(stored, name, value)
    if stored.occurred_at > now:
        raise DomainError("An activity cannot happen in the future.")
    if stored.kind not in ActivityKind.values:
        raise DomainError(f"Unknown activity kind {stored.kind!r}.")
    try:
        stored.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    after = _activity_snapshot(stored)
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return stored
    try:
        with transaction.atomic():
            stored.save(update_fields=[name for name in CORRECTABLE_FIELDS if name in changes])
    except IntegrityError as error:
        raise DomainError("Another activity already has this source and external id.") from error
    audit_record(
        actor=actor,
        action="activity.correct",
        subject=stored.member,
        target=stored,
        now=now,
        data={
            "activity": stored.pk,
            "fields": ", ".join(changed),
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
            "reason": reason,
        },
    )
    return stored


@transaction.atomic
def activity_remove(*, activity: Activity, actor: User, now: datetime, reason: str = "") -> None:
    """A manager removes a ledger row (a spam entry, a duplicate). The audit entry keeps a copy
    of the row, since the row itself is gone."""
    stored = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if stored is None:
        return
    snapshot = _activity_snapshot(stored)
    audit_record(
        actor=actor,
        action="activity.remove",
        subject=stored.member,
        target=stored,
        now=now,
        data={
            "removed": snapshot,
            "activity": stored.pk,
            "kind": stored.get_kind_display(),
            "reason": reason,
        },
    )
    stored.delete()
