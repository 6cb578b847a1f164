"""Writes on events by the people who run them (a group's organizers, an event's hosts, the
managers, on the organizers' pages and in the admin): creating an event, changing one
occurrence or the whole series (with its hosts) without ever un-seating anyone, cancelling and
telling the attendees.

`event_update` is the one path every edit takes (the organizers' form through `event_edit`,
which first makes the checks only a form needs, and the admin). A whole-series change goes
through `events.services.series.series_update` and keeps its lock order: the series, then its
occurrences by primary key.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.models import (
    AttendeesMessage,
    Event,
    EventHost,
    EventSeries,
    EventStatus,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.services.rsvps import event_capacity_check, event_lock, waitlist_fill
from events.services.series import (
    TEMPLATE_FIELDS,
    TIME_FIELDS,
    series_lock,
    series_occurrences_lock,
    series_update,
)
from events.tasks.organizers import attendees_message_send_task, event_cancelled_notify_task
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.selectors.membership import member_is_current

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


def _hosts_validate(hosts: list, *, now: datetime) -> None:
    if not all(member_is_current(person, now=now) for person in hosts):
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
    _hosts_validate(hosts, now=now)
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
    if scope == "series":
        if event.series_id is None:
            raise DomainError("This event is not part of a series.", code="scope")
        # The lock order of every series change: the series, then its occurrences by pk.
        series = series_lock(series_id=event.series_id)
        reached = series_occurrences_lock(series=series, now=now, also=event)
        event = next(each for each in reached if each.pk == event.pk)
    else:
        event = event_lock(event_id=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise DomainError("This event is cancelled, so it can no longer change.", code="status")
    if hosts is not None:
        _hosts_validate(hosts, now=now)
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
        touched = _series_edit(
            event=event, series=series, reached=reached, changes=changes, actor=actor, now=now
        )

    if hosts is not None:
        hosts_changed = False
        if scope == "series":
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


def _series_edit(
    *,
    event: Event,
    series: EventSeries,
    reached: list[Event],
    changes: dict,
    actor,
    now: datetime,
) -> list[Event]:
    """The whole-series part of `event_edit`; the caller holds the series and `reached` (the
    occurrences it reaches and `event`) locked."""
    shared = {name: value for name, value in changes.items() if name in TEMPLATE_FIELDS}
    shared.update(_series_time_changes(event=event, series=series, changes=changes))
    own = {
        name: value
        for name, value in changes.items()
        if name not in TEMPLATE_FIELDS and name not in ("starts_at", "ends_at")
    }
    if "capacity" in shared:
        # series_update checks the occurrences it reaches; this one may be detached from them.
        event_capacity_check(events=reached, capacity=shared["capacity"])
    changed = []
    if shared:
        changed = series_update(series=series, changes=shared, actor=actor, now=now)
    if event.pk not in {each.pk for each in changed}:
        # Edited on its own before, or already started: "this and the series" includes it.
        mine = {name: value for name, value in changes.items() if name in TEMPLATE_FIELDS}
        mine.update({name: changes[name] for name in ("starts_at", "ends_at") if name in changes})
        own.update(mine)
    if own:
        event_update(event=event, changes=own, scope="occurrence", actor=actor, now=now)
    others = [each for each in reached if each.pk != event.pk]
    return [event, *others]


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
        unknown = set(changes) - set(TEMPLATE_FIELDS) - set(TIME_FIELDS)
        if unknown:
            raise DomainError(
                "Only the shared details and the start time can change for a whole series; "
                f"change {', '.join(sorted(unknown))} on each event instead."
            )
        return series_update(series=event.series, changes=changes, actor=actor, now=now)
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
        transaction.on_commit(lambda: event_cancelled_notify_task.delay(event.pk, member_ids))
    return event


def event_hosts_release(*, member, now: datetime) -> int:
    """A member who leaves the community hosts no event to come: they leave the hosts of every
    event that has not started and of every series (past hosting stays, as the ledger credits
    it). Each event gets an audit entry about the member; returns how many events."""
    hostings = EventHost.objects.filter(member=member, event__starts_at__gt=now).select_related(
        "event"
    )
    released = 0
    for hosting in hostings.order_by("event_id"):
        audit_record(
            actor=None,
            action="event.host_left",
            subject=member,
            target=hosting.event,
            now=now,
            data={"event": hosting.event.title, "role": hosting.role},
        )
        hosting.delete()
        released += 1
    EventSeries.hosts.through.objects.filter(user_id=member.pk).delete()
    return released


@transaction.atomic
def event_manager_update(
    *, event: Event, changes: dict, apply_to: str, actor, now: datetime
) -> Event:
    """A manager's edit in the admin. `apply_to` "series" (for an occurrence) puts the shared
    details on the series and its future occurrences and the rest on this event; "occurrence"
    puts everything on this event. A status of cancelled goes through `event_cancel`, so the
    attendees are told. Locks in the series' order: the series, then its occurrences by pk."""
    changes = dict(changes)
    cancelling = changes.get("status") == EventStatus.CANCELLED
    if cancelling:
        del changes["status"]
    if apply_to == "series" and event.series_id is not None:
        series = series_lock(series_id=event.series_id)
        series_occurrences_lock(series=series, now=now, also=event)
        shared = {name: value for name, value in changes.items() if name in TEMPLATE_FIELDS}
        own = {name: value for name, value in changes.items() if name not in TEMPLATE_FIELDS}
        if shared:
            event_update(event=event, changes=shared, scope="series", actor=actor, now=now)
        if own:
            event_update(event=event, changes=own, scope="occurrence", actor=actor, now=now)
    elif changes:
        event_update(event=event, changes=changes, scope="occurrence", actor=actor, now=now)
    if cancelling:
        event_cancel(event=event, actor=actor, now=now)
    event.refresh_from_db()
    return event


@transaction.atomic
def event_duplicate(*, event: Event, actor, now: datetime) -> Event:
    """A draft copy of `event` with its hosts and speakers, outside any series, without RSVPs
    or after-event links."""
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.title = f"{event.title} (copy)"[:200]
    copy.status = EventStatus.DRAFT
    copy.series, copy.occurrence_date, copy.detached_from_series = None, None, False
    copy.recording_url = copy.transcript_url = ""
    copy.created_at = now
    copy.full_clean()
    copy.save()
    EventHost.objects.bulk_create(
        [
            EventHost(event=copy, member_id=host.member_id, role=host.role)
            for host in EventHost.objects.filter(event=event).order_by("pk")
        ]
    )
    audit_record(
        actor=actor,
        action="event.duplicate",
        target=copy,
        now=now,
        data={"from": event.pk, "event": event.title},
    )
    return copy


@transaction.atomic
def event_host_roles_set(*, event: Event, roles: dict, actor, now: datetime) -> bool:
    """Make `roles` ({member: "host" or "speaker"}) exactly the event's hosts and speakers
    (the admin's hosts table). Someone new must be a current member. Returns whether anything
    changed; a change leaves an audit entry."""
    event = event_lock(event_id=event.pk)
    current = dict(EventHost.objects.filter(event=event).values_list("member_id", "role"))
    wanted = {member.pk: role for member, role in roles.items()}
    newcomers = [member for member in roles if member.pk not in current]
    _hosts_validate(newcomers, now=now)
    if wanted == current:
        return False
    EventHost.objects.filter(event=event).exclude(member_id__in=wanted).delete()
    for member_id, role in wanted.items():
        EventHost.objects.update_or_create(
            event=event, member_id=member_id, defaults={"role": role}
        )
    audit_record(
        actor=actor,
        action="event.hosts",
        target=event,
        now=now,
        data={
            "scope": "occurrence",
            "hosts": sorted(wanted),
            "host_count": len(wanted),
            "occurrences": 1,
            "event": event.title,
        },
    )
    return True


@transaction.atomic
def attendees_message_create(
    *, event: Event, subject: str, body: str, actor, now: datetime
) -> AttendeesMessage:
    """A manager's message to everyone going to `event`: stored, audited, and sent after the
    commit, once per recipient (a retry skips those who have it)."""
    message = AttendeesMessage(
        event=event, author=actor, subject=subject, body=body, created_at=now
    )
    message.full_clean()
    message.save()
    going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
    audit_record(
        actor=actor,
        action="event.email_attendees",
        target=event,
        now=now,
        data={
            "message": message.pk,
            "email_subject": subject,
            "count": going,
            "event": event.title,
        },
    )
    transaction.on_commit(lambda: attendees_message_send_task.delay(message.pk))
    return message
