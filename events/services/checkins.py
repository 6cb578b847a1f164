"""Writes at the door: checking people in (walk-ins too) and crediting attendance and hosting;
and the attendance export, which records who downloaded it.

Check-in opens two hours before the start and closes a day after the end. Checking someone in
twice changes nothing. A member with no seat (a walk-in, or someone still on the waitlist) who
is physically there gets a going RSVP flagged `walk_in`, even past capacity: the room decides.
"""

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event, EventHost, EventStatus, Rsvp, RsvpStatus
from events.selectors.checkins import event_attendance
from events.services.rsvps import event_lock, rsvp_queue_number_next
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import ActivityKind
from members.selectors.membership import member_require_current
from members.services.activities import activity_record

CHECKIN_OPENS_BEFORE = timedelta(hours=2)
CHECKIN_CLOSES_AFTER = timedelta(hours=24)
ACTIVITY_SOURCE = "event"


@dataclass(frozen=True)
class CheckinResult:
    rsvp: Rsvp
    created: bool  # False: they were checked in already


def _activity_time(event: Event, now: datetime) -> datetime:
    return min(event.starts_at, now)


def event_hosting_record(*, event: Event, now: datetime) -> int:
    """Credit every host and speaker with `event_hosting` once the event is held (its first
    check-in, or the post-event job for events with check-ins). Idempotent by external id."""
    created = 0
    for host in EventHost.objects.filter(event=event).select_related("member"):
        result = activity_record(
            member=host.member,
            kind=ActivityKind.EVENT_HOSTING,
            occurred_at=_activity_time(event, now),
            source=ACTIVITY_SOURCE,
            external_id=f"hosting-{event.pk}-{host.member_id}",
            title=f"{host.get_role_display()}: {event.title}",
            metadata={"event_id": event.pk, "role": host.role},
            now=now,
        )
        created += result.created
    return created


@transaction.atomic
def checkin_record(*, event: Event, member, actor, now: datetime) -> CheckinResult:
    """Check a member in. The caller has checked that `actor` may run this event's door."""
    event = event_lock(event_id=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise DomainError("Only a published event can have check-ins.", code="not_published")
    if now < event.starts_at - CHECKIN_OPENS_BEFORE:
        raise DomainError(
            "Check-in opens two hours before the event starts.", code="checkin_not_open"
        )
    if now > event.ends_at + CHECKIN_CLOSES_AFTER:
        raise DomainError("Check-in closed a day after the event ended.", code="checkin_closed")
    member_require_current(member, now=now, to="be checked in")
    rsvp = Rsvp.objects.filter(event=event, member=member).first()
    if rsvp is not None and rsvp.checked_in_at is not None:
        return CheckinResult(rsvp, created=False)
    if rsvp is None:
        rsvp = Rsvp(
            event=event,
            member=member,
            queued_at=now,
            queue_number=rsvp_queue_number_next(event=event),
            walk_in=True,
        )
    elif rsvp.status != RsvpStatus.GOING:
        rsvp.walk_in = True
    rsvp.status = RsvpStatus.GOING
    rsvp.checked_in_at, rsvp.checked_in_by, rsvp.updated_at = now, actor, now
    rsvp.save()
    activity_record(
        member=member,
        kind=ActivityKind.EVENT_ATTENDANCE,
        occurred_at=_activity_time(event, now),
        source=ACTIVITY_SOURCE,
        external_id=f"checkin-{event.pk}-{member.pk}",
        title=event.title,
        metadata={"event_id": event.pk, "walk_in": rsvp.walk_in},
        now=now,
    )
    # Someone is in the room, so the event is held: credit its hosts now.
    event_hosting_record(event=event, now=now)
    audit_record(
        actor=actor,
        action="rsvp.checkin",
        subject=member,
        target=event,
        now=now,
        data={"event": event.title, "walk_in": rsvp.walk_in},
    )
    return CheckinResult(rsvp, created=True)


# --- The attendance export -------------------------------------------------------------------

#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def event_attendance_csv_export(
    *, event: Event, stream, actor, with_emails: bool, now: datetime
) -> int:
    """Write the event's attendance as CSV to `stream` (name, status, checked in at, walk-in,
    and the email address only `with_emails`, which the view allows managers alone), and
    record who downloaded it; returns how many rows. Names a member typed are written so a
    spreadsheet never runs them as formulas."""
    writer = csv.writer(stream)
    writer.writerow(
        ["name", *(["email"] if with_emails else []), "status", "checked_in_at", "walk_in"]
    )
    zone = event.zone
    count = 0
    for rsvp in event_attendance(event=event):
        checked_in = (
            timezone.localtime(rsvp.checked_in_at, zone).strftime("%Y-%m-%d %H:%M")
            if rsvp.checked_in_at
            else ""
        )
        writer.writerow(
            [
                _cell(rsvp.member.display_name),
                *([rsvp.member.email] if with_emails else []),
                rsvp.get_status_display(),
                checked_in,
                "yes" if rsvp.walk_in else "no",
            ]
        )
        count += 1
    audit_record(
        actor=actor,
        action="event.attendance_export",
        now=now,
        target=event,
        data={"event": event.title, "count": count, "with_emails": with_emails},
    )
    return count
