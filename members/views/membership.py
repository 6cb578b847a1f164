"""Pages about membership: the dashboard, where a member sees their tier and their progress
toward the next one (the page they land on after logging in)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core.extension_points import panels_for
from members.selectors.activities import member_month_summary, member_recent_activities
from members.selectors.membership import member_tier_history, member_tier_progress
from members.selectors.recognition import member_badge_awards


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tier and progress, this month's numbers, the timeline and badges, then the panels other
    apps registered for the page "members.dashboard" (values: `member`, `now`): a fixed number
    of queries whatever the member has done."""
    member = request.user
    now = timezone.now()
    progress = member_tier_progress(member=member, now=now)
    return render(
        request,
        "members/dashboard.html",
        {
            "tier": progress.current,
            "progress": progress,
            "month": member_month_summary(member=member, now=now),
            "activities": member_recent_activities(member=member),
            "badge_awards": member_badge_awards(member=member),
            "tier_history": member_tier_history(member=member),
            "panels": panels_for("members.dashboard", member=member, now=now),
        },
    )
