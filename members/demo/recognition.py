"""The demo step "recognition": badges (rule and manual) dated when they were earned, last
month's published spotlight, this year's annual awards, a case study, and ideas with votes.

Runs after the members and events steps. Everyone honoured is chosen from what they did (the
ledger) and is still active (not slipping away); each text says what that person did.
Deterministic for a seed, and safe to run twice: everything is found by a natural key (badge
slug, spotlight month, award category and year, case study slug, idea title) before it is made.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum

from hub.core.errors import DomainError
from hub.core.extension_points import DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import month_bounds, month_of, previous_month
from members.demo import demo_members_current
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    ActivityKind,
    Award,
    Badge,
    BadgeAward,
    CaseStudy,
    Idea,
    IdeaVote,
    Spotlight,
    TierMembership,
    User,
)
from members.selectors.recognition import spotlight_candidates
from members.services.ideas import idea_create, idea_status_set, idea_vote
from members.services.recognition import (
    award_publish,
    badge_award,
    badge_rule_badges_ensure,
    badge_rules_evaluate,
    case_study_publish,
    spotlight_publish,
)

#: Manual badges, each with the activity that earns it in the demo: the manager awarded it
#: on the day of the member's `after`-th such activity.
MANUAL_BADGES = [
    (
        {
            "slug": "community-helper",
            "name": "Community helper",
            "description": "Went out of their way to help other members.",
            "icon": "🤝",
        },
        ["mentoring", "answer"],
        8,
    ),
    (
        {
            "slug": "speaker",
            "name": "Speaker",
            "description": "Gave a talk at a community event.",
            "icon": "🎤",
            "grants_title": "Speaker",
        },
        ["event_hosting"],
        1,
    ),
]
MANUAL_AWARDS_EACH = 5

IDEAS = [
    (
        "Quarterly community challenges",
        "A themed coding challenge every quarter, with a small prize and a show & tell at the end.",
        Idea.Status.PLANNED,
        "We love it: the first challenge starts next quarter.",
    ),
    (
        "A/B testing helpers for pipelines",
        "Reusable helpers to run A/B experiments inside our "
        "ML pipelines, with the results in the dashboard.",
        Idea.Status.STARTED,
        "Work started in the pipelines repository; follow the milestone there.",
    ),
    (
        "Dark mode for the dashboard",
        "A dark theme for the member dashboard, for late-night contributors.",
        Idea.Status.OPEN,
        "",
    ),
    (
        "Mentorship matching",
        "Match newcomers with a mentor from the Active Members tier by skill and time zone.",
        Idea.Status.COMPLETED,
        "Done: mentors are now matched every month.",
    ),
    (
        "Recorded workshops library",
        "Keep every workshop recording in one searchable library.",
        Idea.Status.OPEN,
        "",
    ),
    (
        "Office hours in the evening",
        "A second office-hours slot after work for people in the Americas.",
        Idea.Status.OPEN,
        "",
    ),
    (
        "Weekly newsletter",
        "A weekly digest of contributions and events.",
        Idea.Status.DUPLICATE,
        "Covered by the weekly digest email, which members can already turn on.",
    ),
    (
        "Paid swag store",
        "Sell community T-shirts to fund events.",
        Idea.Status.DECLINED,
        "Not now: we would rather keep the focus on contributions than merchandise.",
    ),
]

#: The spotlight's story, by what the member did most that month.
SPOTLIGHT_STORIES = {
    "code": "{name} merged {count} code contributions in {month}, more than anyone, and "
    "still found time to review newcomers' first pull requests. If the profiler got faster "
    "for you this month, that was them.",
    "docs": "{name} wrote or rewrote {count} pages of our guides in {month}. The install "
    "guide now takes ten minutes instead of an afternoon, and newcomers said so in the survey.",
    "idea": "{name} brought {count} ideas to the board in {month}, each with a sketch of how "
    "to build it; members voted two of them onto the roadmap.",
}


def _still_active(now):
    """Active in the last 30 days: nobody honoured today is quietly slipping away."""
    return User.objects.filter(activities__occurred_at__gt=now - timedelta(days=30)).values("pk")


def _ranked(members: list[User], *, now, kinds, since, exclude=()) -> list[User]:
    """Demo members still active, ranked by their points in `kinds` since `since` (one query)."""
    in_kinds = Q(activities__kind__in=kinds, activities__occurred_at__gte=since)
    return list(
        User.objects.filter(pk__in=[m.pk for m in members])
        .filter(pk__in=_still_active(now))
        .exclude(pk__in=[m.pk for m in exclude])
        .annotate(total=Sum("activities__points", filter=in_kinds))
        .filter(total__gt=0)
        .select_related("profile")
        .order_by("-total", "pk")[:5]
    )


def _kind_counts(member: User, *, start, end) -> dict[str, int]:
    return dict(
        Activity.objects.filter(member=member, occurred_at__gte=start, occurred_at__lt=end)
        .values("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )


def _awards(members: list[User], *, now) -> list[tuple[str, User, str]]:
    """The year's three awards, each to a different member chosen by what the category
    honours, with a citation written from what they did."""
    year_ago = now - timedelta(days=365)
    chosen: list[tuple[str, User, str]] = []
    top = _ranked(members, now=now, kinds=CONTRIBUTION_KINDS, since=year_ago)
    if top:
        winner = top[0]
        counts = _kind_counts(winner, start=year_ago, end=now)
        chosen.append(
            (
                "Contributor of the year",
                winner,
                f"{counts.get('code', 0)} code contributions and {counts.get('docs', 0)} "
                f"documentation changes in twelve months: {winner.display_name} touched "
                "nearly every project we run, and reviewed as much as they wrote.",
            )
        )
    taken = [winner for _, winner, _ in chosen]
    top = _ranked(members, now=now, kinds=["mentoring", "answer"], since=year_ago, exclude=taken)
    if top:
        winner = top[0]
        counts = _kind_counts(winner, start=year_ago, end=now)
        chosen.append(
            (
                "Mentor of the year",
                winner,
                f"{counts.get('mentoring', 0)} mentoring sessions and {counts.get('answer', 0)} "
                "answered questions. Ask a newcomer who helped them first, and the answer is "
                f"often {winner.display_name}.",
            )
        )
        taken.append(winner)
    newcomers = [m for m in members if m.joined_at >= now - timedelta(days=180)]
    top = _ranked(newcomers, now=now, kinds=ActivityKind.values, since=year_ago, exclude=taken)
    if top:
        winner = top[0]
        chosen.append(
            (
                "Newcomer of the year",
                winner,
                f"{winner.display_name} joined in {winner.joined_at:%B} and within weeks was "
                "answering questions, coming to meetups and shipping fixes. The community "
                "feels bigger with them in it.",
            )
        )
    return chosen


def _manual_badges(members: list[User], *, manager: User, now) -> int:
    """Each manual badge to the members who earned it, dated the day they did."""
    made = 0
    for fields, kinds, after in MANUAL_BADGES:
        badge, _ = Badge.objects.get_or_create(slug=fields["slug"], defaults=fields)
        if BadgeAward.objects.filter(badge=badge).exists():
            continue
        earners = (
            User.objects.filter(pk__in=[m.pk for m in members])
            .annotate(times=Count("activities", filter=Q(activities__kind__in=kinds)))
            .filter(times__gte=after)
            .order_by("-times", "pk")[:MANUAL_AWARDS_EACH]
        )
        for member in earners:
            earned_at = (
                Activity.objects.filter(member=member, kind__in=kinds)
                .order_by("occurred_at")
                .values_list("occurred_at", flat=True)[after - 1]
            )
            try:
                badge_award(
                    badge=badge,
                    member=member,
                    actor=manager,
                    reason=fields["description"],
                    now=min(earned_at + timedelta(days=1), now),
                )
                made += 1
            except DomainError:
                continue
    return made


def _spotlight(members: list[User], *, manager: User, now) -> Spotlight:
    """Last month's spotlight: the system's first proposal, published by the manager."""
    month = previous_month(month_of(now))
    spotlight = Spotlight.objects.filter(month=month).first()
    if spotlight is None:
        top = spotlight_candidates(month=month, now=now, limit=1).first() or members[0]
        start, end = month_bounds(month)
        counts = _kind_counts(top, start=start, end=end)
        kind = max(CONTRIBUTION_KINDS, key=lambda k: (counts.get(k, 0), k == "code"))
        spotlight = Spotlight.objects.create(
            month=month,
            member=top,
            story=SPOTLIGHT_STORIES[kind].format(
                name=top.display_name, count=counts.get(kind, 0), month=f"{month:%B}"
            ),
        )
    if spotlight.published_at is None:
        spotlight_publish(spotlight=spotlight, actor=manager, now=now)
    return spotlight


def _case_study(members: list[User], *, manager: User, now) -> None:
    """The story of someone who rose through the tiers, told from their history."""
    climber = (
        TierMembership.objects.filter(member__in=[m.pk for m in members], tier__level=3)
        .select_related("member__profile")
        .order_by("started_at", "pk")
        .first()
    )
    member = climber.member if climber else members[0]
    first_contribution = (
        Activity.objects.filter(member=member, kind__in=CONTRIBUTION_KINDS)
        .order_by("occurred_at")
        .first()
    )
    reached = f"reached the Core Team in {climber.started_at:%B %Y}" if climber else "stayed"
    began = (
        f"It started with “{first_contribution.title}” in {first_contribution.occurred_at:%B %Y}"
        if first_contribution
        else "It started with a question at a meetup"
    )
    study, _ = CaseStudy.objects.get_or_create(
        slug="from-first-pull-request-to-core-team",
        defaults={
            "member": member,
            "title": "From a first pull request to the Core Team",
            "summary": f"How {member.display_name} went from a weekend contribution to a "
            "revenue share and a seat at the table.",
            "body": f"{began}. {member.display_name} joined in {member.joined_at:%B %Y} and "
            f"{reached}, by the same rules as everyone: active days and contributions, "
            "measured every week.\n\nWhat made the difference, in their words: quick "
            "reviews, the monthly meetup, and a clear path from Contributors to the Core Team.",
        },
    )
    if study.published_at is None:
        case_study_publish(case_study=study, actor=manager, now=now)


@transaction.atomic
def seed_recognition(*, context: DemoContext) -> str:
    rng, now = context.rng, context.now
    members = demo_members_current(now=now)
    manager = User.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    if not members or manager is None:
        return "No demo members yet: run the members step first."

    badge_rule_badges_ensure()
    manual_awards = _manual_badges(members, manager=manager, now=now)
    spotlight = _spotlight(members, manager=manager, now=now)

    # Annual awards for the year the programme mostly ran in.
    year = (now - timedelta(days=180)).year
    awards = _awards(members, now=now) if not Award.objects.filter(year=year).exists() else []
    for category, winner, citation in awards:
        award = Award.objects.create(category=category, year=year, winner=winner, citation=citation)
        award_publish(award=award, actor=manager, now=now)

    _case_study(members, manager=manager, now=now)

    demo_member = next((m for m in members if m.email == DEMO_MEMBER_EMAIL), members[0])
    ideas_made = votes = 0
    for index, (title, body, status, comment) in enumerate(IDEAS):
        if Idea.objects.filter(title=title).exists():
            continue
        author = demo_member if index == 2 else rng.choice(members)
        posted_at = max(author.joined_at, now - timedelta(days=rng.randint(5, 200)))
        idea = idea_create(author=author, title=title, body=body, now=posted_at)
        ideas_made += 1
        voters = [m for m in members if m.joined_at < now]
        for voter in rng.sample(voters, min(len(voters), rng.randint(3, 25))):
            if voter.pk == demo_member.pk and index == 0:
                continue  # leave one idea for the demo member to vote on
            try:
                idea_vote(idea=idea, member=voter, now=now)
                votes += 1
            except DomainError:
                continue
        if status != Idea.Status.OPEN:
            idea_status_set(idea=idea, status=status, comment=comment, actor=manager, now=now)
    # Last, so that the ideas posted above count as contributions too; each award is dated
    # when its rule was met, as if the daily job had run all year.
    rule_awards = sum(badge_rules_evaluate(now=now, date_by_earning=True).values())
    total_votes = IdeaVote.objects.count()
    return (
        f"{rule_awards} new rule badge awards, {manual_awards} new manual awards, "
        f"the {spotlight.month:%B %Y} spotlight, {len(awards)} annual awards, a case study, "
        f"{ideas_made} new ideas with {votes} votes ({total_votes} votes in all)."
    )
