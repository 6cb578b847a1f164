"""The ambassador programme's monthly metrics, computed in SQL from the terms, the activity
ledger, the activities ambassadors log and the referrals credited at email confirmation.

Stable signatures, imported by the metrics app's dashboard and monthly report:

- `ambassador_month_metrics(*, month: date) -> AmbassadorMonthMetrics`
- `ambassador_month_metrics_range(*, first: date, last: date) -> list[AmbassadorMonthMetrics]`
- `ambassador_figures(*, start: datetime, end: datetime) -> QuerySet[User]` (one row per
  ambassador of the period, with their own counts)

Definitions (M is a calendar month in the community's time zone, [start, end) its bounds):

- *Ambassadors of M*: distinct members with a term overlapping M (`starts_at < end` and
  `ends_at > start`), whatever the tier.
- *Content pieces(M)*: activity-ledger rows of kind `content` that occurred in M, by the
  ambassadors of M (the pieces they log in the programme land there once, and so do content
  rows from other sources). *Per ambassador*: content pieces / ambassadors of M. Target 2-4.
- *Referrals(M)*: members whose signup came through an ambassador's referral code and who
  confirmed their email in M (the `referral` activity is recorded then, once). *Per
  ambassador*: referrals / ambassadors of M.
- *Engagement(M)*: everything the ambassadors of M did in M: their ledger rows of any kind
  plus the programme activities they logged that are not in the ledger (product feedback,
  business impact, answers and mentoring logged in the programme). *Trend*: engagement(M)
  against engagement(M-1) (computed over the ambassadors of M-1), as a percent change.
- *Six-month retention(M)*: of the members whose ambassadorship began in M-6 (a term opened by
  an approval, not a renewal or a tier move), the share who in M still hold a term and did at
  least one thing (ledger or logged activity). Target above 60 %.
- The ambassador NPS is the metrics app's (`ambassador_nps` surveys).

Each figure is a fixed number of queries whatever the number of ambassadors.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ambassadors.models import (
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    AmbassadorTier,
    ApplicationDecision,
    ApplicationStatus,
    SignupAttribution,
)
from ambassadors.selectors.terms import ambassadors_current, terms_covering
from hub.core.timeutils import community_zone, month_bounds, next_month, previous_month
from members.models import Activity, ActivityKind, User

CONTENT_PIECES_TARGET = (2, 4)
SIX_MONTH_RETENTION_TARGET_PERCENT = 60
RETENTION_MONTHS = 6


def local_day(instant: datetime) -> date:
    """The community-local day of `instant` (logged activities are dated by local day)."""
    return timezone.localtime(instant, community_zone()).date()


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class AmbassadorMonthMetrics:
    """The programme's figures for one month; counts are exact, ratios derived from them
    (None when there is nothing to divide by)."""

    month: date
    ambassadors: int
    content_pieces: int
    referrals: int
    engagement: int
    engagement_previous: int
    retention_cohort: int
    retention_active: int

    @property
    def content_pieces_per_ambassador(self) -> float | None:
        return _ratio(self.content_pieces, self.ambassadors)

    @property
    def referrals_per_ambassador(self) -> float | None:
        return _ratio(self.referrals, self.ambassadors)

    @property
    def engagement_change_percent(self) -> float | None:
        if not self.engagement_previous:
            return None
        return (self.engagement - self.engagement_previous) * 100 / self.engagement_previous

    @property
    def six_month_retention_percent(self) -> float | None:
        ratio = _ratio(self.retention_active, self.retention_cohort)
        return None if ratio is None else ratio * 100

    @property
    def content_on_target(self) -> bool | None:
        per = self.content_pieces_per_ambassador
        return None if per is None else per >= CONTENT_PIECES_TARGET[0]

    @property
    def retention_on_target(self) -> bool | None:
        percent = self.six_month_retention_percent
        return None if percent is None else percent > SIX_MONTH_RETENTION_TARGET_PERCENT


def _count(queryset, output_field=None):
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("member").annotate(n=Count("pk")).values("n"),
            output_field=output_field or IntegerField(),
        ),
        0,
    )


def ambassador_figures(*, start: datetime, end: datetime) -> QuerySet[User]:
    """The ambassadors of [start, end) (a term overlapping it), each annotated with what they
    did in it: `content_pieces`, `referrals` (credited in the period), `ledger_activities`,
    `programme_activities` (logged, not in the ledger), `engagement` (the sum of those two)
    and `hours` (logged). One query when evaluated."""
    day_start, day_end = local_day(start), local_day(end)
    ledger = Activity.objects.filter(
        member=OuterRef("pk"), occurred_at__gte=start, occurred_at__lt=end
    )
    logged = AmbassadorActivity.objects.filter(
        member=OuterRef("pk"), occurred_on__gte=day_start, occurred_on__lt=day_end
    )
    referred = SignupAttribution.objects.filter(
        referrer=OuterRef("pk"),
        referral_credited_at__gte=start,
        referral_credited_at__lt=end,
    )
    hours = DecimalField(max_digits=8, decimal_places=1)
    return (
        User.objects.filter(
            Exists(terms_covering(start=start, end=end).filter(member=OuterRef("pk")))
        )
        .annotate(
            content_pieces=_count(ledger.filter(kind=ActivityKind.CONTENT)),
            ledger_activities=_count(ledger),
            programme_activities=_count(logged.filter(ledger_activity__isnull=True)),
            referrals=Coalesce(
                Subquery(
                    referred.order_by().values("referrer").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            hours=Coalesce(
                Subquery(
                    logged.order_by().values("member").annotate(h=Sum("hours")).values("h"),
                    output_field=hours,
                ),
                Value(0, output_field=hours),
            ),
        )
        .annotate(engagement=F("ledger_activities") + F("programme_activities"))
        .order_by("pk")
    )


def _totals(month: date) -> dict:
    """Ambassadors of the month, their content pieces and their engagement: three counts."""
    start, end = month_bounds(month)
    of_an_ambassador = Exists(
        terms_covering(start=start, end=end).filter(member=OuterRef("member"))
    )
    ledger = Activity.objects.filter(occurred_at__gte=start, occurred_at__lt=end).filter(
        of_an_ambassador
    )
    ledger_counts = ledger.aggregate(
        content_pieces=Count("pk", filter=Q(kind=ActivityKind.CONTENT)), activities=Count("pk")
    )
    logged = (
        AmbassadorActivity.objects.filter(
            occurred_on__gte=local_day(start),
            occurred_on__lt=local_day(end),
            ledger_activity__isnull=True,
        )
        .filter(of_an_ambassador)
        .count()
    )
    return {
        "ambassadors": terms_covering(start=start, end=end).values("member").distinct().count(),
        "content_pieces": ledger_counts["content_pieces"],
        "engagement": ledger_counts["activities"] + logged,
    }


def _retention(month: date) -> dict:
    """The cohort whose ambassadorship began six months before `month`, and how many of them
    hold a term in `month` and did something in it."""
    cohort_start, cohort_end = month_bounds(_months_back(month, RETENTION_MONTHS))
    start, end = month_bounds(month)
    began = AmbassadorTerm.objects.filter(
        member=OuterRef("pk"),
        previous__isnull=True,
        starts_at__gte=cohort_start,
        starts_at__lt=cohort_end,
    )
    holds_term = terms_covering(start=start, end=end).filter(member=OuterRef("pk"))
    did_in_ledger = Activity.objects.filter(
        member=OuterRef("pk"), occurred_at__gte=start, occurred_at__lt=end
    )
    did_logged = AmbassadorActivity.objects.filter(
        member=OuterRef("pk"), occurred_on__gte=local_day(start), occurred_on__lt=local_day(end)
    )
    return User.objects.filter(Exists(began)).aggregate(
        retention_cohort=Count("pk"),
        retention_active=Count(
            "pk", filter=Q(Exists(holds_term)) & (Q(Exists(did_in_ledger)) | Q(Exists(did_logged)))
        ),
    )


def _months_back(month: date, count: int) -> date:
    month = month.replace(day=1)
    for _ in range(count):
        month = previous_month(month)
    return month


def ambassador_month_metrics(*, month: date) -> AmbassadorMonthMetrics:
    """The programme's figures for the calendar month containing `month` (see the module's
    definitions). Nine queries."""
    month = month.replace(day=1)
    start, end = month_bounds(month)
    totals = _totals(month)
    previous = _totals(previous_month(month))
    referrals = SignupAttribution.objects.filter(
        referrer__isnull=False, referral_credited_at__gte=start, referral_credited_at__lt=end
    ).count()
    return AmbassadorMonthMetrics(
        month=month,
        ambassadors=totals["ambassadors"],
        content_pieces=totals["content_pieces"],
        referrals=referrals,
        engagement=totals["engagement"],
        engagement_previous=previous["engagement"],
        **_retention(month),
    )


def ambassador_month_metrics_range(*, first: date, last: date) -> list[AmbassadorMonthMetrics]:
    """`ambassador_month_metrics` for every month from `first` to `last`, oldest first (nine
    queries a month: meant for a year at most)."""
    months, month = [], first.replace(day=1)
    while month <= last.replace(day=1):
        months.append(ambassador_month_metrics(month=month))
        month = next_month(month)
    return months


def ambassador_month_rows(*, month: date) -> QuerySet[User]:
    """The ambassadors of the month, each with their own figures (`ambassador_figures`),
    most content first: "referrals each" and "content pieces each" for the programme page."""
    start, end = month_bounds(month)
    return (
        ambassador_figures(start=start, end=end)
        .select_related("profile")
        .order_by("-content_pieces", "-referrals", "-engagement", "pk")
    )


def tiers_all() -> QuerySet[AmbassadorTier]:
    return AmbassadorTier.objects.order_by("level")


def ambassadors_listed(*, now: datetime) -> QuerySet[User]:
    """Current ambassadors who chose to be listed on the public programme page, with their
    tier (`tier_name`, `tier_level`), highest tier first, then by name. Public fields only are
    read from the profile. One query."""
    covering = AmbassadorTerm.objects.filter(
        member=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
    )
    return (
        ambassadors_current(now=now)
        .filter(ambassador__listed=True)
        .select_related("profile")
        .annotate(
            tier_name=Subquery(covering.values("tier__name")[:1]),
            tier_level=Subquery(covering.values("tier__level")[:1]),
            since=Subquery(
                AmbassadorTerm.objects.filter(member=OuterRef("pk"))
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )
        .order_by("-tier_level", "profile__display_name", "pk")
    )


def member_programme_status(*, member, now: datetime) -> dict:
    """Where the member stands in the programme, in one query, for their dashboard: their
    current term (`term_tier`, `term_ends_at`) and their latest application (`application_status`,
    `application_submitted_at`, `application_tier`) with its latest decision's message."""
    covering = AmbassadorTerm.objects.filter(
        member=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
    )
    latest = AmbassadorApplication.objects.filter(applicant=OuterRef("pk")).order_by(
        "-submitted_at", "-pk"
    )
    decision = ApplicationDecision.objects.filter(application__applicant=OuterRef("pk")).order_by(
        "-decided_at", "-pk"
    )
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            term_tier=Subquery(covering.values("tier__name")[:1]),
            term_ends_at=Subquery(covering.values("ends_at")[:1]),
            application_status=Subquery(latest.values("status")[:1]),
            application_submitted_at=Subquery(latest.values("submitted_at")[:1]),
            application_tier=Subquery(latest.values("preferred_tier__name")[:1]),
            decision_message=Subquery(decision.values("message")[:1]),
        )
        .values(
            "term_tier",
            "term_ends_at",
            "application_status",
            "application_submitted_at",
            "application_tier",
            "decision_message",
        )
        .first()
    ) or {}
    if row.get("application_status"):
        row["application_status_label"] = ApplicationStatus(row["application_status"]).label
    return row
