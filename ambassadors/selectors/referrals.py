"""Reads about an ambassador's referrals: the signups that came through their code, with their
dates only (never the referred members' names or emails), and the counts by month."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ambassadors.models import Ambassador, SignupAttribution
from hub.core.timeutils import community_zone

SHARE_PATH = "/join/"


def ambassador_of(*, member) -> Ambassador | None:
    return Ambassador.objects.filter(member=member).first()


def referrals_of(*, member) -> QuerySet[SignupAttribution]:
    """The signups through the member's code, newest first: only `signed_up_at` and
    `referral_credited_at` are for showing."""
    return (
        SignupAttribution.objects.filter(referrer=member)
        .only("pk", "signed_up_at", "referral_credited_at", "referrer_id")
        .order_by("-signed_up_at", "-pk")
    )


def referral_counts(*, member) -> dict:
    """Signups through the code, and how many of them confirmed (joined): one query."""
    return SignupAttribution.objects.filter(referrer=member).aggregate(
        signups=Count("pk"), joined=Count("pk", filter=Q(referral_credited_at__isnull=False))
    )


def referrals_by_month(*, member) -> list[tuple[date, int]]:
    """Joined referrals per calendar month of confirmation, newest first: one query."""
    rows = (
        SignupAttribution.objects.filter(referrer=member, referral_credited_at__isnull=False)
        .annotate(month=TruncMonth("referral_credited_at", tzinfo=community_zone()))
        .values("month")
        .annotate(joined=Count("pk"))
        .order_by("-month")
    )
    return [
        (timezone.localtime(row["month"], community_zone()).date(), row["joined"]) for row in rows
    ]
