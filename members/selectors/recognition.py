"""Reads about recognition: badges, the spotlight and its proposals, annual awards and case
studies. Unpublished awards and case studies are visible to community managers only."""

from datetime import date, datetime

from django.db.models import Count, Q, QuerySet, Sum

from hub.core.errors import NotFound
from hub.core.timeutils import month_bounds, month_of
from members.models import CONTRIBUTION_KINDS, Award, Badge, BadgeAward, CaseStudy, Spotlight, User


def viewer_is_manager(viewer) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.is_manager)


def badge_list() -> QuerySet[Badge]:
    """Every badge with how many times it was awarded (one query)."""
    return Badge.objects.annotate(awarded_count=Count("awards")).order_by("name")


def member_badge_awards(*, member: User, limit: int = 12):
    return (
        BadgeAward.objects.filter(member=member)
        .select_related("badge")
        .order_by("-awarded_at", "-id")[:limit]
    )


def spotlight_candidates(*, month: date, now: datetime, limit: int = 5) -> QuerySet[User]:
    """The month's top contributors by contribution points (code, docs, ideas), most first:
    what the system proposes for the spotlight. Only current members are proposed."""
    start, end = month_bounds(month)
    return (
        User.objects.current(now)
        .annotate(
            month_points=Sum(
                "activities__points",
                filter=Q(
                    activities__kind__in=CONTRIBUTION_KINDS,
                    activities__occurred_at__gte=start,
                    activities__occurred_at__lt=end,
                ),
            )
        )
        .filter(month_points__gt=0)
        .select_related("profile")
        .order_by("-month_points", "pk")[:limit]
    )


def spotlight_current(*, now: datetime) -> Spotlight | None:
    """The latest published spotlight of this month or before (what the home page shows)."""
    return (
        Spotlight.objects.filter(published_at__isnull=False, month__lte=month_of(now))
        .select_related("member__profile")
        .order_by("-month")
        .first()
    )


def award_list(*, viewer) -> QuerySet[Award]:
    awards = Award.objects.select_related("winner__profile").order_by("-year", "category")
    if not viewer_is_manager(viewer):
        awards = awards.filter(published_at__isnull=False)
    return awards


def case_study_list(*, viewer) -> QuerySet[CaseStudy]:
    studies = CaseStudy.objects.select_related("member__profile").order_by("-published_at", "-id")
    if not viewer_is_manager(viewer):
        studies = studies.filter(published_at__isnull=False)
    return studies


def case_study_get(*, slug: str, viewer) -> CaseStudy:
    """A published case study; an unpublished one only for managers (404 for anyone else)."""
    study = case_study_list(viewer=viewer).filter(slug=slug).first()
    if study is None:
        raise NotFound("No published case study has this address.")
    return study
