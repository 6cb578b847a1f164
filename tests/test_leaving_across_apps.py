"""Leaving the community, across every app: a member with data in each app leaves, and then
(a) nothing personal about them remains anywhere in the database or the audit log's sentences,
(b) what they held goes on to the next person (their seat to the first on the waitlist, who is
emailed), and (c) no figure of a past month or a past event changes.

Each app adds itself in two places (ambassadors and metrics too, when they hold member data):
`BUILDERS[app]` gives the leaver that app's data (and notes the personal texts to look for and
the checks to make after leaving), and `PAST_FIGURES[app]` computes the app's past figures with
plain ORM queries, before and after.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.db.models import Count, Q

from ambassadors.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorTerm,
    AmbassadorTier,
    ApplicationReview,
    Onboarding,
    SignupAttribution,
    TermEnd,
)
from ambassadors.services.activities import ambassador_activity_log
from ambassadors.services.applications import (
    application_decide,
    application_review_save,
    application_submit,
    nomination_create,
)
from ambassadors.services.onboarding import onboarding_buddy_assign
from ambassadors.services.recognition import compensation_review_record
from ambassadors.services.referrals import referral_code_is_live
from ambassadors.services.terms import term_move
from events.models import (
    CalendarFeed,
    Event,
    EventHost,
    GroupMembership,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.services.calendars import calendar_feed_get_or_create
from events.services.checkins import checkin_record
from events.services.groups import group_create, group_join
from events.services.rsvps import rsvp_create
from events.tests.factories import EventFactory, EventHostFactory
from hub.core.audit import audit_sentence
from hub.core.extension_points import leave_handlers
from hub.core.models import AuditEntry
from hub.core.timeutils import month_of, month_start, next_month, previous_month
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    ApiToken,
    Award,
    Badge,
    CaseStudy,
    Skill,
    Spotlight,
    Tier,
    User,
)
from members.services.account import member_leave
from members.services.ideas import idea_create, idea_vote
from members.services.membership import member_join, tier_change
from members.services.profiles import profile_update
from members.services.recognition import badge_award, spotlight_publish
from members.tests.factories import (
    ActivityFactory,
    ManagerFactory,
    MemberFactory,
    UserFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db

#: The leaving instant: a Wednesday in March 2026. Every month before March is in the past.
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
JOINED = datetime(2025, 9, 10, 9, 0, tzinfo=UTC)
PAST_MONTHS = 7  # August 2025 to February 2026


@dataclass
class World:
    """What the builders made: the leaver, everyone else they need, the texts that must be
    gone afterwards, and the checks each app makes after the leaving."""

    leaver: User
    manager: User
    now: datetime
    personal_texts: list[str] = field(default_factory=list)
    checks: list[Callable[[], None]] = field(default_factory=list)


# --- What each app holds about the leaver -------------------------------------------------------


def build_members(world: World) -> None:
    leaver, manager = world.leaver, world.manager
    at = JOINED + timedelta(days=3)
    Skill.objects.get_or_create(name="Compilers")
    profile_update(
        member=leaver,
        skills=["Compilers"],
        skill_suggestion="Parsers of Qx7",  # a suggestion nobody else holds: it goes with them
        now=at,
        headline="Compiler whisperer Qx7",
        bio="Bio of Zoryana: she writes parsers Qx7",
        location="Bakhmach Qx7",
        github_username="zoryana-qx7",
        website="https://zoryana-qx7.example",
        how_heard="A friend",
    )
    for month_back in range(1, 6):
        ActivityFactory(
            member=leaver,
            kind="code",
            occurred_at=NOW - timedelta(days=30 * month_back),
            title="Parser speed-up",
        )
    tier_change(
        member=leaver,
        tier=Tier.objects.get(level=2),
        actor=manager,
        reason="Promoted because Zoryana Qx7 led the parser work",
        now=datetime(2025, 12, 1, tzinfo=UTC),
    )
    badge = Badge.objects.create(name="Helper", slug="helper", description="d", icon="*")
    badge_award(
        badge=badge,
        member=leaver,
        actor=manager,
        reason="Zoryana Qx7 helped everyone",
        now=datetime(2026, 1, 20, tzinfo=UTC),
    )
    idea = idea_create(
        author=leaver, title="Parser night", body="Monthly.", now=datetime(2026, 2, 2, tzinfo=UTC)
    )
    idea_vote(idea=idea, member=manager, now=datetime(2026, 2, 3, tzinfo=UTC))
    other_idea = idea_create(
        author=manager, title="Hub radio", body="Weekly.", now=datetime(2026, 2, 3, tzinfo=UTC)
    )
    idea_vote(idea=other_idea, member=leaver, now=datetime(2026, 2, 4, tzinfo=UTC))
    spotlight = Spotlight.objects.create(
        month=date(2026, 2, 1), member=leaver, story="Spotlight story of Zoryana Qx7"
    )
    spotlight_publish(spotlight=spotlight, actor=manager, now=datetime(2026, 2, 1, tzinfo=UTC))
    Award.objects.create(
        category="Builder",
        year=2025,
        winner=leaver,
        citation="Award citation for Zoryana Qx7",
        published_at=datetime(2025, 12, 20, tzinfo=UTC),
    )
    CaseStudy.objects.create(
        member=leaver,
        title="How Zoryana Qx7 grew",
        slug="zoryana-story",
        summary="Case summary Qx7",
        body="Case body of Zoryana Qx7",
        published_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    api_key_for(leaver)
    world.personal_texts += [
        "Parsers of Qx7",
        "Compiler whisperer Qx7",
        "Bio of Zoryana",
        "Bakhmach Qx7",
        "zoryana-qx7",
        "led the parser work",
        "helped everyone",
        "Spotlight story of Zoryana",
        "Award citation for Zoryana",
        "How Zoryana Qx7 grew",
        "Case summary Qx7",
        "Case body of Zoryana",
    ]

    def check() -> None:
        assert not EmailAddress.objects.filter(user=leaver).exists()
        assert not ApiToken.objects.filter(user=leaver).exists()

    world.checks.append(check)


def build_events(world: World) -> None:
    leaver = world.leaver
    others = [MemberFactory(joined_at=JOINED - timedelta(days=30)) for _ in range(4)]
    # A group they co-organize (and so belong to), since October
    group = group_create(
        name="Parsers Kyiv",
        type="local",
        leader=others[0],
        co_organizers=[leaver],
        now=datetime(2025, 10, 1, tzinfo=UTC),
    )
    group_join(group=group, member=others[1], now=datetime(2025, 11, 5, tzinfo=UTC))
    # A past event they hosted and checked in to, with others going
    past_start = datetime(2026, 2, 11, 17, 0, tzinfo=UTC)
    past = EventFactory(
        group=group, capacity=3, starts_at=past_start, ends_at=past_start + timedelta(hours=2)
    )
    EventHostFactory(event=past, member=leaver)
    for person in (leaver, others[1], others[2], others[3]):  # the fourth waits
        rsvp_create(event=past, member=person, now=past_start - timedelta(days=3))
    for person in (leaver, others[1]):
        checkin_record(
            event=past, member=person, actor=others[0], now=past_start + timedelta(minutes=10)
        )
    # A seat at a full event to come, with someone waiting for it
    soon = EventFactory(group=group, capacity=1, title="Grammar clinic")
    rsvp_create(event=soon, member=leaver, now=NOW - timedelta(days=2))
    rsvp_create(event=soon, member=others[2], now=NOW - timedelta(days=1))
    # A waitlist place at another full event to come, and a talk to give there
    later = EventFactory(capacity=1, starts_at=NOW + timedelta(days=9))
    rsvp_create(event=later, member=others[3], now=NOW - timedelta(days=2))
    rsvp_create(event=later, member=leaver, now=NOW - timedelta(days=1))
    EventHostFactory(event=later, member=leaver, role=EventHost.Role.SPEAKER)
    feed = calendar_feed_get_or_create(member=leaver, now=NOW - timedelta(days=5))

    def check() -> None:
        # The seat went to the first in line, who was emailed; the leaver holds nothing to come
        assert Rsvp.objects.get(event=soon, member=others[2]).status == RsvpStatus.GOING
        to_them = [message.subject for message in mail.outbox if message.to == [others[2].email]]
        assert to_them == [f"A seat is yours: {soon.title}"]
        # and the managers were told the group lost a co-organizer
        to_managers = [m.subject for m in mail.outbox if m.to == [world.manager.email]]
        assert to_managers == ["[Hub] Parsers Kyiv lost a co-organizer"]
        assert not Rsvp.objects.filter(
            member=leaver,
            status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
            event__starts_at__gt=NOW,
        ).exists()
        assert Rsvp.objects.get(event=later, member=others[3]).status == RsvpStatus.GOING
        assert not GroupMembership.objects.filter(member=leaver, left_at__isnull=True).exists()
        assert not UserGroup.objects.filter(co_organizers=leaver).exists()
        assert not EventHost.objects.filter(member=leaver, event__starts_at__gt=NOW).exists()
        assert not CalendarFeed.objects.filter(token=feed.token).exists()

    world.checks.append(check)


def build_ambassadors(world: World) -> None:
    leaver, manager = world.leaver, world.manager
    nominator = MemberFactory(joined_at=JOINED - timedelta(days=60))
    nomination_create(
        nominee=leaver,
        nominated_by=nominator,
        reason="Zoryana Qx7 explains parsers to everyone",
        now=datetime(2025, 9, 20, tzinfo=UTC),
    )
    application = application_submit(
        applicant=leaver,
        preferred_tier=AmbassadorTier.objects.get(level=1),
        motivation="Motivation of Zoryana Qx7",
        links="https://zoryana-qx7.example/talks",
        audience="Audience of Zoryana Qx7",
        hours_per_month=4,
        now=datetime(2025, 9, 25, tzinfo=UTC),
    )
    application_review_save(
        application=application,
        reviewer=manager,
        scores={"product_expertise": 5, "audience_reach": 3, "authenticity": 5, "availability": 4},
        notes={"authenticity": "Reviewer note on Zoryana Qx7"},
        now=datetime(2025, 9, 28, tzinfo=UTC),
    )
    application_decide(
        application=application,
        decision="approved",
        tier=AmbassadorTier.objects.get(level=1),
        message="Welcome aboard, Zoryana Qx7",
        actor=manager,
        now=datetime(2025, 10, 1, tzinfo=UTC),
    )
    ambassador_activity_log(
        member=leaver,
        activity_type="video",
        title="Talk by Zoryana Qx7",
        occurred_on=date(2025, 11, 12),
        hours=3,
        url="https://zoryana-qx7.example/talk",
        now=datetime(2025, 11, 13, tzinfo=UTC),
    )
    term_move(
        member=leaver,
        tier=AmbassadorTier.objects.get(level=2),
        actor=manager,
        note="Zoryana Qx7 leads two groups now",
        now=datetime(2025, 12, 10, tzinfo=UTC),
    )
    compensation_review_record(
        member=leaver,
        quarter=date(2025, 10, 1),
        outcome="increased",
        note="Stipend raised for Zoryana Qx7",
        actor=manager,
        now=datetime(2026, 1, 8, tzinfo=UTC),
    )
    # Someone who joined through her link in January
    referred = UserFactory(email="referred@example.com")
    SignupAttribution.objects.create(
        member=referred,
        referral_code=Ambassador.objects.get(member=leaver).referral_code,
        referrer=leaver,
        signed_up_at=datetime(2026, 1, 19, tzinfo=UTC),
    )
    member_join(member=referred, now=datetime(2026, 1, 20, tzinfo=UTC))
    # She is the buddy of a new ambassador whose onboarding is still going on
    newcomer = MemberFactory(joined_at=JOINED - timedelta(days=60))
    newcomer_application = application_submit(
        applicant=newcomer,
        preferred_tier=AmbassadorTier.objects.get(level=1),
        motivation="I host meetups",
        links="",
        audience="A meetup",
        hours_per_month=3,
        now=datetime(2026, 2, 20, tzinfo=UTC),
    )
    application_decide(
        application=newcomer_application,
        decision="approved",
        tier=AmbassadorTier.objects.get(level=1),
        actor=manager,
        now=datetime(2026, 2, 25, tzinfo=UTC),
    )
    onboarding_buddy_assign(
        onboarding=Onboarding.objects.get(member=newcomer),
        buddy=leaver,
        actor=manager,
        now=datetime(2026, 2, 26, tzinfo=UTC),
    )
    code = Ambassador.objects.get(member=leaver).referral_code
    world.personal_texts += [
        "explains parsers to everyone",
        "Motivation of Zoryana",
        "Audience of Zoryana",
        "Reviewer note on Zoryana",
        "Welcome aboard, Zoryana",
        "Talk by Zoryana",
        "leads two groups now",
        "Stipend raised for Zoryana",
    ]

    def check() -> None:
        assert referred_credits(leaver) == 1
        assert Ambassador.objects.get(member=leaver).code_retired_at == NOW
        assert not referral_code_is_live(code, now=NOW)
        term = AmbassadorTerm.objects.filter(member=leaver).order_by("-starts_at").first()
        assert (term.ends_at, term.end_reason) == (NOW, TermEnd.LEFT)
        onboarding = Onboarding.objects.get(member=newcomer)
        assert onboarding.buddy is None
        assert not onboarding.steps.get(step="buddy_assigned").done_at

    world.checks.append(check)


def build_site(world: World) -> None:
    from hub.site.models import JobRun

    leaver = world.leaver
    # A scheduled job they (then a manager) ran now from the admin
    JobRun.objects.create(
        job="members-badge-rules",
        task="members.tasks.recognition.badge_rules_daily",
        task_id="run-asked-by-the-leaver",
        requested_by=leaver,
        sent_at=NOW - timedelta(days=3),
        status=JobRun.Status.SUCCEEDED,
    )

    # A manager's message they got, and one still on its way to them
    from hub.site.models import Segment, SegmentDelivery, SegmentMessage

    sent, pending = (
        SegmentMessage.objects.create(
            segment=Segment.TIER,
            segment_id=1,
            segment_name="Tier: Contributors",
            subject=subject,
            body="Hello all",
            author=world.manager,
            created_at=NOW - timedelta(days=days),
        )
        for subject, days in (("Welcome", 20), ("Soon", 0))
    )
    SegmentDelivery.objects.create(message=sent, member=leaver, sent_at=NOW - timedelta(days=20))
    SegmentDelivery.objects.create(message=pending, member=leaver)

    def check() -> None:
        run = JobRun.objects.get(task_id="run-asked-by-the-leaver")
        assert run.requested_by is None
        assert run.status == JobRun.Status.SUCCEEDED  # the run itself stays
        assert SegmentDelivery.objects.filter(member=leaver, message=sent).exists()
        assert not SegmentDelivery.objects.filter(member=leaver, message=pending).exists()

    world.checks.append(check)


def referred_credits(member) -> int:
    return Activity.objects.filter(member=member, kind="referral").count()


def build_metrics(world: World) -> None:
    """A survey answer with a comment in February, and the past months computed and frozen
    (the rollup rows counting the leaver's activity in them) before the leaving."""
    from metrics.services.snapshots import snapshots_compute_range
    from metrics.tests.factories import SurveyAnswerFactory, SurveyFactory

    february = SurveyFactory(
        opens_at=datetime(2026, 2, 2, 8, 0, tzinfo=UTC),
        closes_at=datetime(2026, 2, 20, 8, 0, tzinfo=UTC),
        created_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC),
    )
    SurveyAnswerFactory(
        survey=february, member=world.leaver, score=5, comment="Survey comment by Zoryana Qx7"
    )
    world.personal_texts.append("Survey comment by Zoryana Qx7")
    months = past_months(world.now)
    list(
        snapshots_compute_range(
            first=months[-1][0].date(),
            last=months[0][0].date(),
            now=world.now - timedelta(hours=1),
            computed_by="job",
        )
    )


BUILDERS: dict[str, Callable[[World], None]] = {
    "members": build_members,
    "events": build_events,
    "ambassadors": build_ambassadors,
    "metrics": build_metrics,
    "hub_site": build_site,
}


# --- Past figures, as plain queries --------------------------------------------------------------


def past_months(now: datetime) -> list[tuple[datetime, datetime]]:
    """[start, end) of each of the PAST_MONTHS calendar months before the one of `now`."""
    months, month = [], month_of(now)
    for _ in range(PAST_MONTHS):
        month = previous_month(month)
        months.append((month_start(month), month_start(next_month(month))))
    return months


def members_figures(now: datetime) -> dict:
    figures = {}
    for start, end in past_months(now):
        in_month = Q(occurred_at__gte=start, occurred_at__lt=end)
        figures[start.date().isoformat()] = {
            "members_at_month_end": User.objects.existing_at(
                end - timedelta(microseconds=1)
            ).count(),
            "new": User.objects.filter(joined_at__gte=start, joined_at__lt=end).count(),
            "left": User.objects.filter(left_at__gte=start, left_at__lt=end).count(),
            "active": Activity.objects.filter(in_month).values("member").distinct().count(),
            "contributions": Activity.objects.filter(in_month, kind__in=CONTRIBUTION_KINDS).count(),
            "points": sum(Activity.objects.filter(in_month).values_list("points", flat=True)),
        }
    return figures


def events_figures(now: datetime) -> dict:
    per_event = {
        row["pk"]: row
        for row in Event.objects.filter(ends_at__lte=now)
        .values("pk")
        .annotate(
            going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
            waitlisted=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
            answers=Count("rsvps"),
            checked_in=Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False)),
            hosts=Count("hosts", distinct=True),
        )
    }
    group_sizes = {}
    for _start, end in past_months(now):
        at = end - timedelta(microseconds=1)
        existing = Q(joined_at__lte=at) & (Q(left_at__isnull=True) | Q(left_at__gt=at))
        group_sizes[end.date().isoformat()] = dict(
            GroupMembership.objects.filter(existing)
            .values("group")
            .annotate(n=Count("id"))
            .values_list("group", "n")
        )
    return {"per_past_event": per_event, "group_members_at_month_end": group_sizes}


def ambassadors_figures(now: datetime) -> dict:
    figures = {}
    for start, end in past_months(now):
        terms = AmbassadorTerm.objects.filter(starts_at__lt=end, ends_at__gt=start)
        figures[start.date().isoformat()] = {
            "ambassadors": terms.values("member").distinct().count(),
            "by_tier": sorted(terms.values_list("member", "tier__level")),
            "hours": sorted(
                AmbassadorActivity.objects.filter(
                    occurred_on__gte=start.date(), occurred_on__lt=end.date()
                ).values_list("member", "hours")
            ),
            "referrals": sorted(
                SignupAttribution.objects.filter(
                    referral_credited_at__gte=start, referral_credited_at__lt=end
                ).values_list("referrer", "referral_code")
            ),
            "signups_by_source": sorted(
                SignupAttribution.objects.filter(
                    member__joined_at__gte=start, member__joined_at__lt=end
                ).values_list("referral_code", "utm_campaign", "how_heard")
            ),
            "scores": sorted(
                ApplicationReview.objects.filter(created_at__lt=end).values_list(
                    "product_expertise", "audience_reach", "authenticity", "availability"
                )
            ),
        }
    return figures


def metrics_figures(now: datetime) -> dict:
    """The stored snapshots of the past months, the rollup rows, and what computing each month
    again from today's data says (it must stay "unchanged")."""
    from metrics.models import MemberMonth, MonthlySnapshot
    from metrics.services.snapshots import snapshot_compute

    months = [start.date() for start, _end in past_months(now)]
    return {
        "snapshots": {
            row.label: row.figures() for row in MonthlySnapshot.objects.filter(month__in=months)
        },
        "rollup": sorted(
            MemberMonth.objects.filter(month__in=months).values_list(
                "month", "member", "activities", "contributions", "points"
            )
        ),
        "recomputed": [
            snapshot_compute(month=month, now=now, computed_by="job").outcome for month in months
        ],
    }


def site_figures(now: datetime) -> dict:
    from hub.site.models import JobRun, SegmentDelivery

    return {
        "job_runs": dict(
            JobRun.objects.values("job").annotate(n=Count("id")).values_list("job", "n")
        ),
        "messages_delivered": dict(
            SegmentDelivery.objects.filter(sent_at__lt=now)
            .values("message")
            .annotate(n=Count("id"))
            .values_list("message", "n")
        ),
    }


PAST_FIGURES: dict[str, Callable[[datetime], dict]] = {
    "members": members_figures,
    "events": events_figures,
    "ambassadors": ambassadors_figures,
    "metrics": metrics_figures,
    "hub_site": site_figures,
}


# --- Looking for what is left -------------------------------------------------------------


def rows_containing(text: str) -> list[str]:
    """Every row of every model (of every installed app) with `text` in any of its values,
    and every audit entry whose sentence holds it."""
    needle = text.lower()
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields]
        for values in model._default_manager.values_list(*names):
            if any(needle in str(value).lower() for value in values):
                found.append(f"{model._meta.label}: {values}")
    for entry in AuditEntry.objects.all():
        if needle in audit_sentence(entry).lower():
            found.append(f"audit sentence: {audit_sentence(entry)}")
    return found


# --- The test ------------------------------------------------------------------------------


#: Apps that erase on leaving but have not added their builder and figures here yet.
PENDING: dict[str, str] = {}


@pytest.mark.parametrize(
    "app",
    [
        pytest.param(app, marks=pytest.mark.xfail(strict=True, reason=PENDING[app]))
        if app in PENDING
        else app
        for app in sorted(leave_handlers.apps() - {"hub"})
    ],
)
def test_every_app_that_erases_has_a_builder_and_past_figures_here(app):
    assert app in BUILDERS
    assert app in PAST_FIGURES


def test_a_member_with_data_in_every_app_leaves_no_trace_and_no_past_figure_moves(
    django_capture_on_commit_callbacks,
):
    # Given a member with data in every app, and the community around them
    leaver = MemberFactory(
        email="zoryana.qx7@example.com", name="Zoryana Qx7 Vyhovska", joined_at=JOINED
    )
    world = World(leaver=leaver, manager=ManagerFactory(joined_at=JOINED), now=NOW)
    for build in BUILDERS.values():
        build(world)
    assert rows_containing("zoryana.qx7@example.com")  # the search finds what is there
    before = {app: figures(NOW) for app, figures in PAST_FIGURES.items()}
    mail.outbox.clear()
    # When they leave
    with django_capture_on_commit_callbacks(execute=True):
        member_leave(member=leaver, now=NOW)
    # Then (a) their email, name and the texts written by or about them are nowhere
    for text in ["zoryana.qx7@example.com", "Zoryana Qx7 Vyhovska", *world.personal_texts]:
        assert rows_containing(text) == [], text
    assert AuditEntry.objects.filter(subject=leaver).exists()  # the history stays, nameless
    # (b) what they held went on, and each app's own checks hold
    for check in world.checks:
        check()
    # (c) no figure of a past month or past event changed
    after = {app: figures(NOW) for app, figures in PAST_FIGURES.items()}
    assert after == before


def test_the_reason_written_for_a_tier_change_is_erased_with_the_rest():
    # Given a member a manager promoted, with a reason naming them
    leaver = MemberFactory(name="Taras Tierman", joined_at=JOINED)
    tier_change(
        member=leaver,
        tier=Tier.objects.get(level=2),
        actor=ManagerFactory(joined_at=JOINED),
        reason="Taras Tierman ran the migration",
        now=datetime(2025, 12, 1, tzinfo=UTC),
    )
    # When they leave, then the reason is nowhere
    member_leave(member=leaver, now=NOW)
    assert rows_containing("ran the migration") == []
