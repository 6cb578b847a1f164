"""Reads about user groups: the list with member and event counts, one group with its
organizers, and whether someone is in it."""

from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from events.models import Event, EventStatus, GroupMembership, UserGroup
from hub.core.errors import NotFound
from members.models import User


def _open_memberships():
    return GroupMembership.objects.filter(left_at__isnull=True)


def group_list(*, type: str = "", region: str = "", now: datetime) -> QuerySet[UserGroup]:
    groups = UserGroup.objects.select_related("leader__profile").annotate(
        member_count=Coalesce(
            Subquery(
                _open_memberships()
                .filter(group=OuterRef("pk"))
                .values("group")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
        upcoming_count=Coalesce(
            Subquery(
                Event.objects.filter(
                    group=OuterRef("pk"), status=EventStatus.PUBLISHED, ends_at__gt=now
                )
                .values("group")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
    )
    if type:
        groups = groups.filter(type=type)
    if region:
        groups = groups.filter(region__iexact=region)
    return groups.order_by("name")


def group_regions() -> list[str]:
    return list(
        UserGroup.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def group_get(*, slug: str) -> UserGroup:
    group = (
        UserGroup.objects.select_related("leader__profile")
        .prefetch_related(
            Prefetch("co_organizers", queryset=User.objects.select_related("profile"))
        )
        .filter(slug=slug)
        .first()
    )
    if group is None:
        raise NotFound("No such group.")
    return group


def group_member_count(*, group: UserGroup) -> int:
    return _open_memberships().filter(group=group).count()


def group_is_member(*, group: UserGroup, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return _open_memberships().filter(group=group, member=user).exists()
