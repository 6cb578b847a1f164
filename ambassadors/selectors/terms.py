"""Reads about who is an ambassador when: current ambassadors, terms, renewals due, and the
managers' list of ambassadors with tier, term, buddy, onboarding progress and commitment."""

from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from ambassadors.models import (
    AmbassadorActivity,
    AmbassadorTerm,
    Onboarding,
    OnboardingStep,
    TermEnd,
)
from hub.core.timeutils import month_bounds, month_of, previous_month
from members.models import User

#: Managers review a term for renewal when it ends within this many days.
RENEWAL_WINDOW = timedelta(days=30)


def terms_covering(*, start: datetime, end: datetime) -> QuerySet[AmbassadorTerm]:
    """Terms that overlap [start, end): begun before `end` and not ended by `start`."""
    return AmbassadorTerm.objects.filter(starts_at__lt=end, ends_at__gt=start)


def ambassadors_current(*, now: datetime) -> QuerySet[User]:
    """Current members who are ambassadors at `now`: one of their terms has
    `starts_at <= now < ends_at`. A member queryset (one query when evaluated), for the
    metrics app's ambassador NPS survey and for every page that asks "is this an ambassador"."""
    covering = AmbassadorTerm.objects.filter(
        member=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now
    )
    return User.objects.current(now).filter(Exists(covering))


def ambassadors_in_month(*, month: date) -> QuerySet[User]:
    """Members who were ambassadors at some instant of the community-local calendar month
    containing `month` (a term overlapping it). The population of the monthly ambassador
    metrics."""
    start, end = month_bounds(month)
    covering = terms_covering(start=start, end=end).filter(member=OuterRef("pk"))
    return User.objects.filter(Exists(covering))


def is_ambassador(member, *, now: datetime) -> bool:
    return bool(
        member is not None
        and member.is_authenticated
        and AmbassadorTerm.objects.filter(member=member, starts_at__lte=now, ends_at__gt=now)
        .only("pk")
        .exists()
        and member.is_member_at(now)
    )


def term_current(*, member, now: datetime) -> AmbassadorTerm | None:
    """The member's term covering `now`, with its tier, or None."""
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    return (
        AmbassadorTerm.objects.filter(member=member, starts_at__lte=now, ends_at__gt=now)
        .select_related("tier")
        .first()
    )


def term_open(*, member) -> AmbassadorTerm | None:
    """The member's open term (not yet renewed, moved or ended): the one actions apply to."""
    return (
        AmbassadorTerm.objects.filter(member=member, end_reason=TermEnd.RUNNING)
        .select_related("tier")
        .first()
    )


def term_history(*, member) -> QuerySet[AmbassadorTerm]:
    return (
        AmbassadorTerm.objects.filter(member=member)
        .select_related("tier", "ended_by__profile", "created_by__profile")
        .order_by("starts_at", "id")
    )


def terms_ending_soon(*, now: datetime) -> QuerySet[AmbassadorTerm]:
    """Open terms that end within 30 days (the renewal review), soonest first. One query."""
    return (
        AmbassadorTerm.objects.filter(
            end_reason=TermEnd.RUNNING, ends_at__gt=now, ends_at__lte=now + RENEWAL_WINDOW
        )
        .select_related("tier", "member__profile")
        .order_by("ends_at", "id")
    )


def _hours_in(month: date, member_ref: str):
    start_day = month.replace(day=1)
    end_day = month_bounds(month)[1].date()
    return Coalesce(
        Subquery(
            AmbassadorActivity.objects.filter(
                member=OuterRef(member_ref), occurred_on__gte=start_day, occurred_on__lt=end_day
            )
            .order_by()
            .values("member")
            .annotate(total=Sum("hours"))
            .values("total"),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        Value(0, output_field=DecimalField(max_digits=8, decimal_places=1)),
    )


def with_programme_status(queryset: QuerySet, *, member_ref: str, now: datetime) -> QuerySet:
    """Annotate each row (a member at `member_ref`: "pk" for members, "member" for rows that
    point at one) with their current term and tier (`term_id`, `tier_name`, `tier_level`,
    `commitment_min`, `commitment_max`, `term_ends_at`), the hours they logged this month and
    in each of the two previous calendar months (`hours_this_month`, `hours_last_month`,
    `hours_month_before`), whether they were ambassadors already when the month before last
    began (`full_two_months`), and their latest onboarding (`onboarding_id`, `buddy_id`,
    `onboarding_due_at`, `onboarding_completed_at`, `onboarding_done` of `onboarding_steps`).
    Correlated subqueries: one query for the whole list."""
    this_month = month_of(now)
    last_month = previous_month(this_month)
    month_before = previous_month(last_month)
    before_start = month_bounds(month_before)[0]
    current_term = AmbassadorTerm.objects.filter(
        member=OuterRef(member_ref), starts_at__lte=now, ends_at__gt=now
    )
    latest_onboarding = Onboarding.objects.filter(member=OuterRef(member_ref)).order_by(
        "-created_at"
    )
    steps = OnboardingStep.objects.filter(onboarding=OuterRef("onboarding_id")).order_by()
    return queryset.annotate(
        term_id=Subquery(current_term.values("pk")[:1]),
        tier_name=Subquery(current_term.values("tier__name")[:1]),
        tier_level=Subquery(current_term.values("tier__level")[:1]),
        commitment_min=Subquery(current_term.values("tier__commitment_hours_min")[:1]),
        commitment_max=Subquery(current_term.values("tier__commitment_hours_max")[:1]),
        term_ends_at=Subquery(current_term.values("ends_at")[:1]),
        hours_this_month=_hours_in(this_month, member_ref),
        hours_last_month=_hours_in(last_month, member_ref),
        hours_month_before=_hours_in(month_before, member_ref),
        full_two_months=Exists(
            AmbassadorTerm.objects.filter(
                member=OuterRef(member_ref), starts_at__lte=before_start, ends_at__gt=before_start
            )
        ),
        onboarding_id=Subquery(latest_onboarding.values("pk")[:1]),
        buddy_id=Subquery(latest_onboarding.values("buddy_id")[:1]),
        onboarding_due_at=Subquery(latest_onboarding.values("due_at")[:1]),
        onboarding_completed_at=Subquery(latest_onboarding.values("completed_at")[:1]),
    ).annotate(
        onboarding_done=Coalesce(
            Subquery(
                steps.filter(done_at__isnull=False)
                .values("onboarding")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        onboarding_steps=Coalesce(
            Subquery(
                steps.values("onboarding").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def ambassadors_with_commitment(*, now: datetime) -> QuerySet[User]:
    """Current ambassadors with their programme status (`with_programme_status`), highest
    tier first, then by name. One query."""
    return with_programme_status(
        ambassadors_current(now=now).select_related("profile"), member_ref="pk", now=now
    ).order_by("-tier_level", "profile__display_name", "pk")


def ambassadors_under_commitment(*, now: datetime) -> QuerySet[User]:
    """Current ambassadors who logged fewer hours than their current tier's minimum in each of
    the two calendar months before this one, having been ambassadors for the whole of both
    ("under commitment two months running"). One query."""
    return ambassadors_with_commitment(now=now).filter(
        full_two_months=True,
        hours_last_month__lt=F("commitment_min"),
        hours_month_before__lt=F("commitment_min"),
    )
