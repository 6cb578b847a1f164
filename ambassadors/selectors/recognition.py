"""Reads for the quarterly recognition: the quarter's bounds and the ambassadors the system
proposes, the top ones by content pieces, by referrals and by engagement."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from ambassadors.models import CompensationReview
from ambassadors.selectors.programme import ambassador_figures
from hub.core.timeutils import month_bounds, month_of
from members.models import User

PROPOSALS_PER_MEASURE = 3


def quarter_of(instant_or_day: datetime | date) -> date:
    """The first day of the calendar quarter (community-local)."""
    month = month_of(instant_or_day) if isinstance(instant_or_day, datetime) else instant_or_day
    return date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)


def quarter_previous(quarter: date) -> date:
    if quarter.month == 1:
        return date(quarter.year - 1, 10, 1)
    return date(quarter.year, quarter.month - 3, 1)


def quarter_bounds(quarter: date) -> tuple[datetime, datetime]:
    start_month = quarter_of(quarter)
    last_month = date(start_month.year, start_month.month + 2, 1)
    return month_bounds(start_month)[0], month_bounds(last_month)[1]


def quarter_label(quarter: date) -> str:
    """How a quarter is named in badge occasions and pages: 2026-Q1."""
    return f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Proposals:
    quarter: date
    by_content: list[User]
    by_referrals: list[User]
    by_engagement: list[User]


def recognition_proposals(*, quarter: date) -> Proposals:
    """The top ambassadors of the quarter by each measure (only those with something to show),
    best first: three queries."""
    start, end = quarter_bounds(quarter)
    figures = ambassador_figures(start=start, end=end).select_related("profile")

    def top(field: str) -> list[User]:
        return list(
            figures.filter(**{f"{field}__gt": 0}).order_by(f"-{field}", "pk")[
                :PROPOSALS_PER_MEASURE
            ]
        )

    return Proposals(
        quarter=quarter_of(quarter),
        by_content=top("content_pieces"),
        by_referrals=top("referrals"),
        by_engagement=top("engagement"),
    )


def quarter_ambassadors(*, quarter: date) -> QuerySet[User]:
    """Every ambassador of the quarter with their figures, for the compensation reviews."""
    start, end = quarter_bounds(quarter)
    return (
        ambassador_figures(start=start, end=end)
        .select_related("profile")
        .order_by("-engagement", "pk")
    )


def compensation_reviews_of(*, quarter: date) -> dict[int, CompensationReview]:
    return {
        review.member_id: review
        for review in CompensationReview.objects.filter(quarter=quarter_of(quarter))
    }


def quarter_next(quarter: date) -> date:
    if quarter.month == 10:
        return date(quarter.year + 1, 1, 1)
    return date(quarter.year, quarter.month + 3, 1)


QUARTER_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_parse(text: str) -> date | None:
    """ "2026-Q1" as the quarter's first day; None for anything else."""
    match = QUARTER_LABEL.match(text.strip())
    if not match:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2100:
        return None
    return date(year, 3 * (number - 1) + 1, 1)
