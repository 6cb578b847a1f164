"""The demo community tells a believable story: `seed_demo` at a small size, then the
invariants that a reader of the demo would notice if broken (names, tiers, badges, events,
growth, engagement). The ranges are the ones the demo modules' docstrings state."""

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from events.models import Event, RsvpStatus
from hub.core.extension_points import DEMO_MANAGER_EMAIL
from hub.core.timeutils import month_bounds, month_of
from members.demo.membership import programme_months, share_joined_by
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    ActivityKind,
    Award,
    Badge,
    BadgeAward,
    CaseStudy,
    Profile,
    Spotlight,
    Tier,
    TierMembership,
    User,
)
from members.selectors.activities import members_returned, members_slipping_away
from members.selectors.membership import member_window_numbers
from members.services.recognition import (
    EVENTS_FOR_BADGE,
    MONTHS_IN_A_ROW_FOR_BADGE,
    POINTS_IN_A_MONTH_FOR_BADGE,
    longest_run_of_months,
)

DEMO_SIZE = 120
ACTIVE_RANGE = (0.45, 0.65)
CONTRIBUTOR_RANGE = (0.15, 0.25)
FILL_RANGE = (0.40, 0.90)
SHOW_UP_RANGE = (0.60, 0.85)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the whole module (it takes seconds), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--members", str(DEMO_SIZE), "--seed", "2026")
        yield timezone.now()
        transaction.set_rollback(True)


def _members():
    return User.objects.exclude(email=DEMO_MANAGER_EMAIL)


def test_every_member_has_a_name_of_their_own(demo):
    names = list(Profile.objects.exclude(display_name="").values_list("display_name", flat=True))
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert repeated == []
    assert len(names) >= DEMO_SIZE - _members().filter(left_at__isnull=False).count()


def test_nobody_is_above_contributors_without_meeting_the_rule_when_promoted(demo):
    promotions = TierMembership.objects.filter(
        from_tier__isnull=False, tier__level__gt=1
    ).select_related("member", "tier__promotion_rule", "from_tier")
    promotions = [row for row in promotions if row.tier.level > row.from_tier.level]
    assert promotions, "the demo promotes some members"
    for row in promotions:
        rule = row.tier.promotion_rule
        numbers = member_window_numbers(
            member=row.member, days=rule.window_days, now=row.started_at
        )
        assert numbers["active_days"] >= rule.min_active_days, row
        assert numbers["contributions"] >= rule.min_contributions, row
    # and everyone above Contributors got there through such a row
    above = TierMembership.objects.filter(ended_at__isnull=True, tier__level__gt=1)
    assert set(above.values_list("member", flat=True)) <= {row.member_id for row in promotions}
    # nobody who joined in the last two weeks is above Contributors
    recent = above.filter(member__joined_at__gt=demo - timedelta(days=14))
    assert not recent.exists()


def _rule_met_at(award: BadgeAward) -> bool:
    """Whether the badge's rule held for the member at the award's date."""
    activities = Activity.objects.filter(member=award.member, occurred_at__lte=award.awarded_at)
    rule = award.badge.rule
    if rule == Badge.Rule.FIRST_CONTRIBUTION:
        return activities.filter(kind__in=CONTRIBUTION_KINDS).exists()
    if rule == Badge.Rule.TEN_EVENTS:
        return activities.filter(kind=ActivityKind.EVENT_ATTENDANCE).count() >= EVENTS_FOR_BADGE
    if rule == Badge.Rule.SIX_MONTHS_ACTIVE:
        months = {month_of(at) for at in activities.values_list("occurred_at", flat=True)}
        return longest_run_of_months(months) >= MONTHS_IN_A_ROW_FOR_BADGE
    if rule == Badge.Rule.HUNDRED_POINTS:
        start, _ = month_bounds(award.awarded_at)
        points = activities.filter(occurred_at__gte=start).aggregate(total=Sum("points"))
        return (points["total"] or 0) >= POINTS_IN_A_MONTH_FOR_BADGE
    return True


def test_badges_are_dated_when_they_were_earned(demo):
    awards = list(BadgeAward.objects.select_related("badge", "member"))
    assert awards
    assert all(award.awarded_at <= demo for award in awards)
    unmet = [award for award in awards if not _rule_met_at(award)]
    assert unmet == []
    first = BadgeAward.objects.filter(badge__rule=Badge.Rule.FIRST_CONTRIBUTION)
    # Spread over the year, not all stamped on the day the demo ran.
    assert first.dates("awarded_at", "month").count() >= 6
    assert not first.filter(awarded_at__gte=demo - timedelta(days=1)).count() > first.count() / 4


def test_nobody_is_both_slipping_away_and_back_and_nobody_honoured_is_slipping(demo):
    slipping = set(members_slipping_away(now=demo).values_list("pk", flat=True))
    returned = set(members_returned(now=demo).values_list("pk", flat=True))
    assert slipping & returned == set()
    honoured = {
        *Award.objects.values_list("winner", flat=True),
        *Spotlight.objects.values_list("member", flat=True),
        *CaseStudy.objects.values_list("member", flat=True),
        *TierMembership.objects.filter(ended_at__isnull=True, tier__level=3).values_list(
            "member", flat=True
        ),
    }
    assert honoured & slipping == set()


def test_texts_are_varied_and_name_no_missing_product(demo):
    citations = list(Award.objects.values_list("citation", flat=True))
    assert len(citations) == 3
    assert len(set(citations)) == 3
    assert len(set(Award.objects.values_list("category", flat=True))) == 3
    for tier in Tier.objects.all():
        assert not any("forum" in benefit.lower() for benefit in tier.benefits), tier.benefits


def test_events_have_descriptions_and_titles_that_match_their_kind(demo):
    events = list(Event.objects.all())
    assert events
    for event in events:
        assert event.description.strip(), event.title
        kind_words = event.get_kind_display().lower().split()[0]
        assert kind_words in event.title.lower(), (event.title, event.kind)


def test_past_events_are_believably_full_and_attended(demo):
    past = Event.objects.filter(ends_at__lte=demo, capacity__isnull=False).annotate(
        going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
        came=Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False)),
    )
    assert past.count() >= 10
    for event in past:
        fill, show_up = event.going / event.capacity, event.came / event.going
        assert FILL_RANGE[0] <= fill <= FILL_RANGE[1], (event.title, fill)
        assert SHOW_UP_RANGE[0] <= show_up <= SHOW_UP_RANGE[1], (event.title, show_up)


def _month_figures(now):
    """(month, members at its end, active, contributors) for each complete programme month."""
    figures = []
    for month in programme_months(now)[:-1]:
        start, end = month_bounds(month)
        existing = _members().existing_at(end - timedelta(microseconds=1))
        in_month = Activity.objects.filter(
            member__in=existing, occurred_at__gte=start, occurred_at__lt=end
        )
        figures.append(
            (
                month,
                existing.count(),
                in_month.values("member").distinct().count(),
                in_month.filter(kind__in=CONTRIBUTION_KINDS).values("member").distinct().count(),
            )
        )
    return figures


def test_membership_grows_every_month_close_to_the_strategys_curve(demo):
    figures = _month_figures(demo)
    totals = [total for _, total, _, _ in figures]
    assert all(later > earlier for earlier, later in itertools.pairwise(totals))
    # The curve scaled so that everyone asked for has joined by now.
    months = programme_months(demo)
    elapsed = (demo - month_bounds(months[-1])[0]) / (
        month_bounds(months[-1])[1] - month_bounds(months[-1])[0]
    )
    scale = DEMO_SIZE / share_joined_by(11 + elapsed)
    for number, total in enumerate(totals, start=1):
        target = share_joined_by(number) * scale
        if number >= 3:
            assert abs(total - target) <= 0.2 * target, (number, total, target)


def test_engagement_is_in_the_stated_ranges(demo):
    last_six = _month_figures(demo)[-6:]
    active = sum(a for _, _, a, _ in last_six) / sum(t for _, t, _, _ in last_six)
    contributors = sum(c for _, _, _, c in last_six) / sum(t for _, t, _, _ in last_six)
    assert ACTIVE_RANGE[0] <= active <= ACTIVE_RANGE[1], active
    assert CONTRIBUTOR_RANGE[0] <= contributors <= CONTRIBUTOR_RANGE[1], contributors
