"""Reads about events: which events a person may see, lists with seat counts, one event's
hosts, seats and no-shows, and who may have its online link."""

from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from events.models import (
    Event,
    EventHost,
    EventStatus,
    EventVisibility,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.selectors.organizers import CoOrganizer, user_is_event_host, user_is_manager
from hub.core.errors import NotFound
from members.selectors.membership import member_is_current


def events_visible_to(*, user, now: datetime) -> QuerySet[Event]:
    """Anonymous visitors (and people who are not current members) see public events; current
    members see every published or cancelled event (tier-restricted ones too: they learn what
    a higher tier opens, but cannot RSVP); drafts only their hosts, their group's organizers
    and managers."""
    events = Event.objects.all()
    if user_is_manager(user):
        return events
    shown = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if not member_is_current(user, now=now):
        return events.filter(shown, visibility=EventVisibility.PUBLIC)
    own_draft = (
        Exists(EventHost.objects.filter(event=OuterRef("pk"), member=user))
        | Q(group__leader=user)
        | Exists(CoOrganizer.objects.filter(usergroup_id=OuterRef("group_id"), user_id=user.pk))
    )
    return events.filter(shown | own_draft)


def event_get_visible(*, user, pk: int, now: datetime) -> Event:
    event = (
        events_visible_to(user=user, now=now)
        .select_related("group", "min_tier", "series")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise NotFound("No such event.")
    return event


def event_is_for_members_only(*, pk: int) -> bool:
    """A published event that only members see: the one kind a visitor arriving by a shared
    link is asked to log in for. Drafts and tier events stay unknown to visitors (404), so a
    link tells nobody that something they may never see exists."""
    return Event.objects.filter(
        pk=pk, status=EventStatus.PUBLISHED, visibility=EventVisibility.MEMBERS
    ).exists()


def events_with_counts(events: QuerySet[Event], *, user) -> QuerySet[Event]:
    """Seats taken, waitlist length and (for a member) their own RSVP status and whether they
    were checked in, in one query."""
    events = events.select_related("group", "min_tier").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
        waitlist_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
    )
    if user is not None and user.is_authenticated:
        events = events.annotate(
            my_status=Subquery(
                Rsvp.objects.filter(event=OuterRef("pk"), member=user).values("status")[:1]
            ),
            my_checked_in=Exists(
                Rsvp.objects.filter(event=OuterRef("pk"), member=user, checked_in_at__isnull=False)
            ),
            i_host=Exists(EventHost.objects.filter(event=OuterRef("pk"), member=user)),
        )
    else:
        events = events.annotate(
            my_status=Value(None, output_field=IntegerField()),
            my_checked_in=Value(False, output_field=BooleanField()),
            i_host=Value(False, output_field=BooleanField()),
        )
    return events


def user_sees_online_link(*, user, event: Event) -> bool:
    """The online link goes to confirmed (going) attendees, hosts and speakers, and managers
    (who can read it in the admin console anyway); nobody else, whatever the page."""
    if not event.online_url or user is None or not user.is_authenticated:
        return False
    if user_is_manager(user) or user_is_event_host(user=user, event=event):
        return True
    return Rsvp.objects.filter(event=event, member=user, status=RsvpStatus.GOING).exists()


def online_link_for(*, event: Event, user) -> str:
    """The event's online link if this user may have it, else "". Uses the annotations of
    `events_with_counts` when present (lists), so a list costs no query per row."""
    if not event.online_url:
        return ""
    if hasattr(event, "i_host"):
        allowed = user_is_manager(user) or event.i_host or event.my_status == RsvpStatus.GOING
    else:
        allowed = user_sees_online_link(user=user, event=event)
    return event.online_url if allowed else ""


def event_list(
    *,
    user,
    now: datetime,
    upcoming: bool | None = True,
    group: UserGroup | None = None,
    kind: str = "",
    level: str = "",
    format: str = "",
) -> QuerySet[Event]:
    """Events the user may see, filtered; upcoming ones soonest first, past ones latest first.
    An event counts as upcoming until it ends."""
    events = events_visible_to(user=user, now=now)
    if upcoming is True:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "id")
    elif upcoming is False:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    if group is not None:
        events = events.filter(group=group)
    if kind:
        events = events.filter(kind=kind)
    if level:
        events = events.filter(level=level)
    if format:
        events = events.filter(format=format)
    return events_with_counts(events, user=user)


def events_upcoming_public(*, now: datetime, limit: int = 3) -> QuerySet[Event]:
    """For the home page: the next public events, published only."""
    return (
        Event.objects.filter(
            status=EventStatus.PUBLISHED, visibility=EventVisibility.PUBLIC, ends_at__gt=now
        )
        .select_related("group")
        .order_by("starts_at", "id")[:limit]
    )


def event_hosts(*, event: Event) -> QuerySet[EventHost]:
    return EventHost.objects.filter(event=event).select_related("member__profile")


def event_host_emails(*, event: Event) -> list[str]:
    """The hosts' (not speakers') addresses, as the organizers' form lists them."""
    return list(
        EventHost.objects.filter(event=event, role=EventHost.Role.HOST)
        .order_by("pk")
        .values_list("member__email", flat=True)
    )


def event_seat_counts(*, event: Event) -> dict:
    return Rsvp.objects.filter(event=event).aggregate(
        going=Count("id", filter=Q(status=RsvpStatus.GOING)),
        waitlisted=Count("id", filter=Q(status=RsvpStatus.WAITLISTED)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
    )


def event_no_show_count(*, event: Event, now: datetime) -> int | None:
    """Going but never checked in, once the event has ended; None before it ends."""
    if now < event.ends_at:
        return None
    return Rsvp.objects.filter(
        event=event, status=RsvpStatus.GOING, checked_in_at__isnull=True
    ).count()


def events_starting_within(*, now: datetime, days: int) -> QuerySet[Event]:
    """Published events that start in the next `days` days, soonest first, with their seats
    taken and waitlist (for the managers' console; one query however many)."""
    return (
        Event.objects.filter(
            status=EventStatus.PUBLISHED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .annotate(
            going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
            waitlist_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
        )
        .order_by("starts_at", "id")
    )
