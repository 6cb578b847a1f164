"""Site pages that belong to no one app: home, search, health check, error pages."""

import sys

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core.validation import same_site_path
from hub.site.middleware import (
    database_unavailable_response,
    is_database_unavailable,
    wants_json,
)
from hub.site.search import KINDS_BY_NAME, MAX_QUERY_LENGTH, site_search
from hub.site.selectors import home_numbers
from members.selectors.recognition import spotlight_current


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "hub/home.html",
        {"numbers": home_numbers(now=now), "spotlight": spotlight_current(now=now)},
    )


SEARCH_MORE_PER_KIND = 50


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=words[&kind=events]: a few results of each kind, or up to 50 of one kind."""
    # A NUL cannot be sent to the database; nothing else needs cleaning to be searched for.
    text = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    only = request.GET.get("kind", "")
    only = only if only in KINDS_BY_NAME else ""
    results = site_search(
        text=text,
        user=request.user,
        now=timezone.now(),
        only=only,
        per_kind=SEARCH_MORE_PER_KIND if only else 5,
    )
    return render(
        request,
        "hub/search.html",
        {
            "search_query": text,
            "only": KINDS_BY_NAME.get(only),
            "results": list(results.values()),
            "found": any(result["rows"] for result in results.values()),
        },
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and compose healthchecks: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin console's login address. It takes no password itself: visitors go to the
    site's login (allauth), whose rate limits then hold for the console too. Django's own admin
    login form has none, so guessing a manager's password there was unlimited."""
    next_path = same_site_path(
        request.GET.get("next", ""), host=request.get_host(), secure=request.is_secure()
    ) or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_path, reverse(settings.LOGIN_URL))
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied("Your account does not open the admin console.")
    return HttpResponseRedirect(next_path)


def error_400(request, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if wants_json(request):
        return JsonResponse(
            {"detail": "You do not have permission to do this.", "code": "permission_denied"},
            status=403,
        )
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if wants_json(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "404.html", status=404)


def error_500(request):
    """Django calls it while handling the uncaught exception, so `sys.exc_info()` is that
    exception: a lost database connection raised outside a view (by a middleware) answers 503
    like one raised inside (`DatabaseUnavailableMiddleware`)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    if wants_json(request):
        return JsonResponse(
            {"detail": "Something went wrong on our side. It has been logged.", "code": "error"},
            status=500,
        )
    return render(request, "500.html", status=500)
