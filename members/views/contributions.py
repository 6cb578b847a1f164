"""Member pages: logging a contribution (code, docs, an idea) to the activity ledger."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.forms.contributions import ContributionForm
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
