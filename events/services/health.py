"""Group Health Score (the User Group Playbook):

    score = 0.3·frequency + 0.3·attendance + 0.2·growth + 0.2·leader

Each component is 0-100 over a three-month window. The snapshot of month M covers the calendar
months M-2, M-1 and M in the community's time zone: from the start of M-2 to the end of M, or to
`now` when M is the current month (an on-demand recompute). Precisely:

- frequency  = 100 * held ÷ (cadence_per_month * 3), capped at 100. An event is *held* when it
  belongs to the group, is published (not draft, not cancelled), starts in the window and has
  ended by the window's end.
- attendance = 100 * checked in ÷ going, over the RSVPs of the held events (walk-ins count on
  both sides); 0 when nobody was going.
- growth     = the change in the group's member count from the window's start to its end,
  mapped linearly from -10 % → 0 to +10 % → 100 and clamped (no change → 50). A group that
  starts empty scores 100 if it gained members, 0 if it is still empty.
- leader     = 100 * the share of the three months in which the leader or a co-organizer (as
  they are now) recorded any activity in the ledger or hosted (or spoke at) a published event
  of the group.

Healthy above 70, At risk from 40 to 70, Inactive below 40. Every group is computed at once
with grouped SQL aggregates; the arithmetic is the pure function `health_components`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from events.models import (
    Event,
    EventHost,
    EventStatus,
    GroupHealthSnapshot,
    GroupMembership,
    HealthStatus,
    RsvpStatus,
    UserGroup,
)
from hub.core.timeutils import month_of, month_start, next_month, previous_month
from members.models import Activity

WEIGHTS = {"frequency": 0.3, "attendance": 0.3, "growth": 0.2, "leader": 0.2}
WINDOW_MONTHS = 3
GROWTH_SPAN = 0.10  # ±10 % maps onto 0..100

COMPONENT_DEFINITIONS = {
    "frequency": "Events held in the three months ÷ events the cadence expects, capped at 100.",
    "attendance": "People checked in ÷ people going, over the events held.",
    "growth": "Change in member count over the three months: -10 % scores 0, +10 % scores 100.",
    "leader": "Share of the three months in which the leader or a co-organizer was active.",
}


@dataclass(frozen=True)
class HealthInputs:
    cadence_per_month: int
    held: int
    going: int
    checked_in: int
    members_at_start: int
    members_at_end: int
    leader_active_months: int


def health_status(score: float) -> str:
    if score > 70:
        return HealthStatus.HEALTHY
    if score >= 40:
        return HealthStatus.AT_RISK
    return HealthStatus.INACTIVE


def health_components(inputs: HealthInputs) -> dict[str, float]:
    """The four components and the score, each 0-100, rounded to one decimal."""
    expected = inputs.cadence_per_month * WINDOW_MONTHS
    frequency = min(100.0, 100.0 * inputs.held / expected)
    attendance = 100.0 * inputs.checked_in / inputs.going if inputs.going else 0.0
    if inputs.members_at_start:
        change = (inputs.members_at_end - inputs.members_at_start) / inputs.members_at_start
        growth = 50.0 + 50.0 * change / GROWTH_SPAN
    else:
        growth = 100.0 if inputs.members_at_end else 0.0
    growth = max(0.0, min(100.0, growth))
    leader = 100.0 * inputs.leader_active_months / WINDOW_MONTHS
    parts = {
        "frequency": frequency,
        "attendance": attendance,
        "growth": growth,
        "leader": leader,
    }
    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    return {name: round(value, 1) for name, value in {**parts, "score": score}.items()}


def health_window(*, month: date, now: datetime) -> tuple[datetime, datetime, list[date]]:
    months = [month.replace(day=1)]
    while len(months) < WINDOW_MONTHS:
        months.insert(0, previous_month(months[0]))
    start = month_start(months[0])
    end = min(month_start(next_month(months[-1])), now)
    return start, end, months


def health_inputs_all(
    *, month: date, now: datetime, group_ids: list[int] | None = None
) -> dict[int, HealthInputs]:
    """Three grouped queries for every group at once."""
    start, end, months = health_window(month=month, now=now)
    groups = UserGroup.objects.all()
    if group_ids is not None:
        groups = groups.filter(pk__in=group_ids)

    held = (
        Event.objects.filter(
            group__in=groups,
            status=EventStatus.PUBLISHED,
            starts_at__gte=start,
            ends_at__lte=end,
        )
        .values("group")
        .annotate(
            held=Count("id", distinct=True),
            going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
            checked_in=Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False)),
        )
    )
    events_by_group = {row["group"]: row for row in held}

    def existing_at(instant):
        return Q(joined_at__lte=instant) & (Q(left_at__isnull=True) | Q(left_at__gt=instant))

    sizes = (
        GroupMembership.objects.filter(group__in=groups)
        .values("group")
        .annotate(
            at_start=Count("id", filter=existing_at(start)),
            at_end=Count("id", filter=existing_at(end)),
        )
    )
    sizes_by_group = {row["group"]: row for row in sizes}

    annotations = {}
    for index, first_day in enumerate(months):
        month_from = month_start(first_day)
        month_to = min(month_start(next_month(first_day)), end)
        organizer = Q(member_id=OuterRef("leader_id")) | Q(
            member__co_organized_groups=OuterRef("pk")
        )
        active = Exists(
            Activity.objects.filter(
                organizer, occurred_at__gte=month_from, occurred_at__lt=month_to
            )
        )
        hosted = Exists(
            EventHost.objects.filter(
                organizer,
                event__group=OuterRef("pk"),
                event__status=EventStatus.PUBLISHED,
                event__starts_at__gte=month_from,
                event__starts_at__lt=month_to,
            )
        )
        annotations[f"active_{index}"] = active | hosted
    rows = groups.annotate(**annotations).values("pk", "cadence_per_month", *annotations)

    inputs = {}
    for row in rows:
        events = events_by_group.get(row["pk"], {})
        size = sizes_by_group.get(row["pk"], {})
        inputs[row["pk"]] = HealthInputs(
            cadence_per_month=row["cadence_per_month"],
            held=events.get("held", 0),
            going=events.get("going", 0),
            checked_in=events.get("checked_in", 0),
            members_at_start=size.get("at_start", 0),
            members_at_end=size.get("at_end", 0),
            leader_active_months=sum(bool(row[name]) for name in annotations),
        )
    return inputs


@transaction.atomic
def group_health_compute_month(
    *, month: date, now: datetime, group_ids: list[int] | None = None
) -> list[GroupHealthSnapshot]:
    """Compute and store the snapshot of `month` for every group (or those given). Running it
    again for the same month replaces the rows with the same values (when nothing changed)."""
    month = month.replace(day=1)
    start, end, _ = health_window(month=month, now=now)
    snapshots = []
    for group_id, inputs in health_inputs_all(month=month, now=now, group_ids=group_ids).items():
        parts = health_components(inputs)
        snapshot, _ = GroupHealthSnapshot.objects.update_or_create(
            group_id=group_id,
            month=month,
            defaults={
                "computed_at": now,
                "window_start": start,
                "window_end": end,
                **{name: Decimal(str(parts[name])) for name in (*WEIGHTS, "score")},
                "status": health_status(parts["score"]),
                "inputs": inputs.__dict__,
            },
        )
        snapshots.append(snapshot)
    return snapshots


def group_health_compute_now(
    *, now: datetime, group_ids: list[int] | None = None
) -> list[GroupHealthSnapshot]:
    """On demand: the window of the current month, up to now."""
    return group_health_compute_month(month=month_of(now), now=now, group_ids=group_ids)
