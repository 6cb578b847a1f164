"""The events part of the demo community: five user groups of different types and health, the
monthly first-Wednesday meetup series, quarterly conferences, an annual summit, workshops at
each level, a full event with a waitlist, and a year of past events with check-ins (which
record event attendance in the ledger). Deterministic for a seed; a second run adds nothing.

Every event's title and description follow from its kind and its group's topics. Past events
are 40-90 % full (going over capacity: the organisers sized the room to the RSVPs they
expected) and 60-85 % of those going showed up; about one RSVP in ten was cancelled before.
An event is only held once at least six people would come: a young community holds fewer.
The people who come are mostly members active that month, so attending adds activity days to
people who take part rather than making the quiet ones look busy. Group leaders, co-organisers
and hosts are the most engaged members.
"""

import math
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count

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
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.services.checkins import checkin_record
from events.services.groups import group_create, group_join
from events.services.health import group_health_compute_month
from events.services.rsvps import rsvp_cancel, rsvp_create
from events.services.series import series_generate
from hub.core.extension_points import DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import month_of, previous_month
from members.demo import demo_members_current
from members.models import Activity, Tier, User

ZONE = "Europe/Kyiv"
FILL_RANGE = (0.45, 0.88)
SHOW_UP_RANGE = (0.62, 0.83)
CANCELLED_SHARE = 0.1
SMALLEST_EVENT = 6

#: (name, slug, type, region, health plan, topics): "healthy" groups meet monthly and bring
#: many of their members; "at_risk" meet every few months; "inactive" stopped three months ago.
GROUPS = [
    (
        "Kyiv Python & Django",
        "kyiv-python",
        GroupType.LOCAL,
        "Kyiv",
        "healthy",
        [
            "Django performance",
            "async views in Django 5",
            "testing with pytest",
            "PostgreSQL full-text search",
            "typing a large codebase",
            "Celery in production",
        ],
    ),
    (
        "Remote ML Engineers",
        "remote-ml",
        GroupType.VIRTUAL,
        "",
        "healthy",
        [
            "feature stores",
            "evaluating LLM outputs",
            "MLOps pipelines",
            "model monitoring",
            "vector search",
            "experiment tracking",
        ],
    ),
    (
        "Bakhmach Builders",
        "bakhmach-builders",
        GroupType.LOCAL,
        "Bakhmach",
        "at_risk",
        [
            "your first open-source contribution",
            "building a portfolio",
            "freelancing as a developer",
            "git beyond the basics",
        ],
    ),
    (
        "Fintech Developers",
        "fintech-devs",
        GroupType.INDUSTRY,
        "Kyiv",
        "inactive",
        ["payment reconciliation", "fraud detection models", "audit trails", "open banking APIs"],
    ),
    (
        "Data Pipelines in Production",
        "data-pipelines",
        GroupType.USE_CASE,
        "",
        "at_risk",
        ["backfills without tears", "data contracts", "orchestrating with Airflow", "streaming"],
    ),
]
GROUP_DESCRIPTIONS = {
    "kyiv-python": "Python and Django developers in Kyiv: a talk or a hands-on evening every "
    "month at the hub space, and people to review your code with.",
    "remote-ml": "Machine-learning engineers across time zones. We meet online once a month "
    "to compare how we build, ship and watch models in production.",
    "bakhmach-builders": "Where Bakhmach's developers started the co-op: newcomers welcome, "
    "from a first pull request to a first paid project.",
    "fintech-devs": "Engineers building payments, banking and accounting software: the hard "
    "parts of money, from reconciliation to audits.",
    "data-pipelines": "For people who keep data moving: orchestration, backfills, contracts "
    "and the on-call stories nobody writes down.",
}
#: For each kind a group holds: its title and its description, from one of the group's topics.
GROUP_EVENT_TEXTS = {
    EventKind.MEETUP: (
        "{group} meetup: {topic}",
        "Two short talks on {topic}, then time to meet the people who build with it. "
        "Newcomers welcome; the first twenty minutes are for introductions.",
    ),
    EventKind.SHOW_AND_TELL: (
        "Show & tell: {topic}",
        "Members show what they built around {topic}: five-minute demos, questions after "
        "each, no slides needed.",
    ),
    EventKind.DEEP_DIVE: (
        "Deep dive: {topic}",
        "Two hours on one subject, {topic}. We read real code together, so bring a laptop.",
    ),
    EventKind.PANEL: (
        "Panel: {topic}",
        "Three practitioners compare how they handle {topic}, then take your questions.",
    ),
    EventKind.WORKING_SESSION: (
        "Working session: {topic}",
        "We work together on {topic}: pick an issue from the board, pair up, and open a "
        "pull request before we leave.",
    ),
    EventKind.OFFICE_HOURS: (
        "Office hours: {topic}",
        "Drop in with your questions about {topic}. The organisers answer; no talk, no slides.",
    ),
}
GROUP_EVENT_KINDS = list(GROUP_EVENT_TEXTS)


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=ZoneInfo(ZONE))


def _capacity_for(going: int, *, cancelled: int, rng) -> int:
    """The room the organisers booked for the people who came to say yes."""
    return max(math.ceil(going / rng.uniform(*FILL_RANGE)), going + cancelled)


class Attendance:
    """Who could come to an event: current members who joined a week before it, those active
    in the event's month first. Reads the ledger once for the whole demo."""

    def __init__(self, members: list[User]):
        self.members = members
        self.active_by_month: dict = defaultdict(set)
        for member_id, occurred_at in Activity.objects.values_list("member_id", "occurred_at"):
            self.active_by_month[month_of(occurred_at)].add(member_id)

    def candidates(self, *, at: datetime, rng, among: list[User] | None = None) -> list[User]:
        """The people who could come, shuffled: those active that month, then the others."""
        people = [m for m in (among or self.members) if m.joined_at < at - timedelta(days=7)]
        active = self.active_by_month[month_of(at)]
        active_part = [m for m in people if m.pk in active]
        rest = [m for m in people if m.pk not in active]
        rng.shuffle(active_part)
        rng.shuffle(rest)
        return active_part + rest

    def active_count(self, people: list[User], *, at: datetime) -> int:
        active = self.active_by_month[month_of(at)]
        return sum(1 for m in people if m.pk in active)


def _hold(
    event: Event, people: list[User], *, going: int, context: DemoContext, rsvp_days_before: int
) -> None:
    """RSVP `going` people (and a few who cancel) before the event, then check in most."""
    rng = context.rng
    cancelled = round(going * CANCELLED_SHARE * rng.uniform(0.5, 1.5))
    cancelled = max(0, min(cancelled, event.capacity - going, len(people) - going))
    chosen = people[: going + cancelled]
    rsvp_at = event.starts_at - timedelta(days=rsvp_days_before)
    for minute, person in enumerate(chosen):
        rsvp_create(event=event, member=person, now=rsvp_at + timedelta(minutes=7 * minute))
    for person in chosen[going:]:
        rsvp_cancel(event=event, member=person, now=event.starts_at - timedelta(hours=20))
    if event.ends_at > context.now:
        return
    host = event.hosts.select_related("member").first()
    actor = host.member if host else None
    goers = chosen[:going]
    low, high = SHOW_UP_RANGE
    # Kept inside the range after rounding (an event has at least SMALLEST_EVENT going).
    fewest, most = math.ceil(going * low), math.floor(going * high)
    shows = min(max(round(going * rng.uniform(low, high)), fewest), most)
    for minute, person in enumerate(rng.sample(goers, shows)):
        checkin_record(
            event=event,
            member=person,
            actor=actor,
            now=event.starts_at + timedelta(minutes=5 + minute % 40),
        )


def _organizers(members: list[User], demo_member: User) -> list[User]:
    """The members with the most activity: they lead groups and host events."""
    counts = dict(
        Activity.objects.filter(member__in=members)
        .values_list("member_id")
        .annotate(total=Count("pk"))
        .values_list("member_id", "total")
    )
    ranked = sorted(members, key=lambda m: (-counts.get(m.pk, 0), m.pk))
    return [m for m in ranked if m != demo_member]


@transaction.atomic
def seed_events(*, context: DemoContext) -> str:
    if UserGroup.objects.filter(slug__in=[g[1] for g in GROUPS]).exists():
        return "Demo groups and events were there already; nothing added."
    rng = context.rng
    now = context.now
    members = demo_members_current(now=now)
    if len(members) < 12:
        return "Too few demo members for events; run the members step first."
    year_ago = now - timedelta(days=365)
    demo_member = next((m for m in members if m.email == DEMO_MEMBER_EMAIL), members[0])
    organizers = _organizers(members, demo_member)
    # Each group's leader and co-organisers come from the most engaged members.
    organizer_pool = organizers[: max(12, len(members) // 6)]
    attendance = Attendance(members)
    held = 0

    # --- Groups, their members, and their own events --------------------------------------------
    groups = []
    for number, (name, slug, group_type, region, plan, topics) in enumerate(GROUPS):
        leader = organizer_pool[number % len(organizer_pool)]
        others = [m for m in organizer_pool if m != leader]
        co_organizers = rng.sample(others, rng.randint(1, 3))
        created_at = max(leader.joined_at, *(c.joined_at for c in co_organizers), year_ago)
        group = group_create(
            name=name,
            slug=slug,
            type=group_type,
            region=region,
            leader=leader,
            co_organizers=co_organizers,
            description=GROUP_DESCRIPTIONS[slug],
            cadence_per_month=1,
            now=created_at + timedelta(days=1),
        )
        size = max(8, round(len(members) * rng.uniform(0.12, 0.22)))
        joiners = rng.sample(members, min(len(members), size))
        for person in joiners:
            joined = max(person.joined_at, created_at) + timedelta(days=rng.randint(1, 60))
            if joined < now:
                group_join(group=group, member=person, now=joined)
        if plan == "inactive":  # people drift away from a group that stopped meeting
            organisers = {leader.pk, *(c.pk for c in co_organizers)}
            for membership in GroupMembership.objects.filter(group=group, left_at=None)[:8]:
                if membership.member_id not in organisers:
                    membership.left_at = max(now - timedelta(days=40), membership.joined_at)
                    membership.save(update_fields=["left_at"])
        groups.append((group, plan, leader, joiners))

        months_back = {
            "healthy": range(11, 0, -1),
            "at_risk": range(11, 1, -3),
            "inactive": range(11, 3, -1),
        }
        share_coming = {"healthy": (0.35, 0.6), "at_risk": (0.25, 0.4), "inactive": (0.2, 0.35)}
        for back in months_back[plan]:
            start = _at(now - timedelta(days=30 * back + rng.randint(0, 10)), 19)
            if start < created_at + timedelta(days=14):
                continue
            members_then = [m for m in joiners if m.joined_at < start - timedelta(days=3)]
            people = attendance.candidates(at=start, rng=rng, among=members_then)
            going = round(len(people) * rng.uniform(*share_coming[plan]))
            if going < SMALLEST_EVENT:
                continue  # too few members yet: the group met informally
            kind = GROUP_EVENT_KINDS[(back + number) % len(GROUP_EVENT_KINDS)]
            topic = topics[back % len(topics)]
            title, description = GROUP_EVENT_TEXTS[kind]
            event = Event.objects.create(
                title=title.format(group=name, topic=topic),
                description=description.format(topic=topic),
                slug=f"{slug}-{start:%Y-%m-%d}",
                group=group,
                kind=kind,
                level=rng.choice(EventLevel.values),
                format=EventFormat.IN_PERSON
                if group_type == GroupType.LOCAL
                else EventFormat.VIRTUAL,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                time_zone=ZONE,
                venue=f"{region} hub space" if region else "",
                online_url="" if region else f"https://meet.example.com/{slug}",
                capacity=_capacity_for(going, cancelled=going // 5, rng=rng),
                created_at=start - timedelta(days=20),
                recording_url=f"https://video.example.com/{slug}/{start:%Y%m}"
                if not region
                else "",
            )
            EventHost.objects.create(event=event, member=rng.choice([leader, *co_organizers]))
            _hold(event, people, going=going, context=context, rsvp_days_before=4)
            held += 1

    # --- The hub's programme -----------------------------------------------------------------
    hosts = organizers[:5]
    meetup = EventSeries.objects.create(
        title="Monthly virtual meetup",
        slug="monthly-virtual-meetup",
        description="The whole community, first Wednesday of every month: news from the "
        "co-op, two member demos and open Q&A with the founders.",
        kind=EventKind.MEETUP,
        level=EventLevel.BEGINNER,
        format=EventFormat.VIRTUAL,
        time_zone=ZONE,
        online_url="https://meet.example.com/hub-monthly",
        capacity=max(20, 5 * round(len(members) * 0.3 / 5)),
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
        description="A day of talks from members and invited guests: production stories, "
        "tooling, and what the co-op's projects learned this quarter.",
        kind=EventKind.CONFERENCE,
        level=EventLevel.INTERMEDIATE,
        format=EventFormat.VIRTUAL,
        time_zone=ZONE,
        online_url="https://meet.example.com/hub-conference",
        capacity=max(30, 10 * round(len(members) * 0.4 / 10)),
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
    past_occurrences = Event.objects.filter(
        series__in=[meetup, conference], ends_at__lte=now
    ).order_by("starts_at")
    for event in past_occurrences:
        people = attendance.candidates(at=event.starts_at, rng=rng)
        active_count = attendance.active_count(people, at=event.starts_at)
        share = (0.3, 0.5) if event.series_id == meetup.pk else (0.35, 0.55)
        going = round(max(active_count, SMALLEST_EVENT) * rng.uniform(*share))
        if going < SMALLEST_EVENT or len(people) < going + 2:
            event.delete()  # the community was too young for it
            continue
        # The organisers sized each occurrence's room to the expected turnout.
        event.capacity = _capacity_for(going, cancelled=going // 5, rng=rng)
        fields = ["capacity"]
        if event.series_id == meetup.pk:
            event.recording_url = f"https://video.example.com/monthly/{event.starts_at:%Y%m}"
            fields.append("recording_url")
        event.save(update_fields=fields)
        _hold(event, people, going=going, context=context, rsvp_days_before=6)
        held += 1

    summit_day = _at(now + timedelta(days=60), 10)
    summit = Event.objects.create(
        title="Annual community summit",
        slug="annual-summit",
        description="The year in review, the annual awards ceremony and next year's plan, "
        "voted on by the members. In Kyiv and online.",
        kind=EventKind.SUMMIT,
        level=EventLevel.BEGINNER,
        format=EventFormat.HYBRID,
        starts_at=summit_day,
        ends_at=summit_day + timedelta(hours=9),
        time_zone=ZONE,
        venue="Kyiv Congress Centre",
        online_url="https://meet.example.com/summit",
        capacity=max(40, 10 * round(len(members) * 0.6 / 10)),
        rsvp_deadline=summit_day - timedelta(days=7),
        created_at=now - timedelta(days=30),
    )
    EventHost.objects.create(event=summit, member=hosts[4])

    active_members_tier = Tier.objects.filter(level=2).first()
    workshops = []
    for offset, (level, title, description) in enumerate(
        [
            (
                EventLevel.BEGINNER,
                "101 workshop: your first contribution",
                "From a fork to a merged pull request in one evening: set up the project, "
                "pick a good first issue, and get a review on the spot.",
            ),
            (
                EventLevel.INTERMEDIATE,
                "Workshop: profiling Django in production",
                "Find the slow query and the slow template with real tools: django-silk, "
                "py-spy and PostgreSQL's EXPLAIN. Bring a project of your own if you like.",
            ),
            (
                EventLevel.ADVANCED,
                "Advanced workshop: ML pipelines at scale",
                "For Active Members: design a pipeline that retrains, evaluates and rolls "
                "back a model without anyone awake at night.",
            ),
        ]
    ):
        start = _at(now + timedelta(days=8 + 7 * offset), 18)
        workshop = Event.objects.create(
            title=title,
            description=description,
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
            min_tier=active_members_tier if level == EventLevel.ADVANCED else None,
            created_at=now - timedelta(days=10),
        )
        EventHost.objects.create(event=workshop, member=groups[offset % 2][2])
        workshops.append(workshop)
        if level != EventLevel.ADVANCED:
            people = attendance.candidates(at=now, rng=rng)
            for minute, person in enumerate(people[: rng.randint(6, 15)]):
                if person != demo_member:
                    rsvp_create(event=workshop, member=person, now=now - timedelta(hours=minute))

    full_start = _at(now + timedelta(days=5), 18, 30)
    full = Event.objects.create(
        title="Architecture review clinic",
        description="Bring a design you are unsure about: two Core Team members review it "
        "with you, in small groups of eight so everyone gets time.",
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
    pool = [m for m in members if m != demo_member]
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
    checked_in = Rsvp.objects.filter(checked_in_at__isnull=False).count()
    going = Rsvp.objects.filter(status=RsvpStatus.GOING).count()
    return (
        f"{len(groups)} groups, {events} events ({held} held so far, {going} going, "
        f"{checked_in} check-ins), 2 series, a summit, workshops at each level and a full "
        "event with a waitlist."
    )
