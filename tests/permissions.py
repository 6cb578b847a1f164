"""The one format of Hub's permission matrices (`tests/test_permissions_<area>.py`), and its runner.

A matrix is a table: one row per request (name, method, URL, optional data), one column per
role, and in each cell the single outcome that role must get. A row that changes state also
names its effect: a function of the world read before and after the request, which must change
for the roles whose request is carried out and stay the same for everyone refused. The URL-walk
test (`tests/test_urls.py`) fails when a named route of the URLconf appears in no row, or a
method that one of Hub's class-based (API) views implements has no row with that method.

How to add a matrix (say for the app `things`), in `tests/test_permissions_things.py`:

    from tests.permissions import Row, World, matrix_test, people_build, world_fixture

    ROLES = ("anonymous", "member", "other_member", "manager")  # the columns, in this order

    def build() -> World:  # runs once per module; everything is rolled back at its end
        people = people_build(ROLES)
        thing = ThingFactory(owner=people["member"], private=True)
        return World(people=people, placeholders={"thing": thing.pk}, thing=thing)

    world = world_fixture(build)

    ROWS = [
        Row("thing list", "GET", "/things/", "200 200 200 200"),
        Row("private thing", "GET", "/things/{thing}/", "login 200 404 200"),
        Row(
            "rename thing",
            "POST",
            "/things/{thing}/edit/",
            "login 302 404 302",
            data={"title": "Renamed"},
            effect=lambda w: Thing.objects.get(pk=w.thing.pk).title,
        ),
        Row("api things", "GET", "/api/v1/things/", "401 200 200 200"),
    ]

    test_permission_matrix = matrix_test(ROLES, ROWS)

The outcomes (each role gets exactly one; "401 or 403" cannot be written):
    200 201 204 400 403 404 405 409  that status code
    302     a redirect to anywhere but a login page (for a form post: done, back to a page)
    login   a redirect to the login page (the admin's own login page for /admin/ URLs)
    401     401 with a WWW-Authenticate header (the API, called without a token or session)
A trailing `=` ("302=", "200=") says the request is answered normally but must change nothing:
a form shown again with its errors, nothing to do, or someone else's object left alone ("302="
for another member who posts to cancel the member's seat). Refusals (login and the 4xx codes)
always change nothing; every other outcome of a row with an effect must change it.

The rules the rows are checked against (a broken row fails collection, naming the row):
- every row of a module has a unique name and one outcome per role;
- a POST, PUT, PATCH or DELETE row has an `effect` (GET rows have none);
- the effect returns something comparable with `==` (a count, a status, a tuple of values),
  read from the database, not from the world's possibly stale objects;
- URLs under /api/ are requested twice for every signed-in role, with a token and with a
  session, and must answer the same; their 4xx answers are JSON with "detail" and "code";
  data is sent as JSON there, as a form elsewhere;
- `{name}` placeholders in a URL come from `World(placeholders=…)`; data may be a dict or a
  function of the world (for ids).

What a table cannot say (what a page shows to whom) goes in plain tests beside it, which take
the `world` fixture and `world.client(role)` (or `world.client(role, "token")`).

The world is built once per module inside a transaction that is rolled back when the module
ends, and each test runs in a savepoint rolled back after it, so a row may change anything and
the next row still sees the world as built. A matrix module must therefore not hold transactional
tests (`django_db(transaction=True)`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

#: Outcomes that refuse the request: the effect must not change.
REFUSALS = frozenset({"login", "400", "401", "403", "404", "405", "409"})
#: Outcomes of a request that is answered normally.
ANSWERS = frozenset({"200", "201", "204", "302"})
UNCHANGED = "="
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
METHODS = STATE_CHANGING | {"GET"}
API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"


@dataclass(frozen=True)
class Row:
    """One request of a matrix and the outcome each role must get (see the module docstring)."""

    name: str
    method: str
    url: str
    expect: str
    data: dict | Callable[[World], dict] | None = None
    effect: Callable[[World], Any] | None = None

    @property
    def is_api(self) -> bool:
        return self.url.startswith(API_PREFIX)

    def outcomes(self, roles: tuple[str, ...]) -> dict[str, str]:
        return dict(zip(roles, self.expect.split(), strict=True))


class World:
    """The people (role -> user, None for anonymous), the URL placeholder values and the objects
    a matrix's rows and effects refer to (as attributes: `world.event`)."""

    def __init__(self, *, people: dict[str, Any], placeholders: dict[str, Any], **objects: Any):
        self.people = people
        self.placeholders = placeholders
        self.objects = objects
        self._sessions: dict[str, str] = {}
        self._tokens: dict[str, str] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def url(self, row: Row) -> str:
        try:
            return row.url.format_map(self.placeholders)
        except KeyError as missing:
            raise AssertionError(
                f"row {row.name!r}: the world has no placeholder {missing} "
                f"(it has {sorted(self.placeholders)})"
            ) from None

    def sign_in_everyone(self) -> None:
        """A session and an API token for every signed-in role, made once for the module."""
        from members.tests.factories import api_key_for

        for role, user in self.people.items():
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            self._sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self._tokens[role] = api_key_for(user, name="permission matrix")

    def client(self, role: str, via: str = "session") -> Client:
        """A client for `role`, signed in by "session" or by API "token" (anonymous for the
        anonymous role, whatever `via` says)."""
        client = Client()
        if self.people[role] is None:
            return client
        if via == "token":
            return Client(headers={"Authorization": f"Token {self._tokens[role]}"})
        client.cookies[settings.SESSION_COOKIE_NAME] = self._sessions[role]
        return client


# --- Building the world ----------------------------------------------------------------------

#: The people every matrix shares (the same as the root conftest's fixtures).
STANDARD_PEOPLE = {
    "member": ("member@example.com", "Mia Member"),
    "other_member": ("other@example.com", "Oscar Other"),
    "manager": ("manager@example.com", "Marta Manager"),
}


def people_build(roles: Iterable[str]) -> dict[str, Any]:
    """One person per role: None for "anonymous", a manager for "manager", a plain member for
    any other role (a matrix makes them a group leader, a host… when it builds its world)."""
    from members.tests.factories import ManagerFactory, MemberFactory

    people: dict[str, Any] = {}
    for role in roles:
        if role == "anonymous":
            people[role] = None
            continue
        email, name = STANDARD_PEOPLE.get(
            role, (f"{role.replace('_', '-')}@example.com", role.replace("_", " ").title())
        )
        factory = ManagerFactory if role == "manager" else MemberFactory
        people[role] = factory(email=email, name=name)
    return people


def world_fixture(build: Callable[[], World]):
    """A module-scoped `world` fixture: `build()` runs once inside a transaction that is rolled
    back when the module's tests are done (each test's own savepoint undoes what it changed)."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                # The fast hasher of the function-scoped settings fixture is not on yet.
                with override_settings(
                    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
                ):
                    built = build()
                    built.sign_in_everyone()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return world


# --- Checking the rows -----------------------------------------------------------------------


def _check_rows(roles: tuple[str, ...], rows: list[Row]) -> None:
    """Refuse a malformed matrix at collection time, naming the row."""
    names = [row.name for row in rows]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"row names must be unique: {duplicates}")
    for row in rows:
        where = f"matrix row {row.name!r}"
        if row.method not in METHODS:
            raise ValueError(f"{where}: method {row.method!r} is not one of {sorted(METHODS)}")
        if not row.url.startswith("/"):
            raise ValueError(f"{where}: the URL must start with /")
        tokens = row.expect.split()
        if len(tokens) != len(roles):
            raise ValueError(
                f"{where}: {len(tokens)} outcomes for {len(roles)} roles {list(roles)}"
            )
        changing = row.method in STATE_CHANGING
        for token in tokens:
            outcome = token.removesuffix(UNCHANGED)
            if outcome not in REFUSALS | ANSWERS:
                raise ValueError(f"{where}: unknown outcome {token!r}")
            if token.endswith(UNCHANGED) and (outcome in REFUSALS or not changing):
                raise ValueError(
                    f"{where}: {token!r}: a trailing = only marks an answered state-changing "
                    "request that changes nothing (refusals never change anything)"
                )
        if changing and row.effect is None:
            raise ValueError(f"{where}: a {row.method} row needs an effect")
        if not changing and row.effect is not None:
            raise ValueError(f"{where}: a GET row has no effect")


def _vias(row: Row, role: str, user_roles: set[str]) -> list[str]:
    if role not in user_roles:
        return ["anonymous"]
    return ["token", "session"] if row.is_api else ["session"]


def _login_path(row: Row) -> str:
    """The admin's pages send visitors to the admin's login address, which itself sends them
    on to the site's login (rate-limited by allauth)."""
    admin_login = reverse("admin:login")
    if row.url.startswith(ADMIN_PREFIX) and row.url != admin_login:
        return admin_login
    return reverse(settings.LOGIN_URL)


def _assert_status(response, outcome: str, row: Row, where: str) -> None:
    status = response.status_code
    location = urlsplit(response.get("Location", "")).path
    if outcome == "login":
        assert (status, location) == (302, _login_path(row)), (
            f"{where}: expected a redirect to {_login_path(row)}, got {status} {location}"
        )
    elif outcome == "302":
        assert status == 302, f"{where}: expected a redirect, got {status}"
        assert location not in {reverse(settings.LOGIN_URL), reverse("admin:login")}, (
            f"{where}: expected a redirect, got one to the login page"
        )
    elif outcome == "401":
        assert status == 401, f"{where}: expected 401, got {status}"
        assert response.has_header("WWW-Authenticate"), f"{where}: 401 without WWW-Authenticate"
    else:
        assert status == int(outcome), f"{where}: expected {outcome}, got {status}"
    if row.is_api and status >= 400:
        body = response.json()
        assert {"detail", "code"} <= body.keys(), f"{where}: a 4xx API answer without detail/code"


def _request(client: Client, row: Row, url: str, data: dict | None):
    if row.is_api and data is not None and row.method != "GET":
        return client.generic(row.method, url, json.dumps(data), "application/json")
    if row.method == "GET":
        return client.get(url, data)
    if row.method == "POST":
        return client.post(url, data or {})
    return client.generic(row.method, url)


def run_row(world: World, row: Row, role: str, via: str, outcome: str) -> None:
    """Make the request as `role` and check its outcome and effect."""
    where = f"{row.method} {row.url} ({row.name}) as {role} via {via}"
    data = row.data(world) if callable(row.data) else row.data
    before = row.effect(world) if row.effect else None
    response = _request(world.client(role, via), row, world.url(row), data)
    _assert_status(response, outcome.removesuffix(UNCHANGED), row, where)
    if row.effect is None:
        return
    after = row.effect(world)
    if outcome in REFUSALS or outcome.endswith(UNCHANGED):
        assert after == before, f"{where}: must change nothing, but {before!r} became {after!r}"
    else:
        assert after != before, f"{where}: answered {outcome} but changed nothing ({before!r})"


def _case_id(row: Row, role: str, via: str) -> str:
    return f"{row.name}-{role}-{via}" if row.is_api and via != "anonymous" else f"{row.name}-{role}"


def matrix_test(roles: tuple[str, ...], rows: list[Row]):
    """The test that runs every row for every role: assign it to a module-level name starting
    with `test_` (the URL walk looks for it beside `ROWS`)."""
    roles = tuple(roles)
    _check_rows(roles, rows)
    user_roles = {role for role in roles if role != "anonymous"}
    cases = [
        pytest.param(row, role, via, outcome, id=_case_id(row, role, via))
        for row in rows
        for role, outcome in row.outcomes(roles).items()
        for via in _vias(row, role, user_roles)
    ]

    @pytest.mark.django_db
    @pytest.mark.parametrize(("row", "role", "via", "outcome"), cases)
    def test_permission_matrix(world, row, role, via, outcome):
        run_row(world, row, role, via, outcome)

    test_permission_matrix.matrix_rows = rows
    return test_permission_matrix
