"""The site's middleware: refusing requests no view can answer (NUL characters), answering 503
while the database is unreachable, and running the landing hooks that apps registered
(`hub.core.extension_points.landing_hooks`) on every response a view produced."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from hub.core.extension_points import landing_hooks

logger = logging.getLogger(__name__)

#: Seconds a client should wait before trying again while the database is unreachable.
DATABASE_RETRY_AFTER = 5


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, detail: str, *, code: str) -> HttpResponse:
    """A 400 with a sentence saying what was wrong, rendered without touching the database."""
    if wants_json(request):
        return JsonResponse({"detail": detail, "code": code}, status=400)
    return HttpResponse(render_to_string("400.html", {"detail": detail}), status=400)


class NulCharacterMiddleware:
    """No address or form carries a NUL character for a good reason, and PostgreSQL refuses
    one in any text it is sent, so a search for `%00` would fail deep inside a query. Refuse
    such a request at the door: the path, every query parameter and every form field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or self._has_nul(request.GET):
            return bad_request(
                request,
                "The address contains a NUL character (%00); remove it and try again.",
                code="nul_character",
            )
        # The API reads JSON only; its serializers refuse NUL in text, and reading a form
        # body here would leave DRF nothing to parse.
        if request.method == "POST" and not wants_json(request) and self._has_nul(request.POST):
            return bad_request(
                request,
                "The form contains a NUL character; remove it and send the form again.",
                code="nul_character",
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(query) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in query.lists()
        )


def is_database_unavailable(exception: BaseException | None) -> bool:
    """The error of a lost or unreachable database connection, as Django raises it."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with `Retry-After`: JSON under /api/, the site's page elsewhere, rendered without
    the database."""
    logger.error("Database unavailable for %s %s", request.method, request.path, exc_info=True)
    detail = "The database is not reachable right now. Try again in a few seconds."
    if wants_json(request):
        response = JsonResponse({"detail": detail, "code": "unavailable"}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"retry_after": DATABASE_RETRY_AFTER}), status=503
        )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


class DatabaseUnavailableMiddleware:
    """A lost database connection (a restart, a failover, an idle connection cut by the
    network) is not a bug in the page: answer 503 with `Retry-After`, in JSON under /api/ and
    as the site's page elsewhere, rendered without the database. Django drops the broken
    connection when the request ends, and the next request connects afresh (with
    `CONN_HEALTH_CHECKS` on PostgreSQL, a persistent connection is checked first).

    This covers what a view raises; what a middleware raises (a session read, say) reaches
    Django's 500 handler instead, and `hub.site.views.error_500` answers the same 503 there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_database_unavailable(exception):
            return None
        return database_unavailable_response(request)


class LandingHooksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for hook in landing_hooks.items():
            try:
                hook.process(request=request, response=response)
            except Exception:  # a hook must never cost the visitor their page
                logger.exception("Landing hook %s failed", hook.name)
        return response
