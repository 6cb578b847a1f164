"""Reads for the site pages: the public numbers on the home page."""

from datetime import datetime

from django.db.models import Count, Q

from hub.core.timeutils import month_bounds
from members.models import CONTRIBUTION_KINDS, Activity, User


def home_numbers(*, now: datetime) -> dict:
    """Members now, and active members and contributions this calendar month (two queries)."""
    start, end = month_bounds(now)
    members = User.objects.existing_at(now).count()
    month = Activity.objects.filter(occurred_at__gte=start, occurred_at__lt=end).aggregate(
        active=Count("member", distinct=True),
        contributions=Count("id", filter=Q(kind__in=CONTRIBUTION_KINDS)),
    )
    return {"members": members, **month}
