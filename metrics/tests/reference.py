"""A slow, obviously correct reference for the month's figures: plain Python over lists, read
straight from the definitions in docs/metrics.md. The property test compares the SQL results
with it on random communities."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hub.core.timeutils import month_bounds, previous_month

CONTRIBUTION_KINDS = {"code", "docs", "idea"}


@dataclass(frozen=True)
class RefMember:
    key: int
    joined_at: datetime
    left_at: datetime | None


@dataclass(frozen=True)
class RefActivity:
    member: int
    kind: str
    occurred_at: datetime


@dataclass(frozen=True)
class RefTierMove:
    member: int
    from_level: int | None
    to_level: int
    started_at: datetime


@dataclass(frozen=True)
class RefAnswer:
    kind: str  # the survey's kind
    closes_at: datetime  # the survey's closing instant: its month
    score: int


def exists_at(member: RefMember, instant: datetime) -> bool:
    return member.joined_at <= instant and (member.left_at is None or member.left_at > instant)


def within(instant: datetime | None, start: datetime, end: datetime) -> bool:
    return instant is not None and start <= instant < end


def share(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def reference_figures(
    month: date,
    members: list[RefMember],
    activities: list[RefActivity],
    tier_moves: list[RefTierMove],
    answers: list[RefAnswer] = (),
) -> dict:
    start, end = month_bounds(month)
    end_of_month = end - timedelta(microseconds=1)
    previous_start, previous_end = month_bounds(previous_month(month))

    total = [m for m in members if exists_at(m, end_of_month)]
    at_start = [m for m in members if exists_at(m, start)]
    retained = [m for m in at_start if exists_at(m, end_of_month)]

    in_month = [a for a in activities if within(a.occurred_at, start, end)]
    active = {a.member for a in in_month}
    contributions_in_month = [a for a in in_month if a.kind in CONTRIBUTION_KINDS]
    contributors = {a.member for a in contributions_in_month}
    contributed_before = {
        a.member for a in activities if a.kind in CONTRIBUTION_KINDS and a.occurred_at < start
    }
    new_contributors = contributors - contributed_before

    # The absence factor, the long way: sort the members, add them up one by one.
    per_member = {}
    for activity in contributions_in_month:
        per_member[activity.member] = per_member.get(activity.member, 0) + 1
    absence_factor = None
    if contributions_in_month:
        running = 0
        for position, count in enumerate(sorted(per_member.values(), reverse=True), start=1):
            running += count
            if running * 2 >= len(contributions_in_month):
                absence_factor = position
                break

    previously_active = {
        a.member for a in activities if within(a.occurred_at, previous_start, previous_end)
    }
    moves = [t for t in tier_moves if within(t.started_at, start, end) and t.from_level]
    month_answers = [a for a in answers if within(a.closes_at, start, end)]
    satisfaction = [a.score for a in month_answers if a.kind in ("satisfaction", "event")]
    nps = [a.score for a in month_answers if a.kind == "nps"]
    promoters = sum(1 for score in nps if score >= 9)
    detractors = sum(1 for score in nps if score <= 6)
    return {
        "total_members": len(total),
        "new_members": sum(1 for m in members if within(m.joined_at, start, end)),
        "left_members": sum(1 for m in members if within(m.left_at, start, end)),
        "active_users": len(active),
        "contributors": len(contributors),
        "new_contributors": len(new_contributors),
        "contributor_absence_factor": absence_factor,
        "engagement_rate": share(len(active), len(total)),
        "contribution_rate": share(len(contributors), len(total)),
        "member_retention": share(len(retained), len(at_start)),
        "active_retention": share(len(previously_active & active), len(previously_active)),
        "tier_upgrades": sum(1 for t in moves if t.to_level > t.from_level),
        "tier_downgrades": sum(1 for t in moves if t.to_level < t.from_level),
        "satisfaction": share(sum(1 for score in satisfaction if score >= 4), len(satisfaction)),
        "satisfaction_answers": len(satisfaction),
        "nps": None if not nps else 100 * (promoters - detractors) / len(nps),
        "nps_answers": len(nps),
    }
