"""Reads about membership: the one definition of a current member (the predicate and the
error every app uses), a member's current tier and their progress toward the next one."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    Tier,
    TierMembership,
    TierSuggestion,
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


def managers_current(*, now: datetime):
    """The community managers who are current members and may log in (`is_active`: an account
    a manager switched off gets no mail), by email."""
    return (
        User.objects.current(now)
        .filter(is_active=True, is_staff=True, groups__name=settings.COMMUNITY_MANAGERS_GROUP)
        .distinct()
        .order_by("email")
    )


def managers_current_emails(*, now: datetime) -> list[str]:
    """The email addresses of the community managers who are current members and may log in
    (`is_active`: an account a manager switched off gets no mail)."""
    return list(
        User.objects.current(now)
        .filter(is_active=True, is_staff=True, groups__name=settings.COMMUNITY_MANAGERS_GROUP)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


def member_current_tier(*, member: User) -> Tier | None:
    membership = (
        TierMembership.objects.filter(member=member, ended_at__isnull=True)
        .select_related("tier")
        .first()
    )
    return membership.tier if membership else None


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


def member_tier_history(*, member: User, limit: int = 20) -> list[TierMembership]:
    """The member's tier changes, latest first, with both tiers: one query."""
    return list(
        TierMembership.objects.filter(member=member)
        .select_related("tier", "from_tier")
        .order_by("-started_at", "-pk")[:limit]
    )


#: "Recent" for the managers' console: signed up or joined within this many days.
RECENT_DAYS = 7


def signup_counts(*, now: datetime) -> dict:
    """For the managers' console, in one query: members who joined (confirmed their email) in
    the last `RECENT_DAYS` days, and accounts still waiting for their confirmation (all, and
    those waiting longer than `RECENT_DAYS` days, whose link has probably been lost)."""
    since = now - timedelta(days=RECENT_DAYS)
    waiting = User.objects.awaiting_confirmation()
    return User.objects.aggregate(
        joined_recently=Count("pk", filter=Q(joined_at__gt=since, joined_at__lte=now)),
        unconfirmed=Count("pk", filter=Q(pk__in=waiting.values("pk"))),
        unconfirmed_long=Count(
            "pk", filter=Q(pk__in=waiting.filter(date_joined__lte=since).values("pk"))
        ),
    )


def tier_suggestions_pending_count() -> int:
    return TierSuggestion.objects.filter(status=TierSuggestion.Status.PENDING).count()
