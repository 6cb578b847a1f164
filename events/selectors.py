"""Reads about groups, events and RSVPs. Who may see or run what is decided here, nowhere else."""

from datetime import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from events.models import (
    Event,
    EventHost,
    EventStatus,
    EventVisibility,
    GroupHealthSnapshot,
    GroupMembership,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from hub.core.errors import NotFound

CoOrganizer = UserGroup.co_organizers.through


# --- Who is who ---------------------------------------------------------------------------------


def user_is_member(user) -> bool:
    """Logged in, joined (email verified) and not left."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.joined_at is not None
        and user.left_at is None
    )


def user_is_manager(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_manager)


def group_organizer_ids(*, group: UserGroup) -> set[int]:
    """The leader and the co-organizers."""
    ids = {group.leader_id}
    ids.update(CoOrganizer.objects.filter(usergroup_id=group.pk).values_list("user_id", flat=True))
    return ids


def user_organizes_group(*, user, group: UserGroup | None) -> bool:
    if group is None or user is None or not user.is_authenticated:
        return False
    return user.pk in group_organizer_ids(group=group)


def user_can_manage_event(*, user, event: Event) -> bool:
    """Hosts of the event, organizers of its group and managers run its check-in."""
    if user is None or not user.is_authenticated:
        return False
    if user_is_manager(user):
        return True
    if EventHost.objects.filter(event=event, member=user, role=EventHost.Role.HOST).exists():
        return True
    return user_organizes_group(user=user, group=event.group)


def user_is_event_host(*, user, event: Event) -> bool:
    """Hosts and speakers of the event."""
    if user is None or not user.is_authenticated:
        return False
    return EventHost.objects.filter(event=event, member=user).exists()


def user_sees_online_link(*, user, event: Event) -> bool:
    """The online link goes to confirmed (going) attendees, hosts and speakers, and managers
    (who can read it in the admin console anyway); nobody else, whatever the page."""
    if not event.online_url or user is None or not user.is_authenticated:
        return False
    if user_is_manager(user) or user_is_event_host(user=user, event=event):
        return True
    return Rsvp.objects.filter(event=event, member=user, status=RsvpStatus.GOING).exists()


# --- Events -------------------------------------------------------------------------------------


def events_visible_to(*, user) -> QuerySet[Event]:
    """Anonymous visitors see public events; members see every published or cancelled event
    (tier-restricted ones too: they learn what a higher tier opens, but cannot RSVP); drafts
    only their hosts, their group's organizers and managers."""
    events = Event.objects.all()
    if user_is_manager(user):
        return events
    shown = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if not user_is_member(user):
        return events.filter(shown, visibility=EventVisibility.PUBLIC)
    own_draft = (
        Exists(EventHost.objects.filter(event=OuterRef("pk"), member=user))
        | Q(group__leader=user)
        | Exists(CoOrganizer.objects.filter(usergroup_id=OuterRef("group_id"), user_id=user.pk))
    )
    return events.filter(shown | own_draft)


def event_get_visible(*, user, pk: int) -> Event:
    event = (
        events_visible_to(user=user)
        .select_related("group", "min_tier", "series")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise NotFound("No such event.")
    return event


def events_with_counts(events: QuerySet[Event], *, user) -> QuerySet[Event]:
    """Seats taken, waitlist length and (for a member) their own RSVP status, in one query."""
    events = events.select_related("group", "min_tier").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
        waitlist_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
    )
    if user is not None and user.is_authenticated:
        events = events.annotate(
            my_status=Subquery(
                Rsvp.objects.filter(event=OuterRef("pk"), member=user).values("status")[:1]
            ),
            i_host=Exists(EventHost.objects.filter(event=OuterRef("pk"), member=user)),
        )
    else:
        events = events.annotate(
            my_status=Value(None, output_field=IntegerField()),
            i_host=Value(False, output_field=BooleanField()),
        )
    return events


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
    events = events_visible_to(user=user)
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


def rsvp_of(*, event: Event, user) -> Rsvp | None:
    if user is None or not user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, member=user).first()


def rsvp_waitlist_position(*, rsvp: Rsvp) -> int | None:
    """1 for the first in line; None when the RSVP is not on the waitlist."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, status=RsvpStatus.WAITLISTED).filter(
        Q(queued_at__lt=rsvp.queued_at) | Q(queued_at=rsvp.queued_at, id__lt=rsvp.id)
    )
    return ahead.count() + 1


def event_attendees(*, event: Event) -> QuerySet[Rsvp]:
    """Going and waitlisted people, with their names, for the check-in desk."""
    return (
        Rsvp.objects.filter(event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED])
        .select_related("member__profile")
        .order_by("status", "queued_at", "id")
    )


def checkin_search(*, event: Event, query: str, limit: int = 25) -> list[dict]:
    """Members matching a name or email, with their RSVP on this event if any. Walk-ins (members
    without an RSVP) are found too, so the desk can let them in."""
    from members.models import User

    query = query.strip()
    if len(query) < 2:
        return []
    people = (
        User.objects.filter(joined_at__isnull=False, left_at__isnull=True)
        .filter(Q(email__icontains=query) | Q(profile__display_name__icontains=query))
        .select_related("profile")
        .annotate(
            rsvp_status=Subquery(
                Rsvp.objects.filter(event=event, member=OuterRef("pk")).values("status")[:1]
            ),
            checked_in_at=Subquery(
                Rsvp.objects.filter(event=event, member=OuterRef("pk")).values("checked_in_at")[:1]
            ),
        )
        .order_by("profile__display_name", "email")[:limit]
    )
    return list(people)


def member_upcoming_rsvps(*, member, now: datetime, limit: int = 5) -> QuerySet[Rsvp]:
    """The member's seats and waitlist places for events that have not ended."""
    return (
        Rsvp.objects.filter(
            member=member,
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
            event__ends_at__gt=now,
        )
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "event__group")
        .order_by("event__starts_at", "event_id")[:limit]
    )


def member_confirmed_events(*, member) -> QuerySet[Event]:
    """For the private calendar feed: events the member has a seat at or hosts."""
    return (
        Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        .filter(Q(rsvps__member=member, rsvps__status=RsvpStatus.GOING) | Q(hosts__member=member))
        .distinct()
        .order_by("starts_at", "id")
    )


# --- Groups -------------------------------------------------------------------------------------


def _open_memberships():
    return GroupMembership.objects.filter(left_at__isnull=True)


def group_list(*, type: str = "", region: str = "", now: datetime) -> QuerySet[UserGroup]:
    groups = UserGroup.objects.select_related("leader__profile").annotate(
        member_count=Coalesce(
            Subquery(
                _open_memberships()
                .filter(group=OuterRef("pk"))
                .values("group")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
        upcoming_count=Coalesce(
            Subquery(
                Event.objects.filter(
                    group=OuterRef("pk"), status=EventStatus.PUBLISHED, ends_at__gt=now
                )
                .values("group")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
    )
    if type:
        groups = groups.filter(type=type)
    if region:
        groups = groups.filter(region__iexact=region)
    return groups.order_by("name")


def group_regions() -> list[str]:
    return list(
        UserGroup.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def group_get(*, slug: str) -> UserGroup:
    group = (
        UserGroup.objects.select_related("leader__profile")
        .prefetch_related(
            Prefetch(
                "co_organizers",
                queryset=UserGroup.co_organizers.field.related_model.objects.select_related(
                    "profile"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if group is None:
        raise NotFound("No such group.")
    return group


def group_member_count(*, group: UserGroup) -> int:
    return _open_memberships().filter(group=group).count()


def group_is_member(*, group: UserGroup, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return _open_memberships().filter(group=group, member=user).exists()


def group_latest_health(*, group: UserGroup) -> GroupHealthSnapshot | None:
    return GroupHealthSnapshot.objects.filter(group=group).order_by("-month").first()


def groups_with_latest_health(*, status: str = "") -> QuerySet[UserGroup]:
    """Every group with its latest snapshot's score and status, for the managers' list."""
    latest = GroupHealthSnapshot.objects.filter(group=OuterRef("pk")).order_by("-month")
    groups = UserGroup.objects.select_related("leader__profile").annotate(
        health_month=Subquery(latest.values("month")[:1]),
        health_score=Subquery(latest.values("score")[:1]),
        health_status=Subquery(latest.values("status")[:1]),
        health_frequency=Subquery(latest.values("frequency")[:1]),
        health_attendance=Subquery(latest.values("attendance")[:1]),
        health_growth=Subquery(latest.values("growth")[:1]),
        health_leader=Subquery(latest.values("leader")[:1]),
    )
    if status:
        groups = groups.filter(health_status=status)
    return groups.order_by("health_score", "name")


#: The scaling playbook's stages by number of groups. The playbook's ranges touch (1-5, 5-20,
#: 20-100, 100+); a boundary count belongs to the earlier stage.
PROGRAMME_STAGES = [
    (5, "Seed", "Validate the format, find leaders"),
    (20, "Grow", "Playbook, resources, training"),
    (100, "Scale", "Self-serve, automation"),
    (None, "Mature", "Quality, consolidation"),
]


def programme_stage(*, group_count: int) -> dict:
    for upper, name, focus in PROGRAMME_STAGES:
        if upper is None or group_count <= upper:
            return {"name": name, "focus": focus, "groups": group_count}
    raise AssertionError("unreachable")
