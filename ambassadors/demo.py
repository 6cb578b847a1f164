"""The demo step "ambassadors": a dozen ambassadors across the three tiers, approved through
scored applications over the past year, with terms (one renewed, one moved up a tier, one due
for renewal, one who stepped down), buddies, onboardings done and in progress, a year of logged
activities (two of them under their commitment), referred signups and UTM campaigns on the
members who joined after them, last quarter's badge and compensation reviews; and, waiting for
the managers, nominations and applications to review (the demo member's among them).

Runs after members, events and recognition, before metrics. Everything goes through the
services, in one transaction, with the clock set to each moment in the past. Deterministic for
a seed; a second run finds the demo ambassadors and adds nothing.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from ambassadors.models import (
    TYPE_CATEGORY,
    ActivityType,
    Ambassador,
    AmbassadorTier,
    ApplicationDecision,
    Nomination,
    Onboarding,
    SignupAttribution,
)
from ambassadors.selectors.recognition import quarter_of, quarter_previous
from ambassadors.selectors.terms import is_ambassador
from ambassadors.services.activities import ambassador_activity_log, ambassador_listing_set
from ambassadors.services.applications import (
    application_decide,
    application_review_save,
    application_submit,
    nomination_create,
)
from ambassadors.services.onboarding import onboarding_buddy_assign, onboarding_step_complete
from ambassadors.services.recognition import compensation_review_record, recognition_badge_award
from ambassadors.services.referrals import ACTIVITY_SOURCE
from ambassadors.services.terms import term_move, term_renew, term_step_down
from hub.core.extension_points import DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import (
    community_zone,
    month_bounds,
    month_of,
    month_start,
    next_month,
    previous_month,
)
from members.demo import demo_members_current
from members.models import Activity, ActivityKind, User
from members.services.activities import activity_record

#: (tier level, days since approval, plan): the dozen current ambassadors and one who left.
PLAN = [
    (3, 330, "renewed"),
    (3, 200, ""),
    (2, 345, "due"),
    (2, 250, "moved_up"),
    (2, 120, ""),
    (1, 300, "under"),
    (1, 210, ""),
    (1, 150, "under"),
    (1, 90, ""),
    (1, 40, ""),
    (1, 20, "overdue"),
    (1, 6, "new"),
    (1, 260, "stepped_down"),
]
MOTIVATIONS = [
    "I already answer questions in our chat every week and would like to do more of it.",
    "I run a local meetup and want to bring its people into Hub.",
    "I write about data pipelines and Hub is where I learned half of it.",
    "I speak at conferences and would love to represent the co-operative.",
]
TITLES = {
    ActivityType.BLOG_POST: "Blog post: what I learned building with Hub",
    ActivityType.TUTORIAL: "Tutorial: Hub's API in ten minutes",
    ActivityType.VIDEO: "Video: a tour of the community",
    ActivityType.SOCIAL_POST: "Thread about our monthly meetup",
    ActivityType.ANSWERING: "Answered newcomers' questions",
    ActivityType.EVENT_HOSTED: "Hosted a local meetup",
    ActivityType.MENTORING: "Mentored a new member",
    ActivityType.BETA_TESTING: "Tested the new dashboard",
    ActivityType.FEATURE_REQUEST: "Collected feature requests from my group",
    ActivityType.SPEAKING: "Talk at a partner conference",
    ActivityType.CASE_STUDY: "Helped write a customer case study",
}
HOURS_A_MONTH = {1: 3, 2: 10, 3: 22}
CAMPAIGNS = [("telegram", "spring-meetups"), ("newsletter", "monthly-digest"), ("linkedin", "")]


def _local_day(instant: datetime):
    return instant.astimezone(community_zone()).date()


def _approve(member, *, level: int, approved_at: datetime, manager, rng) -> None:
    submitted_at = max(approved_at - timedelta(days=rng.randint(5, 12)), member.joined_at)
    application = application_submit(
        applicant=member,
        preferred_tier=AmbassadorTier.objects.get(level=level),
        motivation=rng.choice(MOTIVATIONS),
        links=f"https://blog.example.org/{member.pk}",
        audience=rng.choice(["A blog with 1,500 readers", "A Telegram channel", "My meetup group"]),
        hours_per_month=HOURS_A_MONTH[level],
        now=submitted_at,
    )
    application_review_save(
        application=application,
        reviewer=manager,
        scores={
            criterion: rng.randint(3, 5)
            for criterion in ("product_expertise", "audience_reach", "authenticity", "availability")
        },
        notes={"product_expertise": "Strong answers in the forum."},
        now=submitted_at + timedelta(days=1),
    )
    application_decide(
        application=application,
        decision="approved",
        tier=AmbassadorTier.objects.get(level=level),
        actor=manager,
        now=approved_at,
    )


def _onboard(member, *, approved_at, buddy, manager, now, complete: bool, rng) -> None:
    onboarding = Onboarding.objects.get(member=member)
    steps = ["welcome_kit", "platform_access", "resource_library"]
    if not complete:
        steps = steps[: rng.randint(1, 2)]
    for offset, step in enumerate(steps, start=1):
        onboarding_step_complete(
            onboarding=onboarding,
            step=step,
            actor=manager,
            now=min(approved_at + timedelta(days=offset), now),
        )
    if buddy is not None and (complete or rng.random() < 0.5):
        onboarding_buddy_assign(
            onboarding=onboarding,
            buddy=buddy,
            actor=manager,
            now=min(approved_at + timedelta(days=2), now),
        )


def _buddies_for_the_first(current: list[tuple[User, datetime]], *, manager, now) -> None:
    """The first ambassadors had nobody to be their buddy when they started: they get one now,
    which completes their checklist (late, as it was)."""
    for onboarding in Onboarding.objects.filter(buddy__isnull=True, completed_at__isnull=True):
        waiting = onboarding.steps.filter(done_at__isnull=True).values_list("step", flat=True)
        if onboarding.due_at > now or list(waiting) != ["buddy_assigned"]:
            continue
        buddy = next(
            (
                other
                for other, _ in current
                if other.pk != onboarding.member_id and is_ambassador(other, now=now)
            ),
            None,
        )
        if buddy is not None and is_ambassador(onboarding.member, now=now):
            onboarding_buddy_assign(onboarding=onboarding, buddy=buddy, actor=manager, now=now)


def _log_activities(member, *, level: int, since: datetime, now: datetime, under: bool, rng) -> int:
    """About the tier's hours in each calendar month from `since` to `now`; a third of them in
    the last two full months and this one when `under`."""
    logged, month = 0, month_of(since)
    slow_from = previous_month(previous_month(month_of(now)))
    types = list(TITLES)
    while month <= month_of(now):
        start, end = month_bounds(month)
        start, end = max(start, since + timedelta(hours=1)), min(end, now)
        hours_left = HOURS_A_MONTH[level] * (0.3 if under and month >= slow_from else 1.0)
        while end > start and hours_left > 0.4:
            hours = round(min(hours_left, rng.uniform(0.5, 4 if level == 1 else 8)), 1)
            when = start + (end - start) * rng.random()
            activity_type = rng.choice(types)
            ambassador_activity_log(
                member=member,
                activity_type=activity_type,
                title=TITLES[activity_type],
                occurred_on=_local_day(when),
                hours=hours,
                url=f"https://blog.example.org/{member.pk}/{logged}"
                if TYPE_CATEGORY[activity_type] == "content_creation"
                else "",
                now=when,
            )
            logged += 1
            hours_left -= hours
        month = next_month(month)
    return logged


def _attribute_signups(ambassadors: list[User], *, rng) -> int:
    """Members who joined after an ambassador's approval: a quarter came through a referral
    code, a fifth through a UTM campaign; the ledger gets each referral once."""
    approvals = sorted(
        (term_start, member)
        for member in ambassadors
        for term_start in [member.ambassador_terms.order_by("starts_at").first().starts_at]
    )
    first_approval = approvals[0][0]
    members = (
        User.objects.filter(joined_at__gt=first_approval)
        .exclude(Exists(SignupAttribution.objects.filter(member=OuterRef("pk"))))
        .exclude(email=DEMO_MEMBER_EMAIL)
        .order_by("pk")
    )
    referred = 0
    for member in members:
        earlier = [person for start, person in approvals if start < member.joined_at]
        draw = rng.random()
        signed_up_at = member.joined_at - timedelta(hours=rng.randint(1, 30))
        if draw < 0.25 and earlier:
            referrer = rng.choice(earlier)
            code = Ambassador.objects.get(member=referrer).referral_code
            SignupAttribution.objects.create(
                member=member,
                referral_code=code,
                referrer=referrer,
                signed_up_at=signed_up_at,
                first_touch_at=signed_up_at - timedelta(days=rng.randint(0, 20)),
                landing_path="/join/",
                referral_credited_at=member.joined_at,
            )
            activity_record(
                member=referrer,
                kind=ActivityKind.REFERRAL,
                occurred_at=member.joined_at,
                source=ACTIVITY_SOURCE,
                external_id=f"referral-{member.pk}",
                title="A new member joined through your referral link",
                metadata={"referral_code": code},
                now=member.joined_at,
            )
            referred += 1
        elif draw < 0.45:
            source, campaign = rng.choice(CAMPAIGNS)
            SignupAttribution.objects.create(
                member=member,
                utm_source=source,
                utm_medium="social" if source != "newsletter" else "email",
                utm_campaign=campaign,
                signed_up_at=signed_up_at,
                first_touch_at=signed_up_at,
                landing_path="/",
            )
    return referred


@transaction.atomic
def seed_ambassadors(*, context: DemoContext) -> str:
    if Ambassador.objects.exists():
        return "The demo ambassadors were there already; nothing added."
    rng, now = context.rng, context.now
    manager = User.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    members = [m for m in demo_members_current(now=now) if m.email != DEMO_MEMBER_EMAIL]
    if manager is None or len(members) < len(PLAN) + 8:
        return "Too few demo members for the ambassador programme; nothing added."
    pool = sorted(members, key=lambda person: (person.joined_at, person.pk))
    current: list[tuple[User, datetime]] = []
    logged = 0
    latest = now - timedelta(days=1)
    for level, days_ago, plan in sorted(PLAN, key=lambda entry: -entry[1]):
        # Someone who had been a member for a month by then (or the longest-standing left)
        taken = {person.pk for person, _ in current}
        eligible = [
            person
            for person in pool
            if person.pk not in taken and person.joined_at <= now - timedelta(days=days_ago + 30)
        ]
        person = rng.choice(eligible) if eligible else next(p for p in pool if p.pk not in taken)
        approved_at = min(
            max(now - timedelta(days=days_ago), person.joined_at + timedelta(days=30)), latest
        )
        _approve(person, level=level, approved_at=approved_at, manager=manager, rng=rng)
        assign_at = min(approved_at + timedelta(days=2), now)
        buddy = next(
            (other for other, _ in reversed(current) if is_ambassador(other, now=assign_at)), None
        )
        _onboard(
            person,
            approved_at=approved_at,
            buddy=buddy,
            manager=manager,
            now=now,
            complete=plan not in {"overdue", "new"},
            rng=rng,
        )
        current.append((person, approved_at))
        if plan == "moved_up":
            term_move(
                member=person,
                tier=AmbassadorTier.objects.get(level=3),
                actor=manager,
                now=min(approved_at + timedelta(days=150), latest),
                note="Runs two groups now",
            )
            level = 3
        if plan == "stepped_down":
            stepped_down_at = min(approved_at + timedelta(days=120), latest)
            logged += _log_activities(
                person,
                level=level,
                since=approved_at,
                now=stepped_down_at - timedelta(days=20),
                under=False,
                rng=rng,
            )
            term_step_down(member=person, now=stepped_down_at, note="New job")
            continue
        if plan != "new":
            logged += _log_activities(
                person, level=level, since=approved_at, now=now, under=plan == "under", rng=rng
            )
        if plan == "renewed":
            term_renew(member=person, actor=manager, now=now - timedelta(hours=1))
        if rng.random() < 0.7:
            ambassador_listing_set(member=person, listed=True, now=now)
    _buddies_for_the_first(current, manager=manager, now=now)
    ambassadors = [
        person for person, _ in current if person.ambassador_terms.filter(end_reason="").exists()
    ]
    referred = _attribute_signups([person for person, _ in current], rng=rng)

    # Last quarter's recognition: the badge to the most active, compensation for the top tiers
    last_quarter = quarter_previous(quarter_of(now))
    quarter_start = month_start(last_quarter)
    in_quarter = [person for person, approved_at in current[:6] if approved_at < quarter_start]
    top = max(in_quarter, key=lambda person: Activity.objects.filter(member=person).count())
    recognition_badge_award(
        member=top, quarter=last_quarter, actor=manager, now=now, reason="Most active ambassador"
    )
    for person, _ in current[:3]:
        compensation_review_record(
            member=person,
            quarter=last_quarter,
            outcome="unchanged",
            note="",
            actor=manager,
            now=now,
        )

    # Waiting for the managers: nominations and applications to review
    taken = {person.pk for person, _ in current}
    others = [
        person
        for person in members
        if person.pk not in taken and person.joined_at < now - timedelta(days=30)
    ]
    for nominee, days in zip(others[:3], (2, 5, 9), strict=False):
        nomination_create(
            nominee=nominee,
            nominated_by=rng.choice(ambassadors),
            reason="Answers newcomers' questions every week and runs a study group.",
            now=now - timedelta(days=days),
        )
    waiting = list(zip(others[3:7], (3, 9, 16, 21), strict=False))
    demo_member = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
    if demo_member is not None and demo_member.is_member_at(now - timedelta(days=2)):
        waiting.append((demo_member, 2))  # the demo member sees it on their dashboard
    for applicant, days in waiting:
        application = application_submit(
            applicant=applicant,
            preferred_tier=AmbassadorTier.objects.get(level=1),
            motivation=rng.choice(MOTIVATIONS),
            links="",
            audience="Colleagues at work and a small Telegram group",
            hours_per_month=4,
            now=now - timedelta(days=days),
        )
        if days > 10:
            application_review_save(
                application=application,
                reviewer=manager,
                scores={
                    "product_expertise": 3,
                    "audience_reach": 2,
                    "authenticity": 5,
                    "availability": 4,
                },
                notes={"audience_reach": "Small audience for now."},
                now=now - timedelta(days=days - 2),
            )
    # The demo's emails count as sent: nobody is to be written to when it is built.
    Nomination.objects.filter(notified_at__isnull=True).update(notified_at=now)
    ApplicationDecision.objects.filter(emailed_at__isnull=True).update(emailed_at=now)
    return (
        f"{len(ambassadors)} ambassadors (and one who stepped down) with {logged} logged "
        f"activities and {referred} referred members; 3 nominations and {len(waiting)} "
        "applications to review."
    )
