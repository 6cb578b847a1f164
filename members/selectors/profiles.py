"""Reads about profiles: the member directory and public profiles, showing only members who
exist now and opted in, and only skills on the list (a member's own suggestions awaiting review
are shown to them alone); the skills a member may pick, and the suggestions awaiting review."""

from datetime import datetime, timedelta

from django.db.models import IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Lower

from hub.core.errors import NotFound
from members.models import BadgeAward, Profile, Skill, SkillRemoval, TierMembership, User

#: How long the profile page reminds a member of a suggestion that was not accepted.
REJECTED_SUGGESTION_SHOWN_FOR = timedelta(days=90)


def _skills_ordered(queryset):
    return queryset.order_by(Lower("name"), "pk")


def skills_to_pick(*, member: User):
    """What the profile form offers `member`: every skill on the list, and their own
    suggestions awaiting review (which they may keep or drop), alphabetically."""
    own_awaiting = Profile.skills.through.objects.filter(
        profile__user=member, skill__status=Skill.Status.SUGGESTED
    ).values("skill")
    return _skills_ordered(
        Skill.objects.filter(Q(status=Skill.Status.ACCEPTED) | Q(pk__in=own_awaiting))
    )


def skill_suggestions_rejected_recently(*, member: User, now: datetime):
    """The member's suggestions that a manager did not accept lately, with the reason."""
    return (
        SkillRemoval.objects.filter(
            member=member, removed_at__gte=now - REJECTED_SUGGESTION_SHOWN_FOR
        )
        .select_related("skill")
        .order_by("-removed_at", "pk")
    )


def skills_awaiting_review_count() -> int:
    return Skill.objects.filter(status=Skill.Status.SUGGESTED).count()


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
        # One filter() call: the name and the status are of the same skill.
        members = members.filter(
            profile__skills__name__icontains=skill.strip(),
            profile__skills__status=Skill.Status.ACCEPTED,
        ).distinct()
    if location.strip():
        members = members.filter(profile__location__icontains=location.strip())
    return (
        _current_tier_annotations(members)
        .select_related("profile")
        .prefetch_related(
            Prefetch("profile__skills", queryset=_skills_ordered(Skill.objects.accepted()))
        )
        .order_by("profile__display_name", "pk")
    )


def public_profile_get(*, member_id: int, viewer: User | None, now: datetime) -> User:
    """A member's public profile. Others see it only if the member exists and opted in, with
    the skills on the list; the member sees their own (to preview it), with their suggestions
    awaiting review. Anything else is NotFound, without saying why."""
    is_self = viewer is not None and viewer.is_authenticated and viewer.pk == member_id
    skills = Skill.objects.all() if is_self else Skill.objects.accepted()
    queryset = _current_tier_annotations(User.objects.select_related("profile")).prefetch_related(
        Prefetch("profile__skills", queryset=_skills_ordered(skills)),
        Prefetch(
            "badge_awards",
            queryset=BadgeAward.objects.select_related("badge").order_by("-awarded_at"),
            to_attr="badge_list",
        ),
    )
    if is_self:
        member = queryset.current(now).filter(pk=member_id).first()
    else:
        member = queryset.filter(
            pk__in=directory_visible_members(now=now).values("pk"), pk=member_id
        ).first()
    if member is None:
        raise NotFound("No such member in the directory.")
    return member
