"""Reads for the managers' attribution views: signups by source per month, and the member
retention of referred members against organic ones over their first three months.

Stable signatures, imported by the metrics app:

- `signups_by_source(*, first: date, last: date) -> list[SignupSourceRow]`
- `signups_by_source_totals(rows) -> list[SignupSourceMonth]` (pure, from those rows)
- `referred_retention(*, first: date, last: date, now: datetime) -> dict[str, GroupRetention]`

Definitions. A *signup* of month M is a member whose `joined_at` (email confirmed) falls in M,
so the signups of a month add up to its New members. Each has exactly one *source*, the first
that applies:

1. `referral`: their first touch carried a valid ambassador referral code (detail: the code;
   `referrer_id`: the ambassador);
2. `utm`: it carried UTM parameters (detail: `utm_campaign`, or `utm_source` without one);
3. `survey`: they answered "How did you hear about us?" (detail: the answer given at signup,
   or the one on their profile for members who joined before attribution was captured);
4. `none`.

*Referred* members are those whose source is `referral`; *organic* members are all the others.
Retention k months after joining (k = 1, 2, 3): of the members who joined in month M, the share
still members at the end of month M+k; a cohort counts for k only once M+k has ended.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import BooleanField, Case, CharField, Count, Q, Value, When
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from hub.core.timeutils import community_zone, month_bounds, next_month
from members.models import User

SOURCES = {
    "referral": "Referral code",
    "utm": "UTM campaign",
    "survey": "Survey answer",
    "none": "No source",
}
RETENTION_MONTHS_AFTER = (1, 2, 3)


@dataclass(frozen=True)
class SignupSourceRow:
    month: date
    source: str
    detail: str
    referrer_id: int | None
    signups: int

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]


@dataclass(frozen=True)
class SignupSourceMonth:
    month: date
    by_source: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_source.values())


def _local_month(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, community_zone()).date().replace(day=1)
    return value.replace(day=1)


def _survey_answer():
    return Coalesce(
        NullIf("signup_attribution__how_heard", Value("")),
        NullIf("profile__how_heard", Value("")),
        output_field=CharField(),
    )


def _source():
    attribution = "signup_attribution__"
    has_utm = Q(**{f"{attribution}utm_campaign__gt": ""}) | Q(
        **{f"{attribution}utm_source__gt": ""}
    )
    return Case(
        When(**{f"{attribution}referrer__isnull": False}, then=Value("referral")),
        When(has_utm, then=Value("utm")),
        When(Q(survey_answer__isnull=False), then=Value("survey")),
        default=Value("none"),
        output_field=CharField(),
    )


def _detail():
    attribution = "signup_attribution__"
    return Case(
        When(source="referral", then=f"{attribution}referral_code"),
        When(
            source="utm",
            then=Coalesce(
                NullIf(f"{attribution}utm_campaign", Value("")), f"{attribution}utm_source"
            ),
        ),
        When(source="survey", then="survey_answer"),
        default=Value(""),
        output_field=CharField(),
    )


def members_with_source():
    """Every member annotated with `source` and `detail` (see the definitions)."""
    return (
        User.objects.annotate(survey_answer=_survey_answer())
        .annotate(source=_source())
        .annotate(detail=_detail())
    )


def signups_by_source(*, first: date, last: date) -> list[SignupSourceRow]:
    """Signups per month, source and detail from the month of `first` to that of `last`,
    months oldest first and, within a month, the biggest groups first. One query."""
    start, end = month_bounds(first)[0], month_bounds(last)[1]
    rows = (
        members_with_source()
        .filter(joined_at__gte=start, joined_at__lt=end)
        .annotate(month=TruncMonth("joined_at", tzinfo=community_zone()))
        .values("month", "source", "detail", "signup_attribution__referrer")
        .annotate(signups=Count("pk"))
        .order_by("month", "source", "-signups", "detail")
    )
    return [
        SignupSourceRow(
            month=_local_month(row["month"]),
            source=row["source"],
            detail=row["detail"] or "",
            referrer_id=row["signup_attribution__referrer"],
            signups=row["signups"],
        )
        for row in rows
    ]


def signups_by_source_totals(
    rows: list[SignupSourceRow], *, first: date, last: date
) -> list[SignupSourceMonth]:
    """One line a month from `first` to `last` (months with no signup too) with the signups of
    each source: the table the attribution page shows."""
    months: dict[date, dict[str, int]] = {}
    month = first.replace(day=1)
    while month <= last.replace(day=1):
        months[month] = dict.fromkeys(SOURCES, 0)
        month = next_month(month)
    for row in rows:
        if row.month in months:
            months[row.month][row.source] += row.signups
    return [SignupSourceMonth(month=month, by_source=counts) for month, counts in months.items()]


@dataclass(frozen=True)
class RetentionPoint:
    months_after: int
    eligible: int
    retained: int

    @property
    def percent(self) -> float | None:
        return self.retained * 100 / self.eligible if self.eligible else None


@dataclass
class GroupRetention:
    group: str
    members: int = 0
    points: list[RetentionPoint] = field(default_factory=list)


def _add_months(month: date, count: int) -> date:
    for _ in range(count):
        month = next_month(month)
    return month


def referred_retention(*, first: date, last: date, now: datetime) -> dict[str, GroupRetention]:
    """Member retention 1, 2 and 3 months after joining of the referred and of the organic
    members who joined from the month of `first` to that of `last`. One grouped query (join
    month, group, month left), combined here."""
    start, end = month_bounds(first)[0], month_bounds(last)[1]
    zone = community_zone()
    rows = (
        User.objects.filter(joined_at__gte=start, joined_at__lt=end)
        .annotate(
            cohort=TruncMonth("joined_at", tzinfo=zone),
            left_month=TruncMonth("left_at", tzinfo=zone),
            referred=Case(
                When(signup_attribution__referrer__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("cohort", "left_month", "referred")
        .annotate(members=Count("pk"))
        .order_by()
    )
    counts = {
        group: {k: [0, 0] for k in RETENTION_MONTHS_AFTER} for group in ("referred", "organic")
    }
    sizes = {"referred": 0, "organic": 0}
    for row in rows:
        group = "referred" if row["referred"] else "organic"
        cohort = _local_month(row["cohort"])
        left = _local_month(row["left_month"]) if row["left_month"] else None
        sizes[group] += row["members"]
        for k in RETENTION_MONTHS_AFTER:
            month_k = _add_months(cohort, k)
            if month_bounds(month_k)[1] > now:
                continue
            counts[group][k][0] += row["members"]
            if left is None or left > month_k:
                counts[group][k][1] += row["members"]
    return {
        group: GroupRetention(
            group=group,
            members=sizes[group],
            points=[
                RetentionPoint(months_after=k, eligible=eligible, retained=retained)
                for k, (eligible, retained) in counts[group].items()
            ],
        )
        for group in ("referred", "organic")
    }
