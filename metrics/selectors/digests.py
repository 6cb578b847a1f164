"""Reads of the weekly digest: which week it covers, what it says, and who gets it.

The digest goes out on Mondays and covers the ISO week that has just ended (Monday 00:00 to
Monday 00:00 in the community's time zone), plus the events of the coming seven days. Its
content is the same for every recipient, so it is read once per run, in a fixed number of
queries, whatever the number of recipients.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from events.models import Event, EventStatus
from hub.core.timeutils import community_zone
from members.models import CONTRIBUTION_KINDS, Activity, ActivityKind, Spotlight, User
from members.selectors.recognition import spotlight_current
from metrics.models.digests import DigestDelivery

#: How the digest names each kind of contribution after its count ("3 ideas").
CONTRIBUTION_WORDS = {
    ActivityKind.CODE: "code",
    ActivityKind.DOCS: "docs",
    ActivityKind.IDEA: "ideas",
}
#: How far ahead the digest lists upcoming events, and at most how many.
UPCOMING_DAYS = 7
UPCOMING_LIMIT = 10


def digest_week(now: datetime) -> date:
    """The Monday starting the last complete ISO week before `now` (community time zone): the
    week a digest sent at `now` covers, and its identity in the sent-rows."""
    today = timezone.localtime(now, community_zone()).date()
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7)


def week_bounds(week: date) -> tuple[datetime, datetime]:
    """[start, end) of the ISO week starting on Monday `week`, as aware instants."""
    zone = community_zone()
    return (
        datetime.combine(week, time.min, tzinfo=zone),
        datetime.combine(week + timedelta(days=7), time.min, tzinfo=zone),
    )


@dataclass(frozen=True)
class KindCount:
    label: str
    count: int


@dataclass(frozen=True)
class DigestContent:
    week: date
    start: datetime
    end: datetime
    contributions: int
    contributors: int
    contributions_by_kind: list[KindCount]
    new_members: int
    spotlight: Spotlight | None
    upcoming_events: list[Event]

    @property
    def iso_week(self) -> str:
        return f"{self.week:%G-W%V}"

    @property
    def last_day(self) -> date:
        """The Sunday that ends the week (`end` is the next Monday's first instant)."""
        return self.week + timedelta(days=6)


def digest_content(*, week: date, now: datetime) -> DigestContent:
    """The week's wins: its contributions (code, docs, ideas) by kind and how many people made
    them, how many members joined, the current published spotlight, and the published events
    starting in the next seven days that members can see (every visibility: members see
    tier-restricted events too). Four queries."""
    start, end = week_bounds(week)
    by_kind = dict(
        Activity.objects.filter(
            kind__in=CONTRIBUTION_KINDS, occurred_at__gte=start, occurred_at__lt=end
        )
        .values_list("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )
    contributors = (
        Activity.objects.filter(
            kind__in=CONTRIBUTION_KINDS, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("member")
        .distinct()
        .count()
    )
    new_members = User.objects.filter(joined_at__gte=start, joined_at__lt=end).count()
    upcoming = list(
        Event.objects.filter(
            status=EventStatus.PUBLISHED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=UPCOMING_DAYS),
        )
        .select_related("group")
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    return DigestContent(
        week=week,
        start=start,
        end=end,
        contributions=sum(by_kind.values()),
        contributors=contributors,
        contributions_by_kind=[
            KindCount(label=CONTRIBUTION_WORDS[kind], count=by_kind.get(kind, 0))
            for kind in CONTRIBUTION_KINDS
        ],
        new_members=new_members,
        spotlight=spotlight_current(now=now),
        upcoming_events=upcoming,
    )


def digest_recipients(*, week: date, now: datetime):
    """Current, active members who opted in to the newsletter and have not had this week's
    digest yet: the sent-rows make a retry skip those already done."""
    return (
        User.objects.current(now)
        .filter(is_active=True, profile__newsletter_opt_in=True)
        .filter(~Exists(DigestDelivery.objects.filter(member=OuterRef("pk"), week=week)))
        .select_related("profile")
        .order_by("pk")
    )


def export_digest_deliveries(member) -> list[dict]:
    """Which weekly digests went to the member, for "Your data"."""
    return [
        {"week": f"{week:%G-W%V}", "sent_at": sent_at}
        for week, sent_at in DigestDelivery.objects.filter(member=member)
        .order_by("week")
        .values_list("week", "sent_at")
    ]
