"""Group health: a group's on-demand recompute and the managers' list of every group's health
with the programme's stage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from events.forms.health import HealthFilterForm
from events.models import UserGroup
from events.selectors.health import PROGRAMME_STAGES, groups_with_latest_health, programme_stage
from events.selectors.organizers import user_is_manager, user_runs_group
from events.services.health import group_health_compute_now
from events.views.shared import group_or_404
from hub.core.decorators import login_required_for_action


@require_POST
@login_required_for_action
def group_health_recompute(request: HttpRequest, slug: str) -> HttpResponse:
    """On demand: the group's score over the three months up to now."""
    group = group_or_404(slug)
    if not user_runs_group(user=request.user, group=group):
        raise PermissionDenied("Only the group's organizers and managers recompute its health.")
    group_health_compute_now(now=timezone.now(), group_ids=[group.pk])
    messages.success(request, f"The health score of {group.name} is up to date.")
    return redirect(group)


@require_http_methods(["GET", "POST"])
@login_required
def group_health_list(request: HttpRequest) -> HttpResponse:
    """Managers: every group's latest health, at-risk and inactive first, and the stage."""
    if not user_is_manager(request.user):
        raise PermissionDenied("Only community managers see every group's health.")
    if request.method == "POST":
        count = len(group_health_compute_now(now=timezone.now()))
        messages.success(request, f"Recomputed the health of {count} groups.")
        return redirect("events:group_health")
    form = HealthFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return render(
        request,
        "events/group_health.html",
        {
            "form": form,
            "groups": groups_with_latest_health(status=status),
            "stage": programme_stage(group_count=UserGroup.objects.count()),
            "stages": PROGRAMME_STAGES,
        },
    )
