"""The definitions of a month's figures, computed by SQL aggregation, and reads of the stored
snapshots.

Every figure is about one calendar month M in the community's time zone (`settings.TIME_ZONE`,
`hub.core.timeutils`): M runs from its first instant `start` up to, not including, the first
instant of the next month `end`. "At the end of M" means the last instant before `end` (one
microsecond before it, the database's resolution); "at the start of M" means `start`. A member
exists at instant t when `joined_at <= t` and (`left_at` is empty or `left_at > t`)
(`User.objects.existing_at`). Contributions are the activity kinds `code`, `docs` and `idea`
(`members.models.CONTRIBUTION_KINDS`).

- total_members: members existing at the end of M.
- new_members: members whose `joined_at` falls in M (start <= joined_at < end).
- left_members: members whose `left_at` falls in M.
- active_users: distinct members with at least one activity (of any kind) in M.
- contributors: distinct members with at least one contribution in M.
- new_contributors: members with a contribution in M and none before `start`: their first
  contribution ever falls in M (CHAOSS "New Contributors").
- contributor_absence_factor: sort M's contributors by their number of contributions in M,
  most first; the figure is how many of them it takes, from the top, for their contributions
  to reach at least half of all M's contributions (CHAOSS "Contributor Absence Factor"). Empty
  when M has no contribution.
- engagement_rate = active_users / total_members; contribution_rate = contributors /
  total_members.
- member_retention: of the members existing at the start of M (`members_at_start`), the share
  also existing at the end of M (`members_retained`).
- active_retention: of the members active in M-1 (`previously_active`), the share also active
  in M (`active_retained`).
- tier_upgrades / tier_downgrades: tier history rows that start in M and move a member to a
  tier of a higher / lower level than the one they came from; a member's first tier (no
  "from" tier) is neither.
- satisfaction, nps and their answer counts: from the month's survey answers
  (`metrics.selectors.surveys.survey_month_scores`).

Every rate is a fraction between 0 and 1, and empty when its denominator is zero. Activity
figures read the rollup (`MemberMonth`), which must be filled for M and M-1 first
(`metrics.services.rollups.rollup_fill_month`); member figures read the members table, tier
figures the tier history.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from hub.core.timeutils import community_zone, month_bounds, month_of, previous_month
from members.models import TierMembership, User, existing_at_condition
from metrics.models import MemberMonth, MonthlySnapshot
from metrics.selectors.surveys import survey_month_scores

#: Bump when a definition changes; every snapshot records the version it was computed under.
DEFINITIONS_VERSION = 1

#: "At the end of M": the last instant the database can store before the next month begins.
JUST_BEFORE = timedelta(microseconds=1)


def rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator as a fraction, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


def contributor_absence_factor(histogram: Mapping[int, int]) -> int | None:
    """The fewest members whose contributions make up at least half of all contributions.

    `histogram` maps a number of contributions in the month to how many members made exactly
    that many (one grouped query's small result). Taking members with the most contributions
    first, count how many it takes until their running total is at least half the month's
    total. None when the month has no contribution.

    Worked example: contributions per member 10, 5, 3, 1, 1 (total 20, half 10): the first
    member alone reaches 10, so the factor is 1. With 4, 4, 4, 4, 4 (total 20): 4, 8, 12, so 3.
    """
    total = sum(count * members for count, members in histogram.items() if count > 0)
    if total == 0:
        return None
    running = needed = 0
    for count in sorted((count for count in histogram if count > 0), reverse=True):
        members = histogram[count]
        # The smallest k with 2 * (running + k * count) >= total, when k members suffice.
        missing = total - 2 * running
        k = -(-missing // (2 * count))
        if k <= members:
            return needed + k
        running += count * members
        needed += members
    raise AssertionError("unreachable: the running total reaches the total")


def _member_figures(*, start, end) -> dict:
    """total_members, new_members, left_members, members_at_start, members_retained: one
    aggregate, so the members table is read once whatever the instants asked about."""
    end_of_month = end - JUST_BEFORE
    at_start, at_end = existing_at_condition(start), existing_at_condition(end_of_month)
    return User.objects.aggregate(
        total_members=Count("pk", filter=at_end),
        new_members=Count("pk", filter=Q(joined_at__gte=start, joined_at__lt=end)),
        left_members=Count("pk", filter=Q(left_at__gte=start, left_at__lt=end)),
        members_at_start=Count("pk", filter=at_start),
        members_retained=Count("pk", filter=at_start & at_end),
    )


def _activity_figures(*, month: date) -> dict:
    """active_users, contributors, new_contributors, contributions and the absence factor,
    from one grouped read of the month's rollup rows: by number of contributions, how many
    members, how many of them active and how many contributing for the first time."""
    groups = (
        MemberMonth.objects.filter(month=month)
        .values_list("contributions")
        .annotate(
            members=Count("member"),
            active=Count("member", filter=Q(activities__gt=0)),
            first=Count("member", filter=Q(first_contribution=True)),
        )
        .order_by()
    )
    histogram: dict[int, int] = {}
    names = ("active_users", "contributors", "new_contributors", "contributions")
    figures = dict.fromkeys(names, 0)
    for contributions, members, active, first in groups:
        figures["active_users"] += active
        figures["new_contributors"] += first
        if contributions > 0:
            histogram[contributions] = members
            figures["contributors"] += members
            figures["contributions"] += contributions * members
    figures["contributor_absence_factor"] = contributor_absence_factor(histogram)
    return figures


def _active_retention_figures(*, month: date) -> dict:
    """previously_active (active in M-1) and active_retained (of those, active in M): the two
    months' active rows grouped by member, one pass instead of a probe per member."""
    before = previous_month(month)
    per_member = (
        MemberMonth.objects.filter(month__in=(before, month), activities__gt=0)
        .values("member")
        .annotate(
            was_active=Count("pk", filter=Q(month=before)),
            is_active=Count("pk", filter=Q(month=month)),
        )
        .filter(was_active__gt=0)
        .order_by()
    )
    return per_member.aggregate(
        previously_active=Count("member"),
        active_retained=Count("member", filter=Q(is_active__gt=0)),
    )


def _active_by_cohort(*, month: date) -> dict[str, int]:
    """The month's active users grouped by the month they joined ({"2026-01": 12, ...}): the
    cohort table's cells for this month, from the rollup. One grouped query."""
    rows = (
        MemberMonth.objects.filter(month=month, activities__gt=0, member__joined_at__isnull=False)
        .annotate(cohort=TruncMonth("member__joined_at", tzinfo=community_zone()))
        .values("cohort")
        .annotate(active=Count("member"))
        .order_by("cohort")
    )
    return {f"{month_of(row['cohort']):%Y-%m}": row["active"] for row in rows}


def _tier_figures(*, start, end) -> dict:
    moves = TierMembership.objects.filter(
        started_at__gte=start, started_at__lt=end, from_tier__isnull=False
    )
    return moves.aggregate(
        tier_upgrades=Count("pk", filter=Q(tier__level__gt=F("from_tier__level"))),
        tier_downgrades=Count("pk", filter=Q(tier__level__lt=F("from_tier__level"))),
    )


def month_figures(*, month: date) -> dict:
    """Every figure of the month containing `month` (see the module's docstring), with the
    counts the rates rest on, and the month's active users by the month they joined (the
    cohort table's cells). The rollup must be filled for the month and the one before. Ten
    queries, whatever the community's size."""
    start, end = month_bounds(month)
    month = start.date()
    figures = {
        **_member_figures(start=start, end=end),
        **_activity_figures(month=month),
        **_active_retention_figures(month=month),
        "active_by_cohort": _active_by_cohort(month=month),
        **_tier_figures(start=start, end=end),
        **survey_month_scores(start=start, end=end),
    }
    total = figures["total_members"]
    figures["engagement_rate"] = rate(figures["active_users"], total)
    figures["contribution_rate"] = rate(figures["contributors"], total)
    figures["member_retention"] = rate(figures["members_retained"], figures["members_at_start"])
    figures["active_retention"] = rate(figures["active_retained"], figures["previously_active"])
    return figures


# --- Reading stored snapshots ---------------------------------------------------------------


def snapshots_between(*, first: date | None = None, last: date | None = None) -> QuerySet:
    """Stored snapshots from `first` to `last` (months, inclusive), oldest first."""
    snapshots = MonthlySnapshot.objects.all()
    if first is not None:
        snapshots = snapshots.filter(month__gte=first)
    if last is not None:
        snapshots = snapshots.filter(month__lte=last)
    return snapshots.order_by("month")


def snapshot_for(*, month: date) -> MonthlySnapshot | None:
    return MonthlySnapshot.objects.filter(month=month).first()


def parse_month(text: str) -> date:
    """ "2026-03" as the first day of that month; ValueError with a message a person can act on
    for anything else."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        if len(text.strip()) != 7:
            raise ValueError
        return date(year, month, 1)
    except ValueError:
        raise ValueError(f"“{text}” is not a month: write it as YYYY-MM, like 2026-03.") from None
