"""Reads about nominations and applications: the managers' review queue with the evidence the
platform measures from the ledger, one application with its reviews, and a member's own
application.

The evidence, for the applicant: answers and content pieces (ledger rows of kind `answer` and
`content`, all time), events hosted (`event_hosting`), active months of the last six (calendar
months, this one and the five before, with at least one ledger row), referrals (`referral`
rows) and nominations received. Each is a correlated subquery, so the queue is one query
whatever its length.
"""

from datetime import datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth

from ambassadors.models import (
    OPEN_APPLICATION_STATUSES,
    AmbassadorApplication,
    ApplicationReview,
    ApplicationStatus,
    Criterion,
    Nomination,
)
from hub.core.errors import NotFound
from hub.core.timeutils import community_zone, month_bounds, month_of, previous_month
from members.models import Activity, ActivityKind

#: Applications waiting longer than this are flagged to managers.
WAITING_TOO_LONG = timedelta(days=14)
ACTIVE_MONTHS_WINDOW = 6


def _count(queryset, *, group_by: str = "member"):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def six_months_start(now: datetime) -> datetime:
    month = month_of(now)
    for _ in range(ACTIVE_MONTHS_WINDOW - 1):
        month = previous_month(month)
    return month_bounds(month)[0]


def with_evidence(queryset: QuerySet, *, member_field: str, now: datetime) -> QuerySet:
    """Annotate each row of `queryset` with the evidence about the member in `member_field`:
    `answers`, `content_pieces`, `events_hosted`, `active_months`, `referrals`,
    `nominations_received`."""
    ledger = Activity.objects.filter(member=OuterRef(member_field))
    active_months = Coalesce(
        Subquery(
            ledger.filter(occurred_at__gte=six_months_start(now), occurred_at__lte=now)
            .order_by()
            .annotate(month=TruncMonth("occurred_at", tzinfo=community_zone()))
            .values("member")
            .annotate(n=Count("month", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    return queryset.annotate(
        answers=_count(ledger.filter(kind=ActivityKind.ANSWER)),
        content_pieces=_count(ledger.filter(kind=ActivityKind.CONTENT)),
        events_hosted=_count(ledger.filter(kind=ActivityKind.EVENT_HOSTING)),
        referrals=_count(ledger.filter(kind=ActivityKind.REFERRAL)),
        active_months=active_months,
        nominations_received=_count(
            Nomination.objects.filter(nominee=OuterRef(member_field)), group_by="nominee"
        ),
    )


def _review_total():
    return (
        (F("product_expertise") + F("audience_reach") + F("authenticity") + F("availability"))
        * 1.0
        / len(Criterion)
    )


def with_scores(queryset: QuerySet) -> QuerySet:
    """Annotate applications with `review_count` and `average_score` (the mean of every
    reviewer's mean of the four criteria; None before the first review)."""
    reviews = ApplicationReview.objects.filter(application=OuterRef("pk")).order_by()
    return queryset.annotate(
        review_count=_count(reviews, group_by="application"),
        average_score=Subquery(
            reviews.values("application")
            .annotate(average=Avg(_review_total(), output_field=FloatField()))
            .values("average"),
            output_field=FloatField(),
        ),
    )


def applications_queue(*, now: datetime, status: str = "") -> QuerySet[AmbassadorApplication]:
    """Open applications (or those of `status`), oldest first, each with its scores, the
    evidence, how many days it has waited and whether that is more than 14 (`flagged`)."""
    queryset = AmbassadorApplication.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=OPEN_APPLICATION_STATUSES)
    return with_evidence(
        with_scores(queryset.select_related("applicant__profile", "preferred_tier")),
        member_field="applicant",
        now=now,
    ).order_by("submitted_at", "pk")


def application_is_flagged(application: AmbassadorApplication, *, now: datetime) -> bool:
    return (
        application.status == ApplicationStatus.PENDING
        and application.submitted_at < now - WAITING_TOO_LONG
    )


def applications_waiting_counts(*, now: datetime) -> dict:
    """How many applications wait for a decision and how many of them for more than 14 days:
    one query, for the console."""
    return AmbassadorApplication.objects.filter(status=ApplicationStatus.PENDING).aggregate(
        waiting=Count("pk"),
        flagged=Count("pk", filter=Q(submitted_at__lt=now - WAITING_TOO_LONG)),
    )


def application_for_review(*, pk: int, now: datetime) -> AmbassadorApplication:
    """One application with its scores and evidence, for a manager; NotFound otherwise."""
    application = with_evidence(
        with_scores(
            AmbassadorApplication.objects.filter(pk=pk).select_related(
                "applicant__profile", "preferred_tier", "approved_tier"
            )
        ),
        member_field="applicant",
        now=now,
    ).first()
    if application is None:
        raise NotFound("No such application.")
    return application


def application_reviews(*, application: AmbassadorApplication) -> QuerySet[ApplicationReview]:
    return (
        ApplicationReview.objects.filter(application=application)
        .select_related("reviewer__profile")
        .order_by("created_at", "pk")
    )


def application_criterion_averages(*, application: AmbassadorApplication) -> dict[str, float]:
    """Each criterion's mean over the reviewers: one query."""
    return ApplicationReview.objects.filter(application=application).aggregate(
        **{criterion.value: Avg(criterion.value) for criterion in Criterion}
    )


def application_latest_of(*, member) -> AmbassadorApplication | None:
    """The member's most recent application with its decisions, for their own page."""
    return (
        AmbassadorApplication.objects.filter(applicant=member)
        .select_related("preferred_tier", "approved_tier")
        .prefetch_related("decisions")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def applications_of(*, member) -> QuerySet[AmbassadorApplication]:
    return (
        AmbassadorApplication.objects.filter(applicant=member)
        .select_related("preferred_tier", "approved_tier")
        .order_by("-submitted_at", "-pk")
    )


def nominations_received(*, member) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(nominee=member)
        .select_related("nominated_by__profile")
        .order_by("-created_at", "-pk")
    )


def nominations_pending() -> QuerySet[Nomination]:
    """Nominations whose nominee has not applied yet, newest first."""
    return (
        Nomination.objects.filter(application__isnull=True, nominee__left_at__isnull=True)
        .select_related("nominee__profile", "nominated_by__profile")
        .order_by("-created_at", "-pk")
    )
