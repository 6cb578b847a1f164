"""The events part of the demo community: five user groups of different types and health, the
monthly first-Wednesday meetup series, quarterly conferences, an annual summit, workshops at
each level, a full event with a waitlist, and a year of past events with check-ins (which
record event attendance in the ledger). Deterministic for a seed; a second run adds nothing."""

import itertools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from events.models import (
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventLevel,
    EventSeries,
    EventVisibility,
    GroupMembership,
    GroupType,
    UserGroup,
)
from events.services.checkins import checkin_record
from events.services.groups import group_create, group_join
from events.services.health import group_health_compute_month
from events.services.rsvps import rsvp_create
from events.services.series import series_generate
from hub.core.extension_points import DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import month_of, previous_month
from members.demo import demo_members_current
from members.models import Tier, User

ZONE = "Europe/Kyiv"

#: (name, slug, type, region, health plan): "healthy" groups meet monthly, grow and check in
#: most people; "at_risk" meet rarely; "inactive" stopped three months ago and shrink.
GROUPS = [
    ("Kyiv Python & Django", "kyiv-python", GroupType.LOCAL, "Kyiv", "healthy"),
    ("Remote ML Engineers", "remote-ml", GroupType.VIRTUAL, "", "healthy"),
    ("Bakhmach Builders", "bakhmach-builders", GroupType.LOCAL, "Bakhmach", "at_risk"),
    ("Fintech Developers", "fintech-devs", GroupType.INDUSTRY, "Kyiv", "inactive"),
    ("Data Pipelines in Production", "data-pipelines", GroupType.USE_CASE, "", "at_risk"),
]
EVENING_TITLES = ["Lightning talks", "Hands-on night", "Deep dive", "Show & tell"]
GROUP_EVENT_KINDS = [
    EventKind.MEETUP,
    EventKind.SHOW_AND_TELL,
    EventKind.DEEP_DIVE,
    EventKind.PANEL,
    EventKind.WORKING_SESSION,
    EventKind.OFFICE_HOURS,
]


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=ZoneInfo(ZONE))


def _fill(event: Event, people: list[User], *, context: DemoContext, show_rate: float) -> None:
    """RSVP people three days before, then check in (as the host) most of them."""
    before = event.starts_at - timedelta(days=3)
    for person in people:
        if person.is_member_at(before):
            rsvp_create(event=event, member=person, now=before)
    if event.ends_at > context.now:
        return
    door = event.hosts.select_related("member").first()
    actor = door.member if door else None
    checkin_time = event.starts_at + timedelta(minutes=20)
    for rsvp in event.rsvps.filter(status="going").select_related("member"):
        if context.rng.random() < show_rate:
            checkin_record(event=event, member=rsvp.member, actor=actor, now=checkin_time)


@transaction.atomic
def seed_events(*, context: DemoContext) -> str:
    if UserGroup.objects.filter(slug__in=[g[1] for g in GROUPS]).exists():
        return "Demo groups and events were there already; nothing added."
    rng = context.rng
    members = demo_members_current()
    if len(members) < 12:
        return "Too few demo members for events; run the members step first."
    now = context.now
    year_ago = now - timedelta(days=365)
    demo_member = next((m for m in members if m.email == DEMO_MEMBER_EMAIL), members[0])
    pool = [m for m in members if m != demo_member]
    rng.shuffle(pool)
    organizers = itertools.cycle(pool)  # small demos reuse people across groups

    # --- Groups, their members, and their own events --------------------------------------------
    groups = []
    for name, slug, group_type, region, plan in GROUPS:
        leader = next(organizers)
        co_organizers = [next(organizers) for _ in range(rng.randint(1, 3))]
        # The group starts once all its organizers are members.
        created_at = max(leader.joined_at, *(c.joined_at for c in co_organizers))
        group = group_create(
            name=name,
            slug=slug,
            type=group_type,
            region=region,
            leader=leader,
            co_organizers=co_organizers,
            description=f"{name}: talks, hands-on sessions and people to build with.",
            cadence_per_month=1,
            now=max(created_at, year_ago),
        )
        joiners = rng.sample(members, min(len(members), rng.randint(15, 35)))
        for person in joiners:
            if plan == "inactive":
                joined = max(person.joined_at, year_ago)
            else:
                joined = person.joined_at + timedelta(days=rng.randint(1, 200))
            if joined < now:
                group_join(group=group, member=person, now=joined)
        if plan == "inactive":  # people drift away from a group that stopped meeting
            for membership in GroupMembership.objects.filter(group=group, left_at=None)[:8]:
                if membership.member_id not in {leader.pk, *(c.pk for c in co_organizers)}:
                    membership.left_at = max(now - timedelta(days=40), membership.joined_at)
                    membership.save(update_fields=["left_at"])
        groups.append((group, plan, leader, joiners))

        months_back = {
            "healthy": range(1, 12),
            "at_risk": range(2, 12, 3),
            "inactive": range(4, 12),
        }
        for back in months_back[plan]:
            day = now - timedelta(days=30 * back + rng.randint(0, 10))
            start = _at(day, 19)
            event = Event.objects.create(
                title=f"{name}: {rng.choice(EVENING_TITLES)}",
                slug=f"{slug}-{start:%Y-%m-%d}",
                group=group,
                kind=rng.choice(GROUP_EVENT_KINDS),
                level=rng.choice(EventLevel.values),
                format=EventFormat.IN_PERSON
                if group_type == GroupType.LOCAL
                else EventFormat.VIRTUAL,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                time_zone=ZONE,
                venue=f"{region} hub space" if region else "",
                online_url="" if region else f"https://meet.example.com/{slug}",
                capacity=40,
                created_at=start - timedelta(days=20),
                recording_url=f"https://video.example.com/{slug}/{start:%Y%m}"
                if not region
                else "",
            )
            EventHost.objects.create(event=event, member=leader)
            show = 0.85 if plan == "healthy" else 0.45
            _fill(
                event,
                rng.sample(joiners, min(len(joiners), rng.randint(8, 20))),
                context=context,
                show_rate=show,
            )

    # --- The hub's programme -----------------------------------------------------------------
    hosts = pool[-5:]
    meetup = EventSeries.objects.create(
        title="Monthly virtual meetup",
        slug="monthly-virtual-meetup",
        description="The whole community, first Wednesday of every month: news, demos, Q&A.",
        kind=EventKind.MEETUP,
        level=EventLevel.BEGINNER,
        format=EventFormat.VIRTUAL,
        time_zone=ZONE,
        online_url="https://meet.example.com/hub-monthly",
        capacity=None,
        rrule="FREQ=MONTHLY;BYDAY=1WE",
        starts_on=year_ago.date(),
        local_start_time=time(19, 0),
        duration_minutes=90,
        created_at=year_ago,
    )
    meetup.hosts.set(hosts[:2])
    conference = EventSeries.objects.create(
        title="Quarterly virtual conference",
        slug="quarterly-conference",
        description="A day of talks from members and guests, every quarter.",
        kind=EventKind.CONFERENCE,
        level=EventLevel.INTERMEDIATE,
        format=EventFormat.VIRTUAL,
        time_zone=ZONE,
        online_url="https://meet.example.com/hub-conference",
        capacity=300,
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH",
        starts_on=year_ago.date(),
        local_start_time=time(10, 0),
        duration_minutes=420,
        rsvp_deadline_minutes_before=24 * 60,
        created_at=year_ago,
    )
    conference.hosts.set(hosts[2:4])
    series_generate(series=meetup, now=now, since=year_ago)
    series_generate(series=conference, now=now, since=year_ago)
    for event in Event.objects.filter(series__in=[meetup, conference], ends_at__lte=now):
        _fill(event, rng.sample(members, min(len(members), 30)), context=context, show_rate=0.7)
        if event.series_id == meetup.pk:
            event.recording_url = f"https://video.example.com/monthly/{event.starts_at:%Y%m}"
            event.save(update_fields=["recording_url"])

    summit_day = _at(now + timedelta(days=60), 10)
    summit = Event.objects.create(
        title="Annual community summit",
        slug="annual-summit",
        description="The year in review, the awards gala and next year's plan. In Kyiv and online.",
        kind=EventKind.SUMMIT,
        level=EventLevel.BEGINNER,
        format=EventFormat.HYBRID,
        starts_at=summit_day,
        ends_at=summit_day + timedelta(hours=9),
        time_zone=ZONE,
        venue="Kyiv Congress Centre",
        online_url="https://meet.example.com/summit",
        capacity=150,
        rsvp_deadline=summit_day - timedelta(days=7),
        created_at=now - timedelta(days=30),
    )
    EventHost.objects.create(event=summit, member=hosts[4])

    core = Tier.objects.filter(level=2).first()
    workshops = []
    for offset, (level, title) in enumerate(
        [
            (EventLevel.BEGINNER, "101 workshop: your first contribution"),
            (EventLevel.INTERMEDIATE, "Workshop: profiling Django in production"),
            (EventLevel.ADVANCED, "Advanced workshop: ML pipelines at scale"),
        ]
    ):
        start = _at(now + timedelta(days=8 + 7 * offset), 18)
        workshop = Event.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-").replace(":", "")[:200],
            group=groups[offset % 2][0],
            kind=EventKind.WORKSHOP,
            level=level,
            format=EventFormat.HYBRID,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            time_zone=ZONE,
            venue="Kyiv hub space",
            online_url=f"https://meet.example.com/workshop-{level}",
            capacity=25,
            visibility=EventVisibility.TIER
            if level == EventLevel.ADVANCED
            else EventVisibility.PUBLIC,
            min_tier=core if level == EventLevel.ADVANCED else None,
            created_at=now - timedelta(days=10),
        )
        EventHost.objects.create(event=workshop, member=groups[offset % 2][2])
        workshops.append(workshop)

    full_start = _at(now + timedelta(days=5), 18, 30)
    full = Event.objects.create(
        title="Architecture review clinic",
        slug="architecture-review-clinic",
        group=groups[0][0],
        kind=EventKind.ARCHITECTURE_REVIEW,
        level=EventLevel.ADVANCED,
        format=EventFormat.IN_PERSON,
        starts_at=full_start,
        ends_at=full_start + timedelta(hours=2),
        time_zone=ZONE,
        venue="Kyiv hub space, room 2",
        capacity=8,
        visibility=EventVisibility.MEMBERS,
        created_at=now - timedelta(days=14),
    )
    EventHost.objects.create(event=full, member=groups[0][2])
    for minute, person in enumerate(rng.sample(pool, min(len(pool), 12))):
        rsvp_create(event=full, member=person, now=now - timedelta(days=2, minutes=-minute))

    # The demo member has plans: the next meetup and the beginner workshop.
    next_meetup = Event.objects.filter(series=meetup, starts_at__gt=now).order_by("starts_at")
    for event in [next_meetup.first(), workshops[0]]:
        if event is not None:
            rsvp_create(event=event, member=demo_member, now=now)
    group_join(group=groups[0][0], member=demo_member, now=now)

    # --- Health: last month's snapshot, and this month so far ---------------------------------
    group_health_compute_month(month=previous_month(month_of(now)), now=now)
    group_health_compute_month(month=month_of(now), now=now)

    events = Event.objects.count()
    checked_in = Event.objects.filter(rsvps__checked_in_at__isnull=False).count()
    return (
        f"{len(groups)} groups, {events} events ({checked_in} check-ins), 2 series, "
        "a summit, workshops at each level and a full event with a waitlist."
    )
