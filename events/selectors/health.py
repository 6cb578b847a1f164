"""Reads about group health: a group's latest snapshot, every group's for the managers' list,
and the programme's stage by number of groups."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from events.models import GroupHealthSnapshot, HealthStatus, UserGroup


def group_latest_health(*, group: UserGroup) -> GroupHealthSnapshot | None:
    return GroupHealthSnapshot.objects.filter(group=group).order_by("-month").first()


def groups_with_latest_health(*, status: str = "") -> QuerySet[UserGroup]:
    """Every group with its latest snapshot's score and status, for the managers' list."""
    latest = GroupHealthSnapshot.objects.filter(group=OuterRef("pk")).order_by("-month")
    groups = UserGroup.objects.select_related("leader__profile").annotate(
        health_month=Subquery(latest.values("month")[:1]),
        health_score=Subquery(latest.values("score")[:1]),
        health_status=Subquery(latest.values("status")[:1]),
        health_frequency=Subquery(latest.values("frequency")[:1]),
        health_attendance=Subquery(latest.values("attendance")[:1]),
        health_growth=Subquery(latest.values("growth")[:1]),
        health_leader=Subquery(latest.values("leader")[:1]),
    )
    if status:
        groups = groups.filter(health_status=status)
    return groups.order_by("health_score", "name")


#: The scaling playbook's stages by number of groups. The playbook's ranges touch (1-5, 5-20,
#: 20-100, 100+); a boundary count belongs to the earlier stage.
PROGRAMME_STAGES = [
    (5, "Seed", "Validate the format, find leaders"),
    (20, "Grow", "Playbook, resources, training"),
    (100, "Scale", "Self-serve, automation"),
    (None, "Mature", "Quality, consolidation"),
]


def programme_stage(*, group_count: int) -> dict:
    for upper, name, focus in PROGRAMME_STAGES:
        if upper is None or group_count <= upper:
            return {"name": name, "focus": focus, "groups": group_count}
    raise AssertionError("unreachable")


def groups_needing_attention_counts() -> dict:
    """For the managers' console, in one query: groups whose latest health is at risk or
    inactive, and groups without a leader (the last one left)."""
    latest = GroupHealthSnapshot.objects.filter(group=OuterRef("pk")).order_by("-month")
    groups = UserGroup.objects.annotate(latest_status=Subquery(latest.values("status")[:1]))
    return groups.aggregate(
        at_risk=Count("pk", filter=Q(latest_status=HealthStatus.AT_RISK)),
        inactive=Count("pk", filter=Q(latest_status=HealthStatus.INACTIVE)),
        without_leader=Count("pk", filter=Q(leader__isnull=True)),
    )
