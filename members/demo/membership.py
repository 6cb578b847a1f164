"""The demo step "members": a manager and members who joined along the strategy's growth curve,
a year of activity by people who take part each in their own way, tiers reached by the
promotion rules, and the few who left.

What the demo aims for (checked by tests/test_demo_invariants.py):

- Growth: the strategy's table (50, 150, 300 and 500 members at programme months 1, 3, 6 and
  12) scaled to `--members`, with each month's joiners varied by up to 15 %; programme month
  12 is the current month, month 1 eleven months earlier. A few founders joined before.
- Engagement: 45-65 % of the members are active in a month, 15-25 % contribute (code, docs,
  ideas). Each member has an archetype that persists: core (6 %, active nearly every month on
  10-16 days), regular (18 %), participant (40 %), occasional (36 %, called "lurker" here).
- Tiers only by the rules: the daily tier evaluation is replayed every week over the year
  (`tier_suggestions_evaluate`), the manager accepts each promotion suggestion through
  `tier_suggestion_accept` a few hours later if the rule still holds (at once otherwise), and
  accepts or dismisses demotion suggestions; nobody is above Contributors without having met
  the rule when promoted.
- The seeded tier benefits follow the strategy word for word, including "Community forum
  participation". A community that runs a forum elsewhere keeps it; the demo community has
  none, so its manager rewords that benefit (through `tier_save`, audited) to the discussions
  Hub does have: the ideas board and the events' Q&A.
- About 1.5 % of the members leave each month, through `member_leave`, mostly occasional
  members whose activity stopped weeks before; nobody with a role in the story leaves.
"""

import itertools
import math
from dataclasses import dataclass
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
from hub.core.timeutils import community_zone, month_start, next_month, previous_month
from members.demo import DEMO_EMAIL_DOMAIN
from members.demo.names import (
    DEMO_MANAGER_NAME,
    DEMO_MEMBER_NAME,
    HEADLINES,
    HOW_HEARD,
    LOCATIONS,
    ascii_handle,
    unique_names,
)
from members.models import Activity, ActivityPoints, Skill, Tier, TierSuggestion, User
from members.roles import grant_manager_permissions
from members.selectors.membership import member_window_numbers
from members.services.account import member_leave
from members.services.membership import (
    member_join,
    tier_save,
    tier_suggestion_accept,
    tier_suggestion_dismiss,
    tier_suggestions_evaluate,
)
from members.services.profiles import skill_suggest

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
#: Skills that demo members suggested and a manager has yet to review (the first is the demo
#: member's, so their profile shows a suggestion awaiting review).
SUGGESTED_SKILLS = ["Accessibility audits", "Figma", "Observability"]
TITLES = {
    "code": [
        "Speed up the profiler's sampling loop",
        "Fix a memory leak in the feature store",
        "Add Go support to the benchmark runner",
        "Refactor the pipeline scheduler",
        "Retry failed webhook deliveries with backoff",
        "Cache the model registry's index",
        "Type hints for the metrics client",
        "Flaky test in the ingestion worker",
    ],
    "docs": [
        "Guide: profiling Django views",
        "Model registry template docs",
        "Kubernetes deployment checklist",
        "Typos in the contribution guide",
        "How-to: running the pipelines locally",
        "Glossary of the revenue-share terms",
    ],
    "idea": [
        "A/B testing helpers for pipelines",
        "Community challenges every quarter",
        "Dark mode for the dashboard",
        "A newcomers' track at the summit",
        "Pair programming rota",
    ],
    "answer": [
        "Answered: why is my query slow?",
        "Answered: feature store vs cache",
        "Answered: how to profile a Celery task",
        "Answered: choosing a vector index",
    ],
    "content": [
        "Blog: what a co-op taught me about code review",
        "Video: ML pipelines in 10 minutes",
        "Blog: our first year of MLOps in production",
        "Talk slides: Django at the edge",
    ],
    "mentoring": [
        "Mentoring session",
        "Pairing on a first contribution",
        "Code review walkthrough",
    ],
    "feedback": ["Feedback on the roadmap", "Beta feedback on the PDP dashboard", "Survey answers"],
    "referral": ["Brought a colleague in"],
}
CONTRIBUTION_KINDS = ["code", "docs", "idea"]
#: Weights of the other kinds; only core and regular members mentor.
OTHER_KIND_WEIGHTS = {"answer": 40, "content": 12, "mentoring": 10, "feedback": 32, "referral": 6}


@dataclass(frozen=True)
class Archetype:
    """How someone takes part, month after month."""

    name: str
    share: float  # of the members
    active_chance: tuple[float, float]  # chance to be active in a month (a range to draw from)
    activities_per_month: tuple[int, int]  # in an active month
    contribution_share: float  # of their activities, how many are contributions
    mentoring: bool = False  # mentoring among their other activities


ARCHETYPES = [
    Archetype("core", 0.06, (0.92, 1.0), (10, 16), 0.55, mentoring=True),
    Archetype("regular", 0.18, (0.65, 0.9), (4, 8), 0.28, mentoring=True),
    Archetype("participant", 0.40, (0.4, 0.7), (1, 4), 0.04),
    Archetype("lurker", 0.36, (0.1, 0.3), (1, 2), 0.03),
]
ARCHETYPES_BY_NAME = {archetype.name: archetype for archetype in ARCHETYPES}

#: Cumulative share of the members who joined by the end of programme month m (the strategy's
#: 50/150/300/500 at months 1, 3, 6 and 12 over 500), straight lines between; 2 % founders
#: joined before month 1.
GROWTH_POINTS = [(0, 0.02), (1, 0.10), (3, 0.30), (6, 0.60), (12, 1.0)]
MONTHLY_JOIN_NOISE = 0.15
MONTHLY_LEAVE_RATE = 0.015
#: The weekly replay of the daily tier evaluation: Mondays at 05:15 in the community's zone.
EVALUATION_EVERY = timedelta(days=7)


def share_joined_by(month_number: float) -> float:
    """The strategy's curve as a share of its month-12 figure (months may be fractional)."""
    for (m0, s0), (m1, s1) in itertools.pairwise(GROWTH_POINTS):
        if m0 <= month_number <= m1:
            return s0 + (s1 - s0) * (month_number - m0) / (m1 - m0)
    return 1.0


def programme_months(now: datetime) -> list:
    """The twelve calendar months of history: month 1 is eleven months before this one."""
    month = month_start(now.date()).date()
    months = [month]
    for _ in range(11):
        months.insert(0, previous_month(months[0]))
    return months


def elapsed_share_of_month(now: datetime) -> float:
    start = month_start(now.date())
    end = month_start(next_month(now.date()))
    return (now - start) / (end - start)


def joiners_per_month(*, total: int, now: datetime, rng) -> list[int]:
    """How many join in month 0 (founders, before the programme) and each programme month,
    adding up to `total`: the curve's increments, each varied by up to 15 %, the current month
    counted for the part of it that has passed."""
    elapsed = elapsed_share_of_month(now)
    increments = []
    for month_number in range(13):
        previous = share_joined_by(month_number - 1) if month_number else 0.0
        increment = share_joined_by(month_number) - previous
        if month_number == 12:
            increment *= elapsed
        if month_number:
            increment *= 1 + rng.uniform(-MONTHLY_JOIN_NOISE, MONTHLY_JOIN_NOISE)
        increments.append(increment)
    scale = total / sum(increments)
    exact = [increment * scale for increment in increments]
    counts = [math.floor(value) for value in exact]
    # Largest remainders first, so the counts add up to `total` exactly.
    by_remainder = sorted(range(13), key=lambda m: exact[m] - counts[m], reverse=True)
    for month_number in by_remainder[: total - sum(counts)]:
        counts[month_number] += 1
    counts[0] = max(counts[0], 1)  # someone founded it
    while sum(counts) > total:
        counts[counts.index(max(counts))] -= 1
    return counts


def _random_instant(rng, start: datetime, end: datetime) -> datetime:
    span = max(int((end - start).total_seconds()), 1)
    return start + timedelta(seconds=rng.randrange(span))


@dataclass
class Plan:
    """One demo member's story, decided before anything is written."""

    index: int
    name: str
    email: str
    joined_at: datetime
    archetype: Archetype
    active_chance: float
    leaves_at: datetime | None = None
    user: User | None = None


def _make_account(*, plan: Plan, context: DemoContext) -> User:
    if "password_hash" not in context.made:
        # Hashing is slow on purpose; every demo account shares one hash of the demo password.
        context.made["password_hash"] = make_password(DEMO_PASSWORD)
    user = User.objects.create(
        email=plan.email, password=context.made["password_hash"], date_joined=plan.joined_at
    )
    EmailAddress.objects.create(user=user, email=plan.email, verified=True, primary=True)
    user = member_join(member=user, now=plan.joined_at)
    rng = context.rng
    profile = user.profile
    profile.display_name = plan.name
    profile.headline = rng.choice(HEADLINES[plan.archetype.name])
    profile.location = rng.choice(LOCATIONS)
    profile.how_heard = rng.choice(HOW_HEARD)
    profile.directory_opt_in = rng.random() < 0.7
    profile.newsletter_opt_in = rng.random() < 0.5
    if plan.archetype.name in {"core", "regular"} or rng.random() < 0.5:
        profile.github_username = ascii_handle(plan.name)
    profile.save()
    profile.skills.set(Skill.objects.filter(name__in=rng.sample(SKILLS, rng.randint(1, 4))))
    return user


def _plans(*, context: DemoContext, months: list) -> list[Plan]:
    """Who joins when, how they take part, and who leaves: decided up front, deterministic."""
    rng, now = context.rng, context.now
    counts = joiners_per_month(total=context.member_count, now=now, rng=rng)
    first_month_start = month_start(months[0])
    join_times: list[datetime] = []
    for month_number, count in enumerate(counts):
        if month_number == 0:
            start, end = first_month_start - timedelta(days=90), first_month_start
        else:
            month = months[month_number - 1]
            start, end = month_start(month), min(month_start(next_month(month)), now)
        join_times.extend(sorted(_random_instant(rng, start, end) for _ in range(count)))

    names = unique_names(rng, len(join_times))
    archetypes = rng.choices(ARCHETYPES, weights=[a.share for a in ARCHETYPES], k=len(join_times))
    archetypes[0] = ARCHETYPES_BY_NAME["core"]  # the founder
    plans = []
    for index, (joined_at, archetype) in enumerate(zip(join_times, archetypes, strict=True)):
        plans.append(
            Plan(
                index=index,
                name=names[index],
                email=f"member{index:04d}@{DEMO_EMAIL_DOMAIN}",
                joined_at=joined_at,
                archetype=archetype,
                active_chance=rng.uniform(*archetype.active_chance),
            )
        )
    # The demo member joined in programme month 4 and takes part regularly.
    month_four = month_start(months[3])
    demo = min(plans[1:], key=lambda plan: abs(plan.joined_at - month_four))
    demo.name, demo.email = DEMO_MEMBER_NAME, DEMO_MEMBER_EMAIL
    demo.archetype = ARCHETYPES_BY_NAME["regular"]
    demo.active_chance = 0.9

    # Leavers: occasional members (and a few participants) who joined at least two months
    # before and drift off; about MONTHLY_LEAVE_RATE of the members a month.
    wanted = round(MONTHLY_LEAVE_RATE * 12 * len(plans) / 2)
    could_leave = [
        plan
        for plan in plans[1:]
        if plan is not demo
        and plan.archetype.name in {"lurker", "participant"}
        and plan.joined_at < now - timedelta(days=75)
    ]
    could_leave.sort(key=lambda plan: (plan.archetype.name != "lurker", plan.index))
    for plan in could_leave[:wanted]:
        earliest = plan.joined_at + timedelta(days=60)
        plan.leaves_at = _random_instant(rng, earliest, now - timedelta(days=7))
    return plans


def _activities(*, plans: list[Plan], months: list, context: DemoContext) -> int:
    rng, now = context.rng, context.now
    points = dict(ActivityPoints.objects.values_list("kind", "points"))
    rows = []
    for plan in plans:
        archetype = plan.archetype
        # A leaver's last activity is a few weeks before they leave.
        stops_at = plan.leaves_at - timedelta(days=rng.randint(20, 45)) if plan.leaves_at else now
        other_kinds = [
            kind for kind in OTHER_KIND_WEIGHTS if archetype.mentoring or kind != "mentoring"
        ]
        other_weights = [OTHER_KIND_WEIGHTS[kind] for kind in other_kinds]
        for month in months:
            start = max(month_start(month), plan.joined_at)
            end = min(month_start(next_month(month)), stops_at)
            if end <= start:
                continue
            # Newcomers warm up: a little less likely to be active in their first month.
            chance = plan.active_chance * (0.7 if month_start(month) < plan.joined_at else 1)
            if rng.random() > chance:
                continue
            low, high = archetype.activities_per_month
            share_of_month = (end - start) / (month_start(next_month(month)) - month_start(month))
            how_many = max(1, round(rng.randint(low, high) * share_of_month))
            for _ in range(how_many):
                if rng.random() < archetype.contribution_share:
                    kind = rng.choices(CONTRIBUTION_KINDS, weights=[50, 30, 20])[0]
                else:
                    kind = rng.choices(other_kinds, weights=other_weights)[0]
                occurred = _random_instant(rng, start, end)
                rows.append(
                    Activity(
                        member=plan.user,
                        kind=kind,
                        occurred_at=occurred,
                        recorded_at=occurred,
                        source="demo",
                        external_id=f"demo-{plan.index}-{len(rows)}",
                        title=rng.choice(TITLES[kind]),
                        points=points.get(kind, 0),
                    )
                )
    Activity.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    context.progress(f"{len(rows)} activities")
    return len(rows)


def _replay_tiers_and_leaving(*, plans: list[Plan], manager: User, context: DemoContext):
    """The year as it happened, week by week: members leave on their day, the tier
    evaluation runs every Monday morning, and the manager decides on its suggestions."""
    rng, now = context.rng, context.now
    leavers = sorted((plan for plan in plans if plan.leaves_at), key=lambda plan: plan.leaves_at)
    first_join = min(plan.joined_at for plan in plans)
    leaves_at = {plan.user.pk: plan.leaves_at for plan in plans if plan.leaves_at}
    day = first_join.astimezone(community_zone()) + timedelta(days=7)
    evaluation = day.replace(hour=5, minute=15, second=0) - timedelta(days=day.weekday())
    promoted = demoted = left = 0
    while evaluation <= now:
        while leavers and leavers[0].leaves_at <= evaluation:
            plan = leavers.pop(0)
            member_leave(member=plan.user, now=plan.leaves_at)
            left += 1
        tier_suggestions_evaluate(now=evaluation)
        pending = TierSuggestion.objects.filter(
            status=TierSuggestion.Status.PENDING, created_at=evaluation
        ).select_related("member", "to_tier", "to_tier__promotion_rule")
        for suggestion in pending.order_by("pk"):
            decided_at = evaluation + timedelta(hours=rng.randint(2, 30))
            if decided_at > now:
                continue  # today's suggestions wait for the manager
            if leaves_at.get(suggestion.member_id, now) <= decided_at:
                tier_suggestion_dismiss(suggestion=suggestion, actor=manager, now=evaluation)
                continue
            if suggestion.direction == TierSuggestion.Direction.PROMOTE:
                rule = suggestion.to_tier.promotion_rule
                numbers = member_window_numbers(
                    member=suggestion.member, days=rule.window_days, now=decided_at
                )
                if (
                    numbers["active_days"] < rule.min_active_days
                    or numbers["contributions"] < rule.min_contributions
                ):
                    decided_at = evaluation  # the rule held when it was evaluated
                tier_suggestion_accept(suggestion=suggestion, actor=manager, now=decided_at)
                promoted += 1
            elif rng.random() < 0.5:
                tier_suggestion_accept(suggestion=suggestion, actor=manager, now=decided_at)
                demoted += 1
            else:
                tier_suggestion_dismiss(suggestion=suggestion, actor=manager, now=decided_at)
        evaluation += EVALUATION_EVERY
    for plan in leavers:  # any left between the last Monday and now
        member_leave(member=plan.user, now=min(plan.leaves_at, now))
        left += 1
    return promoted, demoted, left


FORUM_BENEFIT = "Community forum participation"
DISCUSSIONS_BENEFIT = "Community discussions: the ideas board, votes and Q&A at events"


def _benefits_without_a_forum(*, manager: User, now: datetime) -> None:
    """The demo community has no forum: its manager names the discussions it does have."""
    for tier in Tier.objects.order_by("level"):
        if FORUM_BENEFIT not in tier.benefits:
            continue
        tier.benefits = [
            DISCUSSIONS_BENEFIT if benefit == FORUM_BENEFIT else benefit
            for benefit in tier.benefits
        ]
        tier_save(tier=tier, fields=["benefits"], actor=manager, now=now)


@transaction.atomic
def seed_members(*, context: DemoContext) -> str:
    for name in SKILLS:
        Skill.objects.get_or_create(name=name)
    # The step runs in one transaction, so demo activity means it ran to the end before. (Asking
    # for each account by email is not enough: the members who left have no email any more.)
    if Activity.objects.filter(source="demo").exists():
        return "The demo members were there already; nothing added."
    months = programme_months(context.now)
    plans = _plans(context=context, months=months)

    manager_plan = Plan(
        index=-1,
        name=DEMO_MANAGER_NAME,
        email=DEMO_MANAGER_EMAIL,
        joined_at=month_start(months[0]) - timedelta(days=120),
        archetype=ARCHETYPES_BY_NAME["participant"],
        active_chance=0,
    )
    manager = User.objects.filter(email=DEMO_MANAGER_EMAIL).first() or _make_account(
        plan=manager_plan, context=context
    )
    if not manager.is_staff:
        manager.is_staff = True
        manager.save(update_fields=["is_staff"])
        manager.groups.add(grant_manager_permissions())

    _benefits_without_a_forum(manager=manager, now=month_start(months[0]))

    for number, plan in enumerate(plans, start=1):
        plan.user = User.objects.filter(email=plan.email).first() or _make_account(
            plan=plan, context=context
        )
        if number % 50 == 0:
            context.progress(f"{number}/{len(plans)} members")

    activities = _activities(plans=plans, months=months, context=context)
    promoted, demoted, left = _replay_tiers_and_leaving(
        plans=plans, manager=manager, context=context
    )
    # Today's suggestions, so a manager opening the admin finds some to accept or dismiss.
    suggestions = tier_suggestions_evaluate(now=context.now)
    pending = TierSuggestion.objects.filter(status=TierSuggestion.Status.PENDING).count()
    skills = _skill_suggestions(plans=plans, now=context.now)
    return (
        f"{len(plans)} members and a manager, {activities} activities over 12 months, "
        f"{promoted} promotions and {demoted} demotions by the rules, {left} who left; "
        f"{pending} tier suggestions and {skills} suggested skills to review "
        f"({suggestions.promotions} new today)."
    )


def _skill_suggestions(*, plans: list[Plan], now: datetime) -> int:
    """The demo member and two members a third and two thirds down the list (no draw from the
    shared random generator, so later steps see the same numbers) each suggest a skill."""
    staying = [plan for plan in plans if plan.leaves_at is None]
    demo = next(plan for plan in staying if plan.email == DEMO_MEMBER_EMAIL)
    others = [plan for plan in staying if plan is not demo]
    suggesters = [demo, others[len(others) // 3], others[2 * len(others) // 3]]
    for days_ago, (plan, name) in enumerate(zip(suggesters, SUGGESTED_SKILLS, strict=True), 1):
        skill_suggest(member=plan.user, name=name, now=now - timedelta(days=2 * days_ago))
    return len(suggesters)
