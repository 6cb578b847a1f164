"""Writes about recurring series: checking a recurrence rule, generating the occurrences of the
next months, and changing a series with every future occurrence not edited on its own.

Lock order: every path that changes a series and its occurrences (the organizers' "whole
series" edit, the admin's "apply to the series", the series' own admin page) locks the series
row first, then the occurrences ordered by primary key (`series_lock`, then
`series_occurrences_lock`), so two such edits queue instead of deadlocking. Editing one event
locks only that event (`events.services.rsvps.event_lock`).

Occurrences are computed on naive local wall-clock time and only then given the series' zone,
so "19:00 Europe/Kyiv" is 19:00 in Kyiv in winter (17:00 UTC) and in summer (16:00 UTC).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import Event, EventHost, EventSeries, EventStatus
from events.services.rsvps import event_capacity_check, waitlist_fill
from hub.core.audit import audit_record
from hub.core.errors import DomainError

#: How far ahead the daily job keeps occurrences.
GENERATION_HORIZON = timedelta(days=92)

#: Fields an occurrence takes from its series (and that "edit the whole series" changes).
TEMPLATE_FIELDS = (
    "title",
    "description",
    "group",
    "kind",
    "level",
    "format",
    "time_zone",
    "venue",
    "online_url",
    "capacity",
    "visibility",
    "min_tier",
)
#: Series-only fields that move the time of every future occurrence.
TIME_FIELDS = ("local_start_time", "duration_minutes")
#: What a change of the series may set: the template, the time, and the series' own settings
#: (which change only the occurrences made from now on).
SERIES_FIELDS = (
    *TEMPLATE_FIELDS,
    *TIME_FIELDS,
    "slug",
    "rrule",
    "starts_on",
    "rsvp_deadline_minutes_before",
    "is_active",
)


def _rule_text(rrule: str) -> str:
    text = rrule.strip()
    return text[6:] if text.upper().startswith("RRULE:") else text


def rrule_validate(*, rrule: str) -> None:
    text = _rule_text(rrule)
    if "DTSTART" in text.upper() or "\n" in text:
        raise ValidationError(
            {"rrule": "Give only the rule, e.g. FREQ=MONTHLY;BYDAY=1WE; the start is separate."}
        )
    try:
        rrulestr(f"RRULE:{text}", dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError, KeyError) as error:
        raise ValidationError({"rrule": f"Not a valid recurrence rule: {error}"}) from error


def series_occurrence_starts(
    *, series: EventSeries, window_start: datetime, window_end: datetime
) -> list[datetime]:
    """The aware start of every occurrence in [window_start, window_end]."""
    zone = ZoneInfo(series.time_zone)
    first = datetime.combine(series.starts_on, series.local_start_time)  # naive, local
    rule = rrulestr(f"RRULE:{_rule_text(series.rrule)}", dtstart=first)
    local_from = timezone.localtime(window_start, zone).replace(tzinfo=None)
    local_to = timezone.localtime(window_end, zone).replace(tzinfo=None)
    return [naive.replace(tzinfo=zone) for naive in rule.between(local_from, local_to, inc=True)]


def _occurrence_times(series: EventSeries, start: datetime) -> dict:
    times = {"starts_at": start, "ends_at": start + timedelta(minutes=series.duration_minutes)}
    if series.rsvp_deadline_minutes_before is not None:
        times["rsvp_deadline"] = start - timedelta(minutes=series.rsvp_deadline_minutes_before)
    return times


@transaction.atomic
def series_generate(
    *,
    series: EventSeries,
    now: datetime,
    horizon: timedelta = GENERATION_HORIZON,
    since: datetime | None = None,
) -> int:
    """Make the occurrences of the next `horizon` that do not exist yet; return how many.

    Keyed by (series, local date): an edited, moved or cancelled occurrence is never made
    again, and running twice changes nothing. `since` (the demo's history) starts earlier.
    """
    if not series.is_active:
        return 0
    created = 0
    host_ids = list(series.hosts.values_list("pk", flat=True))
    for start in series_occurrence_starts(
        series=series, window_start=since or now, window_end=now + horizon
    ):
        event, was_created = Event.objects.get_or_create(
            series=series,
            occurrence_date=start.date(),
            defaults={
                **{name: getattr(series, name) for name in TEMPLATE_FIELDS},
                **_occurrence_times(series, start),
                "slug": f"{series.slug}-{start:%Y-%m-%d}",
                "status": EventStatus.PUBLISHED,
                "created_at": now,
            },
        )
        if was_created:
            EventHost.objects.bulk_create(
                [EventHost(event=event, member_id=member_id) for member_id in host_ids]
            )
            created += 1
    return created


def series_generate_all(*, now: datetime) -> int:
    return sum(
        series_generate(series=series, now=now)
        for series in EventSeries.objects.filter(is_active=True).order_by("pk")
    )


def series_lock(*, series_id: int) -> EventSeries:
    """The series row, locked for the rest of the transaction (the first lock of every path
    that changes a series; see the module's lock order)."""
    return EventSeries.objects.select_for_update().get(pk=series_id)


def series_occurrences_lock(
    *, series: EventSeries, now: datetime, also: Event | None = None
) -> list[Event]:
    """The occurrences a whole-series change reaches (future, not edited on their own), and
    `also` (the occurrence being edited, which may be neither), locked in primary-key order.
    The caller holds the series lock."""
    reached = Q(series=series, detached_from_series=False, starts_at__gt=now)
    if also is not None:
        reached |= Q(pk=also.pk)
    return list(Event.objects.select_for_update().filter(reached).order_by("pk"))


def _series_values_check(changes: dict) -> None:
    unknown = set(changes) - set(SERIES_FIELDS)
    if unknown:
        raise DomainError(
            "Only the shared details and the start time can change for a whole series; "
            f"change {', '.join(sorted(unknown))} on each event instead."
        )
    if "rrule" in changes:
        try:
            rrule_validate(rrule=changes["rrule"])
        except ValidationError as error:
            raise DomainError(" ".join(error.message_dict["rrule"]), code="rrule") from error


@transaction.atomic
def series_create(*, values: dict, hosts: list, actor, now: datetime) -> EventSeries:
    """A new series (its occurrences come from the daily job, or `series_generate`)."""
    _series_values_check(values)
    series = EventSeries(created_at=now, **values)
    series.full_clean()
    series.save()
    series.hosts.set(hosts)
    audit_record(
        actor=actor, action="series.create", target=series, now=now, data={"series": series.title}
    )
    return series


@transaction.atomic
def series_update(
    *, series: EventSeries, changes: dict, actor, now: datetime, hosts: list | None = None
) -> list[Event]:
    """Change a series and every future occurrence not edited on its own: the shared details
    (TEMPLATE_FIELDS), and a new local start time or duration moves each one on its own day.
    The rule, first day and the series' own settings change the series only. `hosts`, when
    given, become the hosts of the occurrences made from now on. Returns the occurrences
    changed.

    Lock order (the same on every path that changes a series): the series row first, then its
    occurrences ordered by primary key. Editing a single event locks only that event.
    """
    _series_values_check(changes)
    series = series_lock(series_id=series.pk)
    future = series_occurrences_lock(series=series, now=now)
    if "capacity" in changes:
        event_capacity_check(events=future, capacity=changes["capacity"])
    for name, value in changes.items():
        setattr(series, name, value)
    series.full_clean()
    series.save()
    if hosts is not None:
        series.hosts.set(hosts)
    shared = set(changes) & set(TEMPLATE_FIELDS)
    moved = set(changes) & {*TIME_FIELDS, "time_zone"}
    zone = ZoneInfo(series.time_zone)
    changed = []
    for event in future if shared or moved else []:
        for name in shared:
            setattr(event, name, changes[name])
        if moved:
            local = datetime.combine(event.occurrence_date, series.local_start_time)
            for name, value in _occurrence_times(series, local.replace(tzinfo=zone)).items():
                setattr(event, name, value)
        event.full_clean()
        event.save()
        waitlist_fill(event=event, now=now)
        changed.append(event)
    fields = sorted({*changes, *(["hosts"] if hosts is not None else [])})
    audit_record(
        actor=actor,
        action="series.update",
        target=series,
        now=now,
        data={"series": series.title, "occurrences": len(changed), "fields": ", ".join(fields)},
    )
    return changed
