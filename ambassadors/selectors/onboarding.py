"""Reads about onboarding: a checklist with its items, the checklists overdue for managers (not
complete two weeks after approval, for current ambassadors), and the buddies of an ambassador."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ambassadors.models import AmbassadorTerm, Onboarding, OnboardingStep


def _ambassador_now(now: datetime, field: str = "member"):
    return Exists(
        AmbassadorTerm.objects.filter(member=OuterRef(field), starts_at__lte=now, ends_at__gt=now)
    )


def _with_progress(queryset: QuerySet[Onboarding]) -> QuerySet[Onboarding]:
    return queryset.annotate(
        steps_done=Count("steps", filter=Q(steps__done_at__isnull=False)),
        steps_total=Count("steps"),
    )


def onboardings_overdue(*, now: datetime) -> QuerySet[Onboarding]:
    """Checklists past their due date and not complete, of current ambassadors, most overdue
    first, with `steps_done` of `steps_total`. One query."""
    return _with_progress(
        Onboarding.objects.filter(completed_at__isnull=True, due_at__lt=now)
        .filter(_ambassador_now(now))
        .select_related("member__profile", "buddy__profile")
    ).order_by("due_at", "pk")


def onboarding_latest(*, member) -> Onboarding | None:
    """The member's most recent checklist with its items (and who ticked them): two queries."""
    return (
        Onboarding.objects.filter(member=member)
        .select_related("buddy__profile", "term__tier")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=OnboardingStep.objects.select_related("done_by__profile").order_by("pk"),
            )
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def onboarding_get(*, pk: int) -> Onboarding | None:
    return Onboarding.objects.filter(pk=pk).select_related("member").first()


def buddies_of(*, member, now: datetime) -> QuerySet[Onboarding]:
    """The checklists where `member` is the buddy, of people who are still ambassadors: the
    buddy's list of whom they help, newest first, with their progress."""
    return _with_progress(
        Onboarding.objects.filter(buddy=member)
        .filter(_ambassador_now(now))
        .select_related("member__profile", "term__tier")
    ).order_by("-created_at", "-pk")
