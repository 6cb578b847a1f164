"""Reads about what an ambassador logged: their activities, and their hours month by month
against their tier's commitment."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from ambassadors.models import AmbassadorActivity, AmbassadorTier
from hub.core.timeutils import month_of, previous_month

COMMITMENT_MONTHS_SHOWN = 6


def activities_of(*, member) -> QuerySet[AmbassadorActivity]:
    return AmbassadorActivity.objects.filter(member=member).order_by("-occurred_on", "-pk")


@dataclass(frozen=True)
class MonthHours:
    month: date
    hours: Decimal
    commitment_min: int

    @property
    def under(self) -> bool:
        return self.hours < self.commitment_min


def hours_by_month(*, member, tier: AmbassadorTier, now: datetime) -> list[MonthHours]:
    """Hours logged in each of the last six calendar months (this one first) against the
    current tier's minimum: one grouped query."""
    months = [month_of(now)]
    for _ in range(COMMITMENT_MONTHS_SHOWN - 1):
        months.append(previous_month(months[-1]))
    totals = {
        row["month"]: row["hours"]
        for row in AmbassadorActivity.objects.filter(member=member, occurred_on__gte=months[-1])
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(hours=Sum("hours"))
        .order_by()
    }
    return [
        MonthHours(
            month=month,
            hours=totals.get(month) or Decimal(0),
            commitment_min=tier.commitment_hours_min,
        )
        for month in months
    ]
