"""Reads about the activity ledger: a member's month and timeline, and the members slipping
away (active before, quiet for the last 30 days) or back, for managers to reach out to."""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum

from hub.core.timeutils import month_bounds
from members.models import CONTRIBUTION_KINDS, Activity, TierMembership, User


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


SLIPPING_QUIET_DAYS = 30
SLIPPING_ACTIVE_DAYS = 90
RETURN_LOOKBACK_DAYS = 7


def _members_last_active_between(*, now: datetime, as_of: datetime):
    """Existing members whose last activity up to `as_of` lies in the 90 days before the last
    30 days: active before, quiet since."""
    last_active = Max("activities__occurred_at", filter=Q(activities__occurred_at__lte=as_of))
    return (
        User.objects.current(now)
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
