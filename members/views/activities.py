"""Pages about the activity ledger: a member logging a contribution (code, docs, an idea), and
the managers' page of members slipping away and members who came back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.forms.activities import ContributionForm
from members.selectors import activities as selectors
from members.services.activities import contribution_log

#: Domain errors about the date are shown next to the date field.
DAY_ERRORS = {"day_in_future", "day_before_joining"}


@require_http_methods(["GET", "POST"])
@login_required
def contribution_create(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = ContributionForm(
        request.POST or None,
        initial={"day": timezone.localtime(now, community_zone()).date()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = contribution_log(
                member=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                day=form.cleaned_data["day"],
                now=now,
            )
        except DomainError as error:
            field = "day" if error.code in DAY_ERRORS else None
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                f"Logged your {activity.get_kind_display().lower()} contribution "
                f"“{activity.title}” (+{activity.points} points).",
            )
            return redirect("members:dashboard")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "members/contribution_form.html", {"form": form}, status=status)


SLIPPING_PAGE_SIZE = 50


@require_GET
@login_required
def slipping_away(request: HttpRequest) -> HttpResponse:
    """Computed on demand (no stored copy to go stale); the weekly job mails the same lists."""
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can see this page.")
    now = timezone.now()
    slipping = Paginator(selectors.members_slipping_away(now=now), SLIPPING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    returned = list(selectors.members_returned(now=now)[:SLIPPING_PAGE_SIZE])
    return render(
        request,
        "members/manage_slipping.html",
        {
            "slipping": slipping,
            "returned": returned,
            "quiet_days": selectors.SLIPPING_QUIET_DAYS,
            "active_days": selectors.SLIPPING_ACTIVE_DAYS,
            "lookback_days": selectors.RETURN_LOOKBACK_DAYS,
        },
    )
