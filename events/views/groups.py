"""Group pages: the list with its filters, one group's page, joining and leaving."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from events.forms.groups import GroupFilterForm
from events.selectors import groups as group_selectors
from events.selectors.events import event_list
from events.selectors.health import group_latest_health
from events.selectors.organizers import user_is_manager, user_organizes_group
from events.services import groups
from events.services.health import COMPONENT_DEFINITIONS
from events.views.shared import group_or_404, page_of, query_without_page
from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    form = GroupFilterForm(request.GET or None, regions=group_selectors.group_regions())
    groups_page = page_of(request, group_selectors.group_list(now=timezone.now(), **form.filters()))
    return render(
        request,
        "events/group_list.html",
        {"form": form, "page": groups_page, "query": query_without_page(request)},
    )


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_or_404(slug)
    now = timezone.now()
    user = request.user
    is_organizer = user_organizes_group(user=user, group=group)
    sees_health = is_organizer or user_is_manager(user)
    upcoming = event_list(user=user, now=now, upcoming=True, group=group)
    past = event_list(user=user, now=now, upcoming=False, group=group)
    return render(
        request,
        "events/group_detail.html",
        {
            "group": group,
            "member_count": group_selectors.group_member_count(group=group),
            "is_member": group_selectors.group_is_member(group=group, user=user),
            "is_organizer": is_organizer,
            "upcoming": upcoming[:20],
            "past": past[:10],
            "health": group_latest_health(group=group) if sees_health else None,
            "sees_health": sees_health,
            "can_add_events": sees_health,  # the same people: organizers and managers
            "health_definitions": COMPONENT_DEFINITIONS,
        },
    )


@require_POST
@login_required_for_action
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_or_404(slug)
    try:
        _, created = groups.group_join(group=group, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(group)
    messages.success(
        request,
        f"Welcome to {group.name}!" if created else f"You are already in {group.name}.",
    )
    return redirect(group)


@require_POST
@login_required_for_action
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_or_404(slug)
    try:
        groups.group_leave(group=group, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(group)
    messages.success(request, f"You left {group.name}.")
    return redirect(group)
