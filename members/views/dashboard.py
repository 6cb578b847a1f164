"""Member pages: the dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.selectors import membership as selectors


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    member = request.user
    now = timezone.now()
    return render(
        request,
        "members/dashboard.html",
        {
            "tier": selectors.member_current_tier(member=member),
            "month": selectors.member_month_summary(member=member, now=now),
            "activities": selectors.member_recent_activities(member=member),
        },
    )
