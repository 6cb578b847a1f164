"""Reads about profiles: the member directory and public profiles, showing only members who
exist now and opted in."""

from datetime import datetime

from django.db.models import IntegerField, OuterRef, Prefetch, Q, Subquery

from hub.core.errors import NotFound
from members.models import BadgeAward, Skill, TierMembership, User


def _current_tier_annotations(queryset):
    open_row = TierMembership.objects.filter(member=OuterRef("pk"), ended_at__isnull=True)
    return queryset.annotate(
        tier_name=Subquery(open_row.values("tier__name")[:1]),
        tier_level=Subquery(open_row.values("tier__level")[:1], output_field=IntegerField()),
    )


def directory_visible_members(*, now: datetime):
    """Who the directory may show: current members who opted in. Leavers never. `is_active`
    here is not about membership: an account a manager switched off is not listed."""
    return User.objects.current(now).filter(is_active=True, profile__directory_opt_in=True)


def directory_search(*, now: datetime, name: str = "", skill: str = "", location: str = ""):
    """The directory, filtered: `name` matches the display name or headline, `skill` a skill
    name, `location` the location (all case-insensitive, parts contained). A fixed number of
    queries whatever the number of members: the page, its skills (prefetched) and the count."""
    members = directory_visible_members(now=now)
    if name.strip():
        members = members.filter(
            Q(profile__display_name__icontains=name.strip())
            | Q(profile__headline__icontains=name.strip())
        )
    if skill.strip():
        members = members.filter(profile__skills__name__icontains=skill.strip()).distinct()
    if location.strip():
        members = members.filter(profile__location__icontains=location.strip())
    return (
        _current_tier_annotations(members)
        .select_related("profile")
        .prefetch_related(Prefetch("profile__skills", queryset=Skill.objects.order_by("name")))
        .order_by("profile__display_name", "pk")
    )


def public_profile_get(*, member_id: int, viewer: User | None, now: datetime) -> User:
    """A member's public profile. Others see it only if the member exists and opted in; the
    member sees their own (to preview it). Anything else is NotFound, without saying why."""
    queryset = _current_tier_annotations(User.objects.select_related("profile")).prefetch_related(
        Prefetch("profile__skills", queryset=Skill.objects.order_by("name")),
        Prefetch(
            "badge_awards",
            queryset=BadgeAward.objects.select_related("badge").order_by("-awarded_at"),
            to_attr="badge_list",
        ),
    )
    is_self = viewer is not None and viewer.is_authenticated and viewer.pk == member_id
    if is_self:
        member = queryset.current(now).filter(pk=member_id).first()
    else:
        member = queryset.filter(
            pk__in=directory_visible_members(now=now).values("pk"), pk=member_id
        ).first()
    if member is None:
        raise NotFound("No such member in the directory.")
    return member
