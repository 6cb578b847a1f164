"""Writes about RSVPs: taking a seat or a waitlist place, cancelling, declining a freed seat.

Seats are scarce, so every function here locks the event row (SELECT ... FOR UPDATE) inside
its transaction before it counts the seats taken: two members asking for the last seat at the
same moment queue on the lock, and the second one counts the first one's seat. On SQLite the
transactions are IMMEDIATE (see settings), which serializes writers the same way.

The capacity guard (`event_capacity_check`) lives here too: a capacity below the seats taken
would un-seat people, which no edit path may do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from events.models import Event, EventStatus, EventVisibility, Rsvp, RsvpStatus
from events.selectors.events import events_visible_to
from events.selectors.rsvps import WAITLIST_ORDER, rsvp_waitlist_position
from events.tasks.rsvps import rsvp_promoted_notify_task
from hub.core.audit import audit_record
from hub.core.errors import DomainError, NotFound
from members.selectors.membership import member_current_tier, member_require_current

#: Called between counting the seats taken and taking one; None in production. The concurrency
#: test sets a pause here to widen the window in which two requests race for the last seat.
seats_counted_hook: Callable[[], None] | None = None


class RsvpRefused(DomainError):
    """The member may see the event but a rule keeps them from a seat (tier, closed)."""

    status_code = 403


@dataclass(frozen=True)
class RsvpResult:
    rsvp: Rsvp
    created: bool  # False: they already had a seat or a waitlist place, nothing changed
    position: int | None  # their place on the waitlist, None when going

    @property
    def status(self) -> str:
        return self.rsvp.status


def event_lock(*, event_id: int) -> Event:
    """The event row, locked for the rest of the transaction."""
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise NotFound("No such event.")
    return event


def rsvp_queue_number_next(*, event: Event) -> int:
    """The next place in the order of asking for `event`. The caller holds the event's lock, so
    the numbers follow the order in which requests took it and no two requests get the same
    one; the clock is no use here, since a request may read it before another yet lock after."""
    last = Rsvp.objects.filter(event=event).aggregate(last=Max("queue_number"))["last"]
    return (last or 0) + 1


def _local(instant: datetime, event: Event) -> str:
    return timezone.localtime(instant, event.zone).strftime("%-d %b %Y, %H:%M %Z")


def rsvp_check_open(*, event: Event, member, now: datetime) -> None:
    """Why this member cannot RSVP now, as a DomainError; nothing when they can."""
    member_require_current(member, now=now, to="RSVP")
    if event.status == EventStatus.CANCELLED:
        raise RsvpRefused("This event has been cancelled.", code="event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RsvpRefused("This event is not open for RSVPs yet.", code="event_draft")
    if now >= event.starts_at:
        raise RsvpRefused("RSVPs are closed: the event has already started.", code="rsvp_closed")
    if event.rsvp_deadline is not None and now > event.rsvp_deadline:
        raise RsvpRefused(
            f"RSVPs closed at the deadline, {_local(event.rsvp_deadline, event)}.",
            code="rsvp_closed",
        )
    if event.visibility == EventVisibility.TIER:
        tier = member_current_tier(member=member)
        minimum = event.min_tier
        if tier is None or tier.level < minimum.level:
            current = f"you are in {tier.name}" if tier else "you have no tier yet"
            raise RsvpRefused(
                f"This event is for {minimum.name} and higher tiers; {current}.",
                code="tier_too_low",
            )


@transaction.atomic
def rsvp_create(
    *,
    event: Event,
    member,
    now: datetime,
) -> RsvpResult:
    """Ask for a seat: going while seats are left, otherwise the end of the waitlist. The place
    in line is the next queue number, taken under the event's lock, and the position returned
    is counted under that lock too, so the place told is the place held.

    Asking again while going or waitlisted changes nothing (created=False). After a cancel, a
    new RSVP queues as if for the first time.
    """
    if not events_visible_to(user=member, now=now).filter(pk=event.pk).exists():
        raise NotFound("No such event.")
    event = event_lock(event_id=event.pk)
    existing = Rsvp.objects.filter(event=event, member=member).first()
    if existing is not None and existing.status in (RsvpStatus.GOING, RsvpStatus.WAITLISTED):
        return RsvpResult(existing, False, rsvp_waitlist_position(rsvp=existing))
    rsvp_check_open(event=event, member=member, now=now)

    going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
    if seats_counted_hook is not None:
        seats_counted_hook()
    has_seat = event.capacity is None or going < event.capacity
    status = RsvpStatus.GOING if has_seat else RsvpStatus.WAITLISTED
    queue_number = rsvp_queue_number_next(event=event)
    if existing is None:
        try:
            with transaction.atomic():
                rsvp = Rsvp.objects.create(
                    event=event,
                    member=member,
                    status=status,
                    queued_at=now,
                    queue_number=queue_number,
                    updated_at=now,
                )
        except IntegrityError:
            # The same member's other request won (only possible without the lock).
            rsvp = Rsvp.objects.get(event=event, member=member)
            return RsvpResult(rsvp, False, rsvp_waitlist_position(rsvp=rsvp))
    else:
        rsvp = existing
        rsvp.status, rsvp.queued_at, rsvp.updated_at, rsvp.promoted_at = status, now, now, None
        rsvp.queue_number = queue_number
        rsvp.save(
            update_fields=["status", "queued_at", "queue_number", "updated_at", "promoted_at"]
        )
    audit_record(
        actor=member,
        action=f"rsvp.{status}",
        subject=member,
        target=event,
        now=now,
        data={"event": event.title},
    )
    return RsvpResult(rsvp, True, rsvp_waitlist_position(rsvp=rsvp))


def waitlist_fill(*, event: Event, now: datetime) -> list[Rsvp]:
    """Give free seats to the first people on the waitlist. The caller holds the event lock.

    Runs after a cancellation, a declined seat or a capacity increase; nothing moves once the
    event has started. Each promoted member is emailed after the transaction commits.
    """
    if now >= event.starts_at or event.status != EventStatus.PUBLISHED:
        return []
    waiting = Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED).order_by(
        *WAITLIST_ORDER
    )
    if event.capacity is not None:
        going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
        free = event.capacity - going
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for rsvp in promoted:
        rsvp.status, rsvp.promoted_at, rsvp.updated_at = RsvpStatus.GOING, now, now
        rsvp.save(update_fields=["status", "promoted_at", "updated_at"])
        audit_record(
            actor=None,
            action="rsvp.promoted",
            subject=rsvp.member,
            target=event,
            now=now,
            data={"event": event.title},
        )
    if promoted:
        ids = [rsvp.pk for rsvp in promoted]
        transaction.on_commit(lambda: [rsvp_promoted_notify_task.delay(rsvp_id) for rsvp_id in ids])
    return promoted


def _rsvp_release(*, event: Event, member, now: datetime, new_status: str) -> Rsvp:
    rsvp = Rsvp.objects.filter(event=event, member=member).first()
    if rsvp is None or rsvp.status not in (RsvpStatus.GOING, RsvpStatus.WAITLISTED):
        raise NotFound("You have no seat or waitlist place at this event.", code="no_rsvp")
    if rsvp.checked_in_at is not None:
        raise DomainError("You have already checked in to this event.", code="checked_in")
    if now >= event.starts_at:
        raise DomainError(
            "The event has already started, so your RSVP can no longer change.",
            code="event_started",
        )
    was_going = rsvp.status == RsvpStatus.GOING
    rsvp.status, rsvp.updated_at = new_status, now
    rsvp.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=member,
        action=f"rsvp.{new_status}",
        subject=member,
        target=event,
        now=now,
        data={"event": event.title, "place": "seat" if was_going else "waitlist place"},
    )
    if was_going:
        waitlist_fill(event=event, now=now)
    return rsvp


@transaction.atomic
def rsvp_cancel(*, event: Event, member, now: datetime) -> Rsvp:
    """Give up a seat (the first on the waitlist gets it, in this same transaction) or leave
    the waitlist."""
    event = event_lock(event_id=event.pk)
    return _rsvp_release(event=event, member=member, now=now, new_status=RsvpStatus.CANCELLED)


@transaction.atomic
def rsvp_decline(*, event: Event, member, now: datetime) -> Rsvp:
    """Say no to a seat that came from the waitlist; it moves on to the next person."""
    event = event_lock(event_id=event.pk)
    rsvp = Rsvp.objects.filter(event=event, member=member).first()
    if rsvp is None or rsvp.status != RsvpStatus.GOING or rsvp.promoted_at is None:
        raise DomainError(
            "Only a seat given to you from the waitlist can be declined; use Cancel instead.",
            code="not_promoted",
        )
    return _rsvp_release(event=event, member=member, now=now, new_status=RsvpStatus.DECLINED)


def _local_date(instant: datetime, zone: str) -> str:
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
            else f"the occurrence of {_local_date(crowded['starts_at'], crowded['time_zone'])}"
        )
        raise DomainError(
            f"{going} people already have a seat at {where}, so the capacity cannot go below "
            f"{going}. Ask people to cancel, or cancel the event, before making it smaller.",
            code="capacity_below_going",
        )
