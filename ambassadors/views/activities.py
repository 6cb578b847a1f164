"""An ambassador's own pages: logging activities (with their hours against the tier's
commitment) and their referrals (counts and dates only)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ambassadors.forms.activities import ActivityForm
from ambassadors.selectors import activities as selectors
from ambassadors.selectors import referrals as referral_selectors
from ambassadors.selectors.terms import term_current
from ambassadors.services.activities import ambassador_activity_log
from ambassadors.views.common import ambassador_required
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@ambassador_required
def activities(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localtime(now, community_zone()).date()
    form = ActivityForm(
        request.POST if request.method == "POST" else None, initial={"occurred_on": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = ambassador_activity_log(
                member=request.user,
                activity_type=data["activity_type"],
                title=data["title"],
                occurred_on=data["occurred_on"],
                hours=data["hours"],
                url=data["url"],
                now=now,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Logged: {activity.get_type_display().lower()}, {activity.hours} h"
                + (" (also in your activity ledger)." if activity.ledger_activity_id else "."),
            )
            return redirect("ambassadors:activities")
    term = term_current(member=request.user, now=now)
    page = Paginator(selectors.activities_of(member=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "ambassadors/activities.html",
        {
            "form": form,
            "page": page,
            "term": term,
            "hours": selectors.hours_by_month(member=request.user, tier=term.tier, now=now),
        },
        status=status,
    )


@require_GET
@ambassador_required
def referrals(request: HttpRequest) -> HttpResponse:
    ambassador = referral_selectors.ambassador_of(member=request.user)
    page = Paginator(referral_selectors.referrals_of(member=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ambassadors/referrals.html",
        {
            "ambassador": ambassador,
            "share_url": request.build_absolute_uri(
                f"{referral_selectors.SHARE_PATH}?ref={ambassador.referral_code}"
            ),
            "counts": referral_selectors.referral_counts(member=request.user),
            "by_month": referral_selectors.referrals_by_month(member=request.user),
            "page": page,
        },
    )
