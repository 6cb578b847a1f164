"""Writes about recurring series and editing events: generating occurrences from an RRULE,
editing one occurrence or the whole series, cancelling an event and telling its attendees.

Occurrences are computed on naive local wall-clock time and only then given the series' zone,
so "19:00 Europe/Kyiv" is 19:00 in Kyiv in winter (17:00 UTC) and in summer (16:00 UTC).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, EventHost, EventSeries, EventStatus, Rsvp, RsvpStatus
from events.services.rsvps import event_lock, waitlist_fill
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


def _local_text(instant: datetime, zone: str) -> str:
    return timezone.localtime(instant, ZoneInfo(zone)).strftime("%-d %b %Y")


def event_capacity_check(*, events: list[Event], capacity: int | None) -> None:
    """Refuse a capacity below the seats already taken on any of `events` (locked by the
    caller): lowering it would have to un-seat people, which the hub never does silently."""
    if capacity is None or not events:
        return
    crowded = (
        Event.objects.filter(pk__in=[event.pk for event in events])
        .annotate(going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        .filter(going__gt=capacity)
        .order_by("starts_at", "pk")
        .values("starts_at", "time_zone", "going")
        .first()
    )
    if crowded is not None:
        going = crowded["going"]
        where = (
            "this event"
            if len(events) == 1
            else f"the occurrence of {_local_text(crowded['starts_at'], crowded['time_zone'])}"
        )
        raise DomainError(
            f"{going} people already have a seat at {where}, so the capacity cannot go below "
            f"{going}. Ask people to cancel, or cancel the event, before making it smaller.",
            code="capacity_below_going",
        )


@transaction.atomic
def event_update(*, event: Event, changes: dict, scope: str, actor, now: datetime) -> list[Event]:
    """Change an event. `scope` is "occurrence" (this event only; it then keeps its own values
    when the series changes) or "series" (the series template and every future occurrence not
    edited on its own, including a new local start time or duration). Returns what changed."""
    if scope not in ("occurrence", "series"):
        raise DomainError("Choose whether to change this event or the whole series.")
    if scope == "series":
        if event.series_id is None:
            raise DomainError("This event is not part of a series.")
        return _series_update(series=event.series, changes=changes, actor=actor, now=now)
    event = event_lock(event_id=event.pk)
    if "capacity" in changes:
        event_capacity_check(events=[event], capacity=changes["capacity"])
    for name, value in changes.items():
        setattr(event, name, value)
    if event.series_id is not None and set(changes) & {*TEMPLATE_FIELDS, "starts_at", "ends_at"}:
        event.detached_from_series = True
    event.full_clean()
    event.save()
    waitlist_fill(event=event, now=now)  # a bigger room gives the waitlist its seats
    audit_record(
        actor=actor,
        action="event.update",
        target=event,
        now=now,
        data={"scope": scope, "event": event.title, "fields": ", ".join(sorted(changes))},
    )
    return [event]


def _series_update(*, series: EventSeries, changes: dict, actor, now: datetime) -> list[Event]:
    unknown = set(changes) - set(TEMPLATE_FIELDS) - set(TIME_FIELDS)
    if unknown:
        raise DomainError(
            "Only the shared details and the start time can change for a whole series; "
            f"change {', '.join(sorted(unknown))} on each event instead."
        )
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    for name, value in changes.items():
        setattr(series, name, value)
    series.full_clean()
    series.save()
    future = list(
        Event.objects.select_for_update()
        .filter(series=series, detached_from_series=False, starts_at__gt=now)
        .order_by("pk")
    )
    if "capacity" in changes:
        event_capacity_check(events=future, capacity=changes["capacity"])
    zone = ZoneInfo(series.time_zone)
    changed = []
    for event in future:
        for name in set(changes) & set(TEMPLATE_FIELDS):
            setattr(event, name, changes[name])
        if set(changes) & (set(TIME_FIELDS) | {"time_zone"}):
            local = datetime.combine(event.occurrence_date, series.local_start_time)
            for name, value in _occurrence_times(series, local.replace(tzinfo=zone)).items():
                setattr(event, name, value)
        event.full_clean()
        event.save()
        waitlist_fill(event=event, now=now)
        changed.append(event)
    audit_record(
        actor=actor,
        action="series.update",
        target=series,
        now=now,
        data={
            "series": series.title,
            "occurrences": len(changed),
            "fields": ", ".join(sorted(changes)),
        },
    )
    return changed


@transaction.atomic
def event_cancel(*, event: Event, actor, now: datetime) -> Event:
    """Cancel an event (an occurrence of a series stays cancelled: it is never regenerated) and
    email everyone going or waiting, after the commit."""
    event = event_lock(event_id=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("This event is already cancelled.", code="already_cancelled")
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    member_ids = list(
        Rsvp.objects.filter(
            event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED]
        ).values_list("member_id", flat=True)
    )
    audit_record(
        actor=actor,
        action="event.cancel",
        target=event,
        now=now,
        data={"event": event.title, "told": len(member_ids)},
    )
    if member_ids:
        from events.tasks import event_cancelled_notify

        transaction.on_commit(lambda: event_cancelled_notify.delay(event.pk, member_ids))
    return event
