"""A database connection lost in the middle of a request (a restart, a failover) answers 503
with Retry-After, the site's page or JSON under /api/, and the next request connects afresh.

On PostgreSQL: the test ends its own connection's server process with pg_terminate_backend.
Requests go through the WSGI application as a server calls it, because Django's test client
keeps the connection across requests on purpose (it skips `close_old_connections`), which is
exactly the step that replaces a broken connection in production.
"""

import json
from io import BytesIO
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection

from events.api import views as events_api
from members.views import profiles as profiles_views

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _wsgi_get(path: str, *, extra: dict | None = None) -> tuple[int, dict, bytes]:
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": BytesIO(), **(extra or {})}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = int(status.split()[0]), dict(headers)

    result = get_wsgi_application()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # sends request_finished, as a WSGI server does
    return started["status"], started["headers"], body


def _terminate_own_backend() -> None:
    """End the server process behind Django's connection, from a second connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.fixture
def lose_the_connection_in(monkeypatch):
    """`lose_the_connection_in(module, name)`: the function `name` of `module` first uses the
    connection (so the request's health check has passed), then loses it, then runs."""

    def patch(module, name):
        real = getattr(module, name)

        def after_the_connection_is_lost(*args, **kwargs):
            _terminate_own_backend()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, after_the_connection_is_lost)
        return lambda: monkeypatch.setattr(module, name, real)

    return patch


def test_the_site_answers_503_with_its_page_and_the_next_request_reconnects(
    lose_the_connection_in,
):
    restore = lose_the_connection_in(profiles_views, "directory_search")
    status, headers, body = _wsgi_get("/members/")
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert "Back in a moment" in body.decode()
    restore()
    assert _wsgi_get("/members/")[0] == 200


def test_the_api_answers_503_in_json_and_the_next_call_reconnects(lose_the_connection_in):
    restore = lose_the_connection_in(events_api, "event_list")
    status, headers, body = _wsgi_get("/api/v1/events/")
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert json.loads(body)["code"] == "unavailable"
    restore()
    assert _wsgi_get("/api/v1/events/")[0] == 200


def test_a_connection_lost_between_requests_is_replaced_before_the_next_one():
    # Given a persistent connection (CONN_MAX_AGE) whose server process is gone
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert _wsgi_get("/members/")[0] == 200
    _terminate_own_backend()
    # When the next request comes, then the health check replaces it: no error at all
    assert _wsgi_get("/members/")[0] == 200


class _SessionReadingMiddleware:
    """Stands for any middleware that reads the database (the session store does, when a
    middleware asks for the session before the view): the connection is lost just before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _terminate_own_backend()
        request.session.get("anything")
        return self.get_response(request)


@pytest.mark.parametrize(
    ("path", "is_json"), [("/members/", False), ("/api/v1/events/", True)], ids=["site", "api"]
)
def test_a_connection_lost_in_a_middleware_answers_503_too(settings, path, is_json):
    # Given a middleware, not a view, that meets the lost connection (a session cookie makes
    # the session store query the database)
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        f"{__name__}._SessionReadingMiddleware",
    ]
    environ_cookie = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=not-a-real-session-key"}
    # When a request comes
    status, headers, body = _wsgi_get(path, extra=environ_cookie)
    # Then it is answered 503 with Retry-After, not the generic 500
    assert status == 503
    assert headers["Retry-After"] == "5"
    if is_json:
        assert json.loads(body)["code"] == "unavailable"
    else:
        assert "Back in a moment" in body.decode()
    # and once the middleware is gone the next request connects afresh
    settings.MIDDLEWARE = settings.MIDDLEWARE[:-1]
    assert _wsgi_get(path)[0] in (200, 401)
