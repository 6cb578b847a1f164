"""The demo step "members": a manager, members who joined over twelve months roughly along the
strategy's growth table, their tiers, a year of activity, and the few who left."""

import itertools
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from hub.core.extension_points import (
    DEMO_MANAGER_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_PASSWORD,
    DemoContext,
)
from hub.core.timeutils import month_start, next_month, previous_month
from members.models import Activity, ActivityPoints, Skill, Tier, TierMembership, User
from members.roles import grant_manager_permissions
from members.services.account import member_leave
from members.services.membership import member_join, tier_change, tier_suggestions_evaluate

FIRST_NAMES = [
    "Olena",
    "Taras",
    "Iryna",
    "Andriy",
    "Oksana",
    "Dmytro",
    "Kateryna",
    "Serhiy",
    "Yulia",
    "Mykola",
    "Sofia",
    "Bohdan",
    "Anna",
    "Petro",
    "Maria",
    "Oleh",
    "Nadia",
    "Ivan",
    "Daria",
    "Roman",
    "Alex",
    "Priya",
    "Lukas",
    "Amara",
    "Chen",
    "Marta",
    "Jonas",
    "Leila",
    "Tomás",
    "Ines",
]
LAST_NAMES = [
    "Shevchenko",
    "Kovalenko",
    "Bondarenko",
    "Tkachenko",
    "Kravchenko",
    "Oliynyk",
    "Melnyk",
    "Moroz",
    "Lysenko",
    "Savchenko",
    "Rudenko",
    "Marchenko",
    "Petrenko",
    "Hnatiuk",
    "Novak",
    "Fischer",
    "Okafor",
    "Sharma",
    "Garcia",
    "Lindqvist",
    "Wang",
    "Costa",
    "Dubois",
    "Kim",
]
SKILLS = [
    "Python",
    "Django",
    "PostgreSQL",
    "Machine learning",
    "MLOps",
    "Kubernetes",
    "Go",
    "TypeScript",
    "React",
    "Profiling",
    "Technical writing",
    "Data engineering",
    "Rust",
    "Product design",
    "Community building",
]
LOCATIONS = ["Bakhmach", "Kyiv", "Chernihiv", "Lviv", "Kharkiv", "Warsaw", "Berlin", "Remote"]
HOW_HEARD = ["A friend", "GitHub", "A meetup", "A blog post", "University", "Search", ""]
TITLES = {
    "code": [
        "Speed up the profiler's sampling loop",
        "Fix memory leak in the feature store",
        "Add Go support to the benchmark runner",
        "Refactor the pipeline scheduler",
    ],
    "docs": [
        "Guide: profiling Django views",
        "Model registry template docs",
        "Kubernetes deployment checklist",
        "Typos in the contribution guide",
    ],
    "idea": [
        "A/B testing helpers for pipelines",
        "Community challenges every quarter",
        "Dark mode for the dashboard",
    ],
    "answer": ["Answered: why is my query slow?", "Answered: feature store vs cache"],
    "content": [
        "Blog: what a co-op taught me about code review",
        "Video: ML pipelines in 10 minutes",
    ],
    "mentoring": ["Mentoring session", "Pairing on a first contribution"],
    "feedback": ["Feedback on the roadmap", "Beta feedback on the PDP dashboard"],
    "referral": ["Brought a colleague in"],
}
# Everyday activity kinds; events and hosting arrive with the events app.
EVERYDAY_KINDS = ["code", "docs", "idea", "answer", "content", "mentoring", "feedback", "referral"]
EVERYDAY_WEIGHTS = [22, 14, 10, 20, 8, 6, 14, 6]

# Share of the final membership that has joined by the end of program month 1..12
# (the strategy's table: 50, 150, 300, 500 at months 1, 3, 6, 12), straight lines between.
GROWTH_POINTS = [(0, 0.02), (1, 0.10), (3, 0.30), (6, 0.60), (12, 1.0)]


def _share_joined_by(month_number: int) -> float:
    for (m0, s0), (m1, s1) in itertools.pairwise(GROWTH_POINTS):
        if m0 <= month_number <= m1:
            return s0 + (s1 - s0) * (month_number - m0) / (m1 - m0)
    return 1.0


def _program_months(now: datetime) -> list:
    """The twelve calendar months of history: month 1 is eleven months before this one."""
    month = month_start(now.date()).date()
    months = [month]
    for _ in range(11):
        months.insert(0, previous_month(months[0]))
    return months


def _random_instant(context: DemoContext, start: datetime, end: datetime) -> datetime:
    end = min(end, context.now)
    span = max(int((end - start).total_seconds()), 1)
    return start + timedelta(seconds=context.rng.randrange(span))


def _make_account(
    *, email: str, name: str, joined_at: datetime, context: DemoContext
) -> tuple[User, bool]:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing, False
    # Hashing is slow on purpose; every demo account shares one hash of the demo password.
    if "password_hash" not in context.made:
        context.made["password_hash"] = make_password(DEMO_PASSWORD)
    user = User.objects.create(
        email=email, password=context.made["password_hash"], date_joined=joined_at
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user = member_join(member=user, now=joined_at)
    rng = context.rng
    profile = user.profile
    profile.display_name = name
    profile.headline = rng.choice(
        ["Backend developer", "ML engineer", "Student", "Founder", "Data engineer", "Tech writer"]
    )
    profile.location = rng.choice(LOCATIONS)
    profile.how_heard = rng.choice(HOW_HEARD)
    profile.directory_opt_in = rng.random() < 0.7
    profile.newsletter_opt_in = rng.random() < 0.5
    profile.github_username = name.lower().replace(" ", "-")[:39]
    profile.save()
    profile.skills.set(Skill.objects.filter(name__in=rng.sample(SKILLS, rng.randint(1, 4))))
    return user, True


@transaction.atomic
def seed_members(*, context: DemoContext) -> str:
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)
    # The step runs in one transaction, so demo activity means it ran to the end before. (Asking
    # for each account by email is not enough: the members who left have no email any more.)
    if Activity.objects.filter(source="demo").exists():
        return "The demo members were there already; nothing added."
    months = _program_months(context.now)
    first_month_start = month_start(months[0])

    manager, _ = _make_account(
        email=DEMO_MANAGER_EMAIL,
        name="Marta Manager",
        joined_at=first_month_start - timedelta(days=30),
        context=context,
    )
    if not manager.is_staff:
        manager.is_staff = True
        manager.save(update_fields=["is_staff"])
        manager.groups.add(grant_manager_permissions())

    created = 0
    members: list[User] = []
    total = context.member_count
    for index in range(total):
        # Which program month this member joined in follows the growth curve.
        position = (index + 0.5) / total
        month_number = next(m for m in range(13) if _share_joined_by(m) >= position)
        if month_number == 0:
            start = first_month_start - timedelta(days=60)
            end = first_month_start
        else:
            month = months[month_number - 1]
            start, end = month_start(month), month_start(next_month(month))
        joined_at = _random_instant(context, start, end)
        if index == 0:
            email, name = DEMO_MEMBER_EMAIL, "Mykola Member"
        else:
            first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index * 7 % 24]
            name = f"{first} {last}"
            email = f"member{index:04d}@demo.hub.test"
        member, was_created = _make_account(
            email=email, name=name, joined_at=joined_at, context=context
        )
        created += was_created
        members.append(member)
        if (index + 1) % 50 == 0:
            context.progress(f"{index + 1}/{total} members")

    if created == 0:
        return f"{len(members)} demo members were there already; nothing added."

    activities = _seed_activities(members=members, months=months, context=context)
    promoted = _seed_tiers(members=members, context=context)
    leavers = _seed_leavers(members=members[1:], context=context)
    # Today's suggestions, so a manager opening the admin finds some to accept or dismiss.
    suggestions = tier_suggestions_evaluate(now=context.now)
    return (
        f"{created} members and a manager, {activities} activities over 12 months, "
        f"{promoted} tier promotions, {leavers} who left; "
        f"{suggestions.promotions + suggestions.demotions} tier suggestions to review."
    )


def _seed_activities(*, members: list[User], months: list, context: DemoContext) -> int:
    rng = context.rng
    points = dict(ActivityPoints.objects.values_list("kind", "points"))
    rows = []
    for member in members:
        # Each member has their own level of engagement, which persists over months.
        engagement = rng.betavariate(2.2, 1.4)
        member.demo_engagement = engagement
        for month in months:
            start, end = month_start(month), month_start(next_month(month))
            if end <= member.joined_at or start > context.now:
                continue
            if rng.random() > engagement:
                continue
            for _ in range(rng.randint(1, 2 + int(engagement * 8))):
                kind = rng.choices(EVERYDAY_KINDS, EVERYDAY_WEIGHTS)[0]
                occurred = _random_instant(context, max(start, member.joined_at), end)
                rows.append(
                    Activity(
                        member=member,
                        kind=kind,
                        occurred_at=occurred,
                        recorded_at=occurred,
                        source="demo",
                        external_id=f"demo-{member.pk}-{len(rows)}",
                        title=rng.choice(TITLES[kind]),
                        points=points.get(kind, 0),
                    )
                )
    Activity.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    context.progress(f"{len(rows)} activities")
    return len(rows)


def _seed_tiers(*, members: list[User], context: DemoContext) -> int:
    """The most engaged tenth reach Core Team, the next quarter Active Members."""
    tiers = {tier.level: tier for tier in Tier.objects.all()}
    ranked = sorted(members, key=lambda m: getattr(m, "demo_engagement", 0), reverse=True)
    core_count = max(1, len(ranked) // 10)
    active_count = max(1, len(ranked) // 4)
    promoted = 0
    for rank, member in enumerate(ranked):
        target = 3 if rank < core_count else 2 if rank < core_count + active_count else 1
        if member.email == DEMO_MEMBER_EMAIL:
            target = 2
        when = member.joined_at
        for level in range(2, target + 1):
            when = min(when + timedelta(days=context.rng.randint(30, 90)), context.now)
            tier_change(
                member=member,
                tier=tiers[level],
                actor=None,
                reason="Met the promotion rule (demo history)",
                now=when,
            )
            promoted += 1
    return promoted


def _seed_leavers(*, members: list[User], context: DemoContext) -> int:
    """The least engaged eighth of the members have left, through the same service a member
    uses to leave: personal data erased, rows kept, so past months keep their figures."""
    ranked = sorted(members, key=lambda m: getattr(m, "demo_engagement", 1))
    wanted, leavers = max(1, len(ranked) // 8), 0
    for member in ranked:
        if leavers == wanted:
            break
        last = (
            Activity.objects.filter(member=member)
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        # Not before their current tier began, so the closed history row stays in order.
        tier_start = (
            TierMembership.objects.filter(member=member, ended_at__isnull=True)
            .values_list("started_at", flat=True)
            .first()
        )
        left_at = max(
            (last or member.joined_at) + timedelta(days=20), tier_start or member.joined_at
        )
        if left_at < context.now:
            member_leave(member=member, now=left_at)
            leavers += 1
    return leavers
