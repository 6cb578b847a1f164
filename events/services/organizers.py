"""Writes behind the organizers' event pages: creating a group's event, editing it (one
occurrence or the whole series, with its hosts) without ever un-seating anyone.

Editing goes through `events.services.series.event_update` (the same path as the admin), after
the checks that event_update does not make: a capacity below the number going is refused, a
whole-series edit cannot move an occurrence to another day, an event with RSVPs cannot go back
to draft. Cancelling is `events.services.series.event_cancel`.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, EventHost, EventSeries, EventStatus, Rsvp, RsvpStatus, UserGroup
from events.services.rsvps import event_lock
from events.services.series import TEMPLATE_FIELDS, event_capacity_check, event_update
from hub.core.audit import audit_record
from hub.core.errors import DomainError

#: What the organizers' form may set on an event (the group, series and slug are not theirs).
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "level",
    "format",
    "time_zone",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "capacity",
    "rsvp_deadline",
    "visibility",
    "min_tier",
    "status",
    "recording_url",
    "transcript_url",
)
#: The status an organizer may choose on the form; cancelling has its own page and service.
FORM_STATUSES = (EventStatus.DRAFT, EventStatus.PUBLISHED)


def _slug_for(title: str) -> str:
    return slugify(title)[:200] or "event"


def _hosts_set(*, event: Event, hosts: list) -> bool:
    """Make exactly `hosts` the event's hosts (speakers stay as they are); True if it changed."""
    wanted = {person.pk for person in hosts}
    current = set(
        EventHost.objects.filter(event=event, role=EventHost.Role.HOST).values_list(
            "member_id", flat=True
        )
    )
    listed = set(EventHost.objects.filter(event=event).values_list("member_id", flat=True))
    removed = current - wanted
    added = wanted - listed
    promoted = (wanted - current) & listed  # a speaker who now also hosts
    EventHost.objects.filter(event=event, member_id__in=removed).delete()
    EventHost.objects.bulk_create([EventHost(event=event, member_id=pk) for pk in sorted(added)])
    EventHost.objects.filter(event=event, member_id__in=promoted).update(role=EventHost.Role.HOST)
    return bool(removed or added or promoted)


def _hosts_validate(hosts: list) -> None:
    if any(person.joined_at is None or person.left_at is not None for person in hosts):
        raise DomainError("Hosts must be current members.", code="hosts")


@transaction.atomic
def event_create(
    *,
    group: UserGroup,
    values: dict,
    hosts: list,
    actor,
    now: datetime,
) -> Event:
    """A new event of `group`, as a draft or published, with its hosts. `values` holds the
    fields of EDITABLE_FIELDS (missing ones take the model's defaults)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"These cannot be set here: {', '.join(sorted(unknown))}.")
    if values.get("status", EventStatus.PUBLISHED) not in FORM_STATUSES:
        raise DomainError("A new event is a draft or published.", code="status")
    if values["starts_at"] <= now:
        raise DomainError("The start is in the past; choose a time to come.", code="starts_at")
    _hosts_validate(hosts)
    event = Event(group=group, slug=_slug_for(values["title"]), created_at=now, **values)
    event.full_clean()
    event.save()
    _hosts_set(event=event, hosts=hosts)
    audit_record(
        actor=actor,
        action="event.create",
        target=event,
        now=now,
        data={
            "hosts": sorted(person.pk for person in hosts),
            "event": event.title,
            "status": event.get_status_display().lower(),
            "group": group.name,
        },
    )
    return event


def _changes(event: Event, values: dict) -> dict:
    """The values that differ from the event's (aware datetimes compare by instant)."""
    changed = {}
    for name, value in values.items():
        if getattr(event, name) != value:
            changed[name] = value
    return changed


def _series_time_changes(*, event: Event, series: EventSeries, changes: dict) -> dict:
    """A new start or end on a whole-series edit becomes the series' wall-clock start and
    duration; a new day cannot, since the rule gives the days."""
    if not {"starts_at", "ends_at"} & set(changes):
        return {}
    zone = ZoneInfo(changes.get("time_zone", event.time_zone))
    starts_at = changes.get("starts_at", event.starts_at)
    ends_at = changes.get("ends_at", event.ends_at)
    local_start = timezone.localtime(starts_at, zone)
    if event.occurrence_date is not None and local_start.date() != event.occurrence_date:
        raise DomainError(
            "A whole series keeps the days its rule gives. To move this occurrence to "
            "another day, choose 'This occurrence only'.",
            code="starts_at",
        )
    time_changes = {}
    if local_start.time().replace(second=0, microsecond=0) != series.local_start_time:
        time_changes["local_start_time"] = local_start.time().replace(second=0, microsecond=0)
    minutes = int((ends_at - starts_at) / timedelta(minutes=1))
    if minutes != series.duration_minutes:
        time_changes["duration_minutes"] = minutes
    return time_changes


@transaction.atomic
def event_edit(
    *,
    event: Event,
    values: dict,
    hosts: list | None,
    scope: str,
    actor,
    now: datetime,
) -> Event:
    """Apply the organizers' form to an event. `scope` is "occurrence" or, for an occurrence of
    a series, "series": then the shared details and the time of day change on the series and
    every future occurrence not edited on its own (and this one), while the status, deadline
    and after-event links stay this occurrence's own. Returns the event as saved."""
    if scope not in ("occurrence", "series"):
        raise DomainError("Choose whether to change this occurrence or the whole series.")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"These cannot be set here: {', '.join(sorted(unknown))}.")
    event = event_lock(event_id=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("This event is cancelled, so it can no longer change.", code="status")
    if scope == "series" and event.series_id is None:
        raise DomainError("This event is not part of a series.", code="scope")
    if hosts is not None:
        _hosts_validate(hosts)
    changes = _changes(event, values)
    if changes.get("status", EventStatus.DRAFT) not in FORM_STATUSES:
        raise DomainError("Use 'Cancel the event' to cancel it.", code="status")
    if changes.get("status") == EventStatus.DRAFT:
        taken = Rsvp.objects.filter(
            event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED]
        ).count()
        if taken:
            raise DomainError(
                f"{taken} people have RSVPed, so the event cannot go back to draft; "
                "cancel it instead if it will not happen.",
                code="status",
            )
    if "starts_at" in changes and changes["starts_at"] <= now:
        raise DomainError("The new start is in the past; choose a time to come.", code="starts_at")

    if scope == "occurrence":
        if changes:
            event_update(event=event, changes=changes, scope="occurrence", actor=actor, now=now)
        touched = [event]
    else:
        touched = _series_edit(event=event, changes=changes, actor=actor, now=now)

    if hosts is not None:
        hosts_changed = False
        if scope == "series":
            series = EventSeries.objects.get(pk=event.series_id)
            series.hosts.set(hosts)
        for each in touched:
            hosts_changed |= _hosts_set(event=each, hosts=hosts)
        if hosts_changed or scope == "series":
            audit_record(
                actor=actor,
                action="event.hosts",
                target=event,
                now=now,
                data={
                    "scope": scope,
                    "hosts": sorted(person.pk for person in hosts),
                    "host_count": len(hosts),
                    "occurrences": len(touched),
                    "event": event.title,
                },
            )
    event.refresh_from_db()
    return event


def _series_edit(*, event: Event, changes: dict, actor, now: datetime) -> list[Event]:
    series = EventSeries.objects.select_for_update().get(pk=event.series_id)
    shared = {name: value for name, value in changes.items() if name in TEMPLATE_FIELDS}
    shared.update(_series_time_changes(event=event, series=series, changes=changes))
    own = {
        name: value
        for name, value in changes.items()
        if name not in TEMPLATE_FIELDS and name not in ("starts_at", "ends_at")
    }
    # Lock every occurrence the series edit reaches, in the order event_update locks them.
    reached = list(
        Event.objects.select_for_update()
        .filter(series=series, detached_from_series=False, starts_at__gt=now)
        .order_by("pk")
    )
    if "capacity" in shared:
        # event_update checks the occurrences it reaches; this one may be detached from them.
        event_capacity_check(events=[*reached, event], capacity=shared["capacity"])
    changed = []
    if shared:
        changed = event_update(event=event, changes=shared, scope="series", actor=actor, now=now)
    if event.pk not in {each.pk for each in changed}:
        # Edited on its own before, or already started: "this and the series" includes it.
        mine = {name: value for name, value in changes.items() if name in TEMPLATE_FIELDS}
        mine.update({name: changes[name] for name in ("starts_at", "ends_at") if name in changes})
        own.update(mine)
    if own:
        event_update(event=event, changes=own, scope="occurrence", actor=actor, now=now)
    others = [each for each in reached if each.pk != event.pk]
    return [event, *others]
