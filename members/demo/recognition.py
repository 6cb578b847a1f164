"""The demo step "recognition": badges (rule and manual) and their awards,
last month's published spotlight, annual awards, a case study, and ideas with votes.

Runs after the members step. Deterministic for a seed, and safe to run twice: everything is
found by a natural key (badge slug, spotlight month, award category and year, case study slug,
idea title) before it is made.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q, Sum

from hub.core.errors import DomainError
from hub.core.extension_points import DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import month_of, previous_month
from members.demo import demo_members_current
from members.models import Award, Badge, BadgeAward, CaseStudy, Idea, IdeaVote, Spotlight, User
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

MANUAL_BADGES = [
    {
        "slug": "community-helper",
        "name": "Community helper",
        "description": "Went out of their way to help other members.",
        "icon": "🤝",
    },
    {
        "slug": "speaker",
        "name": "Speaker",
        "description": "Gave a talk at a community event.",
        "icon": "🎤",
        "grants_title": "Speaker",
    },
]
AWARD_CATEGORIES = ["Contributor of the year", "Mentor of the year", "Newcomer of the year"]
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
        "Covered by the monthly digest idea, which is planned.",
    ),
    (
        "Paid swag store",
        "Sell community T-shirts to fund events.",
        Idea.Status.DECLINED,
        "Not now: we would rather keep the focus on contributions than merchandise.",
    ),
]


def _top_by_points(members: list[User], *, since, limit: int) -> list[User]:
    return list(
        User.objects.filter(pk__in=[member.pk for member in members])
        .annotate(total=Sum("activities__points", filter=Q(activities__occurred_at__gte=since)))
        .filter(total__gt=0)
        .select_related("profile")
        .order_by("-total", "pk")[:limit]
    )


@transaction.atomic
def seed_recognition(*, context: DemoContext) -> str:
    rng, now = context.rng, context.now
    members = demo_members_current(now=now)
    manager = User.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    if not members or manager is None:
        return "No demo members yet: run the members step first."

    badge_rule_badges_ensure()
    for fields in MANUAL_BADGES:
        Badge.objects.get_or_create(slug=fields["slug"], defaults=fields)

    manual_awards = 0
    for badge in Badge.objects.filter(slug__in=[b["slug"] for b in MANUAL_BADGES]):
        if BadgeAward.objects.filter(badge=badge).exists():
            continue
        for member in rng.sample(members, min(4, len(members))):
            try:
                badge_award(badge=badge, member=member, actor=manager, reason="Demo", now=now)
                manual_awards += 1
            except DomainError:
                continue

    # Last month's spotlight: the system's first proposal, published by the manager.
    month = previous_month(month_of(now))
    spotlight = Spotlight.objects.filter(month=month).first()
    if spotlight is None:
        top = spotlight_candidates(month=month, now=now, limit=1).first() or members[0]
        spotlight = Spotlight.objects.create(
            month=month,
            member=top,
            story=f"{top.display_name} shipped more contributions than anyone in {month:%B}: "
            "code reviews, a profiler speed-up and a guide that newcomers now start with.",
        )
    if spotlight.published_at is None:
        spotlight_publish(spotlight=spotlight, actor=manager, now=now)

    # Annual awards for the year the program mostly ran in.
    year = (now - timedelta(days=180)).year
    winners = _top_by_points(members, since=now - timedelta(days=365), limit=3)
    for category, winner in zip(AWARD_CATEGORIES, winners, strict=False):
        award, _ = Award.objects.get_or_create(
            category=category,
            year=year,
            defaults={
                "winner": winner,
                "citation": f"For a year of generous work: {winner.display_name} "
                "helped the community grow in every way that counts.",
            },
        )
        if award.published_at is None:
            award_publish(award=award, actor=manager, now=now)

    study_member = winners[0] if winners else members[0]
    study, _ = CaseStudy.objects.get_or_create(
        slug="from-first-pull-request-to-core-team",
        defaults={
            "member": study_member,
            "title": "From a first pull request to the Core Team",
            "summary": "How a weekend contribution turned into a revenue share and a seat "
            "at the table.",
            "body": "It started with a typo fix in the install guide. A year later, "
            f"{study_member.display_name} maintains the profiler, mentors newcomers and helps "
            "plan the roadmap.\n\nWhat made the difference: quick reviews, the monthly "
            "meetup, and a clear path from Contributors to the Core Team.",
        },
    )
    if study.published_at is None:
        case_study_publish(case_study=study, actor=manager, now=now)

    demo_member = next((m for m in members if m.email == DEMO_MEMBER_EMAIL), members[0])
    ideas_made = votes = 0
    for index, (title, body, status, comment) in enumerate(IDEAS):
        if Idea.objects.filter(title=title).exists():
            continue
        author = demo_member if index == 2 else rng.choice(members)
        posted_at = max(author.joined_at, now - timedelta(days=rng.randint(5, 200)))
        idea = idea_create(author=author, title=title, body=body, now=posted_at)
        ideas_made += 1
        for voter in rng.sample(members, min(len(members), rng.randint(0, 25))):
            if voter.pk == demo_member.pk and index == 0:
                continue  # leave one idea for the demo member to vote on
            try:
                idea_vote(idea=idea, member=voter, now=now)
                votes += 1
            except DomainError:
                continue
        if status != Idea.Status.OPEN:
            idea_status_set(idea=idea, status=status, comment=comment, actor=manager, now=now)
    # Last, so that the ideas posted above count as contributions too.
    rule_awards = sum(badge_rules_evaluate(now=now).values())
    total_votes = IdeaVote.objects.count()
    return (
        f"{rule_awards} new rule badge awards, {manual_awards} new manual awards, "
        f"the {month:%B %Y} spotlight, {len(winners)} annual awards, a case study, "
        f"{ideas_made} new ideas with {votes} votes ({total_votes} votes in all)."
    )
