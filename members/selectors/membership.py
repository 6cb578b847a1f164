"""Reads about members. Who may see what is decided here."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate

from hub.core.errors import DomainError
from hub.core.timeutils import community_zone, month_bounds
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    BadgeAward,
    Tier,
    TierMembership,
    User,
)


class NotAMember(DomainError):
    """The person is not a current member (anonymous, not yet confirmed, or left)."""

    status_code = 403

    def __init__(self, to: str):
        super().__init__(f"Only current members can {to}.", code="not_member")


def member_is_current(user, *, now: datetime) -> bool:
    """Is `user` (possibly anonymous) a current member at `now`? The predicate every app
    uses; `User.objects.current(now)` is the same rule for a queryset."""
    return bool(user is not None and user.is_authenticated and user.is_member_at(now))


def member_require_current(user, *, now: datetime, to: str) -> None:
    """Raise `NotAMember` ("Only current members can {to}.") unless `user` is one."""
    if not member_is_current(user, now=now):
        raise NotAMember(to)


def member_current_tier(*, member: User) -> Tier | None:
    membership = (
        TierMembership.objects.filter(member=member, ended_at__isnull=True)
        .select_related("tier")
        .first()
    )
    return membership.tier if membership else None


def member_month_summary(*, member: User, now: datetime) -> dict:
    """Points, activities and contributions of the member in the current month: one query."""
    start, end = month_bounds(now)
    summary = Activity.objects.filter(
        member=member, occurred_at__gte=start, occurred_at__lt=end
    ).aggregate(
        points=Sum("points"),
        activities=Count("id"),
        contributions=Count("id", filter=Q(kind__in=CONTRIBUTION_KINDS)),
    )
    summary["points"] = summary["points"] or 0
    return summary


def member_recent_activities(*, member: User, limit: int = 20):
    return Activity.objects.filter(member=member).order_by("-occurred_at", "-id")[:limit]


def member_current_membership(*, member: User) -> TierMembership | None:
    return (
        TierMembership.objects.filter(member=member, ended_at__isnull=True)
        .select_related("tier", "tier__promotion_rule")
        .first()
    )


def member_window_numbers(*, member: User, days: int, now: datetime) -> dict:
    """Distinct active days and contributions of one member in the last `days`: one query,
    counted exactly as the daily tier evaluation counts them."""
    return Activity.objects.filter(
        member=member, occurred_at__gt=now - timedelta(days=days), occurred_at__lte=now
    ).aggregate(
        active_days=Count(TruncDate("occurred_at", tzinfo=community_zone()), distinct=True),
        contributions=Count("id", filter=Q(kind__in=CONTRIBUTION_KINDS)),
    )


@dataclass(frozen=True)
class Measure:
    label: str
    have: int
    need: int

    @property
    def met(self) -> bool:
        return self.have >= self.need

    @property
    def percent(self) -> int:
        return 100 if self.need == 0 else min(100, self.have * 100 // self.need)


@dataclass(frozen=True)
class TierProgress:
    """Where the member stands: their tier, the next one, and how far they are from it."""

    current: Tier | None
    next_tier: Tier | None
    window_days: int
    measures: list[Measure]
    locked: bool

    @property
    def next_tier_reached(self) -> bool:
        return bool(self.measures) and all(measure.met for measure in self.measures)


def member_tier_progress(*, member: User, now: datetime) -> TierProgress:
    """Progress toward the next tier, from the next tier's promotion rule (three queries)."""
    membership = member_current_membership(member=member)
    current = membership.tier if membership else None
    next_tier = (
        Tier.objects.filter(level__gt=current.level)
        .select_related("promotion_rule")
        .order_by("level")
        .first()
        if current
        else None
    )
    rule = getattr(next_tier, "promotion_rule", None) if next_tier else None
    measures: list[Measure] = []
    window_days = rule.window_days if rule else 0
    if rule is not None:
        numbers = member_window_numbers(member=member, days=rule.window_days, now=now)
        measures = [
            Measure("Days with activity", numbers["active_days"], rule.min_active_days),
            Measure(
                "Contributions (code, docs, ideas)",
                numbers["contributions"],
                rule.min_contributions,
            ),
        ]
    return TierProgress(
        current=current,
        next_tier=next_tier,
        window_days=window_days,
        measures=measures,
        locked=member.tier_locked,
    )


def member_badge_awards(*, member: User, limit: int = 12):
    return (
        BadgeAward.objects.filter(member=member)
        .select_related("badge")
        .order_by("-awarded_at", "-id")[:limit]
    )


SLIPPING_QUIET_DAYS = 30
SLIPPING_ACTIVE_DAYS = 90
RETURN_LOOKBACK_DAYS = 7


def _members_last_active_between(*, now: datetime, as_of: datetime):
    """Existing members whose last activity up to `as_of` lies in the 90 days before the last
    30 days: active before, quiet since."""
    last_active = Max("activities__occurred_at", filter=Q(activities__occurred_at__lte=as_of))
    return (
        User.objects.existing_at(now)
        .annotate(last_active_at=last_active)
        .filter(
            last_active_at__gte=as_of - timedelta(days=SLIPPING_QUIET_DAYS + SLIPPING_ACTIVE_DAYS),
            last_active_at__lt=as_of - timedelta(days=SLIPPING_QUIET_DAYS),
        )
    )


def _with_tier_name(queryset):
    tier_name = TierMembership.objects.filter(member=OuterRef("pk"), ended_at__isnull=True).values(
        "tier__name"
    )[:1]
    return queryset.annotate(tier_name=Subquery(tier_name)).select_related("profile")


def members_slipping_away(*, now: datetime):
    """Members active in the previous 90 days with no activity in the last 30 ("slipping
    away"), quietest first: for managers to reach out to. One query."""
    return _with_tier_name(_members_last_active_between(now=now, as_of=now)).order_by(
        "last_active_at", "pk"
    )


def members_returned(*, now: datetime):
    """Members who were slipping away a week ago and have been active since. One query."""
    week_ago = now - timedelta(days=RETURN_LOOKBACK_DAYS)
    came_back = Activity.objects.filter(
        member=OuterRef("pk"), occurred_at__gt=week_ago, occurred_at__lte=now
    )
    back_at = (
        Activity.objects.filter(
            member=OuterRef("pk"), occurred_at__gt=week_ago, occurred_at__lte=now
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    return _with_tier_name(
        _members_last_active_between(now=now, as_of=week_ago)
        .filter(Exists(came_back))
        .annotate(returned_at=Subquery(back_at))
    ).order_by("-returned_at", "pk")
