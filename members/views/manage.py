"""Manager pages outside the admin: members slipping away and members who came back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.selectors import membership as selectors

PAGE_SIZE = 50


@require_GET
@login_required
def slipping_away(request: HttpRequest) -> HttpResponse:
    """Computed on demand (no stored copy to go stale); the weekly job mails the same lists."""
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can see this page.")
    now = timezone.now()
    slipping = Paginator(selectors.members_slipping_away(now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    returned = list(selectors.members_returned(now=now)[:PAGE_SIZE])
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
