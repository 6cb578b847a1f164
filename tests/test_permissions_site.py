"""Who may open or do what on the site's own URLs: the home page, health check, the account
pages (allauth, as Hub uses them), the admin console's front pages and the API's front door.

Roles: anonymous, a member, another member and a community manager. The format and its outcomes
are described in `tests/permissions.py`.
"""

import pytest
from django.contrib.sessions.models import Session

from members.models import User
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "manager")


def build() -> World:
    return World(people=people_build(ROLES), placeholders={})


world = world_fixture(build)


def sessions(world):
    return Session.objects.count()


def accounts(world):
    return User.objects.count()


SIGN_UP = {
    "email": "newcomer@example.com",
    "display_name": "Nadia Newcomer",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}

ROWS = [
    Row("home", "GET", "/", "200 200 200 200"),
    Row("health check", "GET", "/healthz", "200 200 200 200"),
    # Search is for everyone; what each role finds is checked in hub/site/tests/test_search.py.
    Row("search", "GET", "/search/?q=meetup", "200 200 200 200"),
    Row("search of one kind", "GET", "/search/?q=meetup&kind=events", "200 200 200 200"),
    # Accounts: signing in and up is for visitors; the account pages for the signed-in.
    Row("log in", "GET", "/accounts/login/", "200 302 302 302"),
    Row("log out page", "GET", "/accounts/logout/", "302 200 200 200"),
    Row("log out", "POST", "/accounts/logout/", "302= 302 302 302", effect=sessions),
    Row("inactive account", "GET", "/accounts/inactive/", "200 200 200 200"),
    Row("sign up", "GET", "/accounts/signup/", "200 302 302 302"),
    Row(
        "sign up post",
        "POST",
        "/accounts/signup/",
        "302 302= 302= 302=",
        data=SIGN_UP,
        effect=accounts,
    ),
    Row("reauthenticate", "GET", "/accounts/reauthenticate/", "login 200 200 200"),
    Row("email addresses", "GET", "/accounts/email/", "login 200 200 200"),
    Row("verification sent", "GET", "/accounts/confirm-email/", "200 200 200 200"),
    Row("confirm email, bad key", "GET", "/accounts/confirm-email/no-such-key/", "200 200 200 200"),
    Row("change password", "GET", "/accounts/password/change/", "login 200 200 200"),
    Row("set password", "GET", "/accounts/password/set/", "login 302 302 302"),
    Row("reset password", "GET", "/accounts/password/reset/", "200 200 200 200"),
    Row("reset password sent", "GET", "/accounts/password/reset/done/", "200 200 200 200"),
    Row(
        "reset password, bad key",
        "GET",
        "/accounts/password/reset/key/1-no-such-key/",
        "200 200 200 200",
    ),
    Row("reset password done", "GET", "/accounts/password/reset/key/done/", "200 200 200 200"),
    # Hub does not sign in by emailed code: the page sends everyone back.
    Row("login code", "GET", "/accounts/login/code/confirm/", "login 302 302 302"),
    # The admin console: managers only. Its login address sends visitors to the site's login,
    # managers on to the console, and takes no password itself.
    Row("admin", "GET", "/admin/", "login login login 200"),
    Row("admin login", "GET", "/admin/login/", "login 403 403 302"),
    Row(
        "admin login post",
        "POST",
        "/admin/login/",
        "405 405 405 405",
        data={"username": "manager@example.com", "password": "guess"},
        effect=sessions,
    ),
    Row(
        "admin scheduled jobs",
        "GET",
        "/admin/django_celery_beat/periodictask/",
        "login login login 200",
    ),
    Row("admin audit log", "GET", "/admin/hub/auditentry/", "login login login 200"),
    # The API's front door is public.
    Row("api schema", "GET", "/api/schema/", "200 200 200 200"),
    Row("api docs", "GET", "/api/docs/", "200 200 200 200"),
    Row("api root", "GET", "/api/v1/", "200 200 200 200"),
]

test_permission_matrix = matrix_test(ROLES, ROWS)
