"""Writes about user groups: creating and changing one (its leader and one to three
co-organizers), members joining and leaving, and what a member's leaving the community does to
the groups they belong to or run."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from events.models import GroupMembership, UserGroup
from events.tasks.groups import group_organizer_left_notify_task
from hub.core.audit import audit_record
from hub.core.errors import DomainError, NotFound
from members.selectors.membership import member_is_current, member_require_current

MIN_CO_ORGANIZERS = 1
MAX_CO_ORGANIZERS = 3
#: What `group_update` may change besides the co-organizers.
GROUP_FIELDS = ("name", "slug", "type", "description", "region", "leader", "cadence_per_month")


def co_organizers_validate(*, leader, co_organizers: list, now: datetime) -> None:
    """The playbook's structure: one leader and one to three co-organizers besides them, all
    current members."""
    ids = {person.pk for person in co_organizers}
    if leader is not None and leader.pk in ids:
        raise DomainError("The leader cannot also be a co-organizer; choose someone else.")
    if not MIN_CO_ORGANIZERS <= len(ids) <= MAX_CO_ORGANIZERS:
        raise DomainError(
            f"A group needs one to three co-organizers besides its leader; {len(ids)} chosen."
        )
    if leader is not None and not member_is_current(leader, now=now):
        raise DomainError("The leader must be a current member.", code="leader")
    if not all(member_is_current(person, now=now) for person in co_organizers):
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
    co_organizers_validate(leader=leader, co_organizers=co_organizers, now=now)
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
    audit_record(
        actor=actor,
        action="group.create",
        target=group,
        now=now,
        data={
            "group": name,
            "leader": leader.pk,
            "co_organizers": sorted(person.pk for person in co_organizers),
        },
    )
    return group


@transaction.atomic
def group_update(
    *, group: UserGroup, changes: dict, co_organizers: list | None, actor, now: datetime
) -> UserGroup:
    """Change a group's details, its leader or its co-organizers (None: unchanged). The
    structure is checked whenever either changes: a leader and one to three co-organizers,
    all current members. A new leader or co-organizer becomes a member of the group; the
    people they replace stay members, and may leave it like anyone else."""
    unknown = set(changes) - set(GROUP_FIELDS)
    if unknown:
        raise DomainError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    changes = dict(changes)
    group = UserGroup.objects.select_for_update().get(pk=group.pk)
    if co_organizers is not None and {p.pk for p in co_organizers} == set(
        group.co_organizers.values_list("pk", flat=True)
    ):
        co_organizers = None  # the same people: nothing to change
    if "leader" in changes and getattr(changes["leader"], "pk", None) == group.leader_id:
        del changes["leader"]
    if "leader" in changes and changes["leader"] is None:
        raise DomainError("Choose the group's leader.", code="leader")
    if "leader" in changes or co_organizers is not None:
        co_organizers_validate(
            leader=changes.get("leader", group.leader),
            co_organizers=list(group.co_organizers.all())
            if co_organizers is None
            else co_organizers,
            now=now,
        )
    for name, value in changes.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    newcomers = []
    if "leader" in changes:
        newcomers.append(group.leader)
    if co_organizers is not None:
        group.co_organizers.set(co_organizers)
        newcomers.extend(co_organizers)
    for person in newcomers:
        group_join(group=group, member=person, now=now)
    fields = sorted({*changes, *(["co_organizers"] if co_organizers is not None else [])})
    if fields:
        audit_record(
            actor=actor,
            action="group.edit",
            target=group,
            now=now,
            data={
                "group": group.name,
                "fields": ", ".join(fields),
                "leader": group.leader_id,
                "co_organizers": sorted(group.co_organizers.values_list("pk", flat=True)),
            },
        )
    return group


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


def group_memberships_close(*, member, now: datetime) -> int:
    """Close every open group membership of a member who leaves the community, at the
    leaving instant (the rows stay: past months' group sizes must not change)."""
    closed = 0
    memberships = GroupMembership.objects.select_for_update().filter(
        member=member, left_at__isnull=True
    )
    for membership in memberships.order_by("pk"):
        membership.left_at = max(now, membership.joined_at)
        membership.save(update_fields=["left_at"])
        closed += 1
    return closed


def group_organizer_leave(*, member, now: datetime) -> list[UserGroup]:
    """A leader or co-organizer leaves the community: the group stays, and its managers are
    told. A leader leaves the group without a leader (its page and the health list say so)
    until a manager chooses one; a co-organizer is taken off the group's co-organizers (the
    group may then have none, which a manager's next edit must fix). Each group gets an audit
    entry about the member and, after the commit, an email to the current managers."""
    groups = list(
        UserGroup.objects.select_for_update()
        .filter(pk__in=_organized_group_ids(member))
        .order_by("pk")
    )
    for group in groups:
        if group.leader_id == member.pk:
            role = "leader"
            group.leader = None
            group.save(update_fields=["leader"])
        else:
            role = "co_organizer"
        group.co_organizers.remove(member)
        audit_record(
            actor=None,
            action=f"group.{role}_left",
            subject=member,
            target=group,
            now=now,
            data={"group": group.name, "co_organizers_left": group.co_organizers.count()},
        )
        transaction.on_commit(
            lambda group_id=group.pk, role=role: group_organizer_left_notify_task.delay(
                group_id, role
            )
        )
    return groups


def _organized_group_ids(member) -> list[int]:
    led = UserGroup.objects.filter(leader=member).values_list("pk", flat=True)
    helped = UserGroup.co_organizers.through.objects.filter(user_id=member.pk).values_list(
        "usergroup_id", flat=True
    )
    return sorted({*led, *helped})
