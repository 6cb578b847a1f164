"""Reads about who runs what: managers, a group's organizers, an event's hosts and speakers.
Who may run an event's door, edit it or cancel it is decided here, nowhere else."""

from events.models import Event, EventHost, UserGroup

CoOrganizer = UserGroup.co_organizers.through


def user_is_manager(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_manager)


def group_organizer_ids(*, group: UserGroup) -> set[int]:
    """The leader and the co-organizers."""
    ids = {group.leader_id} if group.leader_id else set()
    ids.update(CoOrganizer.objects.filter(usergroup_id=group.pk).values_list("user_id", flat=True))
    return ids


def user_organizes_group(*, user, group: UserGroup | None) -> bool:
    if group is None or user is None or not user.is_authenticated:
        return False
    return user.pk in group_organizer_ids(group=group)


def user_runs_group(*, user, group: UserGroup | None) -> bool:
    """Create and cancel a group's events, recompute its health: its organizers and managers."""
    return user_is_manager(user) or user_organizes_group(user=user, group=group)


def user_can_manage_event(*, user, event: Event) -> bool:
    """Hosts of the event, organizers of its group and managers run its check-in and may
    edit it (speakers do neither)."""
    if user is None or not user.is_authenticated:
        return False
    if user_is_manager(user):
        return True
    if EventHost.objects.filter(event=event, member=user, role=EventHost.Role.HOST).exists():
        return True
    return user_organizes_group(user=user, group=event.group)


def user_is_event_host(*, user, event: Event) -> bool:
    """Hosts and speakers of the event."""
    if user is None or not user.is_authenticated:
        return False
    return EventHost.objects.filter(event=event, member=user).exists()
