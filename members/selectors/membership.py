"""Reads about members. Who may see what is decided here."""

from datetime import datetime

from django.db.models import Count, Q, Sum

from hub.timeutils import month_bounds
from members.models import CONTRIBUTION_KINDS, Activity, Tier, TierMembership, User


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
