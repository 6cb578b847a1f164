"""Writes about user groups: creating one, its co-organizers, members joining and leaving."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from events.models import GroupMembership, UserGroup
from hub.core.audit import audit_record
from hub.core.errors import DomainError, NotFound
from members.selectors.membership import member_require_current

MIN_CO_ORGANIZERS = 1
MAX_CO_ORGANIZERS = 3


def co_organizers_validate(*, leader, co_organizers: list) -> None:
    """The playbook's structure: one leader and one to three co-organizers besides them."""
    ids = {person.pk for person in co_organizers}
    if leader is not None and leader.pk in ids:
        raise DomainError("The leader cannot also be a co-organizer; choose someone else.")
    if not MIN_CO_ORGANIZERS <= len(ids) <= MAX_CO_ORGANIZERS:
        raise DomainError(
            f"A group needs one to three co-organizers besides its leader; {len(ids)} chosen."
        )
    if any(person.joined_at is None or person.left_at is not None for person in co_organizers):
        raise DomainError("Co-organizers must be current members.")


@transaction.atomic
def group_create(
    *,
    name: str,
    type: str,
    leader,
    co_organizers: list,
    now: datetime,
    actor=None,
    description: str = "",
    region: str = "",
    cadence_per_month: int = 1,
    slug: str = "",
) -> UserGroup:
    co_organizers_validate(leader=leader, co_organizers=co_organizers)
    group = UserGroup(
        name=name,
        slug=slug or slugify(name),
        type=type,
        leader=leader,
        description=description,
        region=region,
        cadence_per_month=cadence_per_month,
        created_at=now,
    )
    group.full_clean()
    group.save()
    group.co_organizers.set(co_organizers)
    # Organizers are members of their own group.
    for person in [leader, *co_organizers]:
        group_join(group=group, member=person, now=now)
    audit_record(actor=actor, action="group.create", target=group, now=now, data={"group": name})
    return group


@transaction.atomic
def group_co_organizers_set(*, group: UserGroup, co_organizers: list, actor, now: datetime) -> None:
    co_organizers_validate(leader=group.leader, co_organizers=co_organizers)
    group.co_organizers.set(co_organizers)
    audit_record(
        actor=actor,
        action="group.co_organizers",
        target=group,
        now=now,
        data={
            "group": group.name,
            "co_organizers": [person.pk for person in co_organizers],
            "count": len(co_organizers),
        },
    )


@transaction.atomic
def group_join(*, group: UserGroup, member, now: datetime) -> tuple[GroupMembership, bool]:
    """Join a group; joining again while a member changes nothing (created=False)."""
    member_require_current(member, now=now, to="join a group")
    existing = GroupMembership.objects.filter(group=group, member=member, left_at__isnull=True)
    if (membership := existing.first()) is not None:
        return membership, False
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, member=member, joined_at=now)
    except IntegrityError:  # a double click: the other request opened it
        return existing.get(), False
    return membership, True


@transaction.atomic
def group_leave(*, group: UserGroup, member, now: datetime) -> GroupMembership:
    membership = (
        GroupMembership.objects.select_for_update()
        .filter(group=group, member=member, left_at__isnull=True)
        .first()
    )
    if membership is None:
        raise NotFound("You are not a member of this group.", code="not_in_group")
    if member.pk == group.leader_id or group.co_organizers.filter(pk=member.pk).exists():
        raise DomainError(
            "Organizers cannot leave their own group; ask a community manager to hand it over.",
            code="organizer",
        )
    membership.left_at = max(now, membership.joined_at)
    membership.save(update_fields=["left_at"])
    return membership
