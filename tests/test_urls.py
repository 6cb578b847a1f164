"""Every named route of the URLconf is in a permission matrix (the way pretix's test_urls.py walks
its URLs): a new page or endpoint fails here until someone has said who may use it.

A route is covered when a row of some `tests/test_permissions_*.py` matrix resolves to it (its URL
template, with every `{placeholder}` filled in, resolved by Django). Where a view says which
methods it answers (the class-based API views of Hub's apps), each method needs a row of its own.
Only `EXCLUDED` routes may be left out, each with its reason.
"""

import importlib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.permissions import Row

TESTS = Path(__file__).parent

#: Routes no matrix has to cover (shell-style patterns of route names), and why.
EXCLUDED = {
    "admin:*": "Django's admin checks staff status and model permissions itself, for every "
    "model alike; the matrices cover the admin pages of Hub's own models, which stand for it.",
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    module: str
    #: The HTTP methods a class-based view implements (empty for a function view: unknown).
    methods: frozenset[str]

    @property
    def matrix_file(self) -> str:
        """Where a row for this route belongs: the existing matrix named after the most specific
        part of the view's module (`members.views.ideas` -> ideas), else one named after its app
        (to be created for a new app), else the site's."""
        parts = self.module.split(".")
        for part in reversed(parts):
            if (TESTS / f"test_permissions_{part}.py").exists():
                return f"tests/test_permissions_{part}.py"
        app = parts[0]
        apps_with_matrix = _local_apps() - {"hub"}  # hub's own views are the site's
        return f"tests/test_permissions_{app if app in apps_with_matrix else 'site'}.py"


def _local_apps() -> set[str]:
    """The project's own apps (their top-level packages sit at the repository's root)."""
    root = TESTS.parent
    packages = {config.name.partition(".")[0] for config in apps.get_app_configs()}
    return {package for package in packages if (root / package / "__init__.py").exists()}


def _routes(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), joined)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            view = getattr(entry.callback, "view_class", entry.callback)
            yield Route(
                name=name,
                pattern=prefix + str(entry.pattern),
                module=view.__module__,
                methods=_methods(view),
            )


def _methods(view) -> frozenset[str]:
    if not isinstance(view, type):
        return frozenset()
    return frozenset(
        method.upper()
        for method in view.http_method_names
        if method not in {"head", "options"} and hasattr(view, method)
    )


def named_routes() -> dict[str, Route]:
    return {route.name: route for route in _routes(get_resolver().url_patterns)}


def matrix_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"tests.{path.stem}")
        for path in sorted(TESTS.glob("test_permissions_*.py"))
    ]


class _AnyValue(dict):
    """Fills every placeholder with "1", which every path converter (int, slug, str) accepts."""

    def __missing__(self, key: str) -> str:
        return "1"


def route_of(row: Row) -> str | None:
    """The name of the route the row's URL resolves to, or None when it resolves to none."""
    path = urlsplit(row.url.format_map(_AnyValue())).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _excluded(name: str) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in EXCLUDED)


def test_every_named_route_is_in_a_permission_matrix():
    covered = {route_of(row) for module in matrix_modules() for row in module.ROWS}
    missing = [
        route
        for name, route in sorted(named_routes().items())
        if name not in covered and not _excluded(name)
    ]
    assert not missing, (
        "These routes are in no permission matrix. Add a Row for each (its URL and the one "
        "outcome every role must get; see the top of tests/permissions.py) to the matrix of "
        "its area:\n" + "\n".join(f"  {r.name}  /{r.pattern}  ->  {r.matrix_file}" for r in missing)
    )


def test_every_method_of_our_class_based_views_is_in_a_permission_matrix():
    """Finer than the walk above where a view says what it answers: every method an API view of
    Hub's own apps implements (a new DELETE on an endpoint with a GET row) needs its own row."""
    covered = {(route_of(row), row.method) for module in matrix_modules() for row in module.ROWS}
    local = _local_apps()
    missing = [
        f"  {method} {route.name}  /{route.pattern}  ->  {route.matrix_file}"
        for name, route in sorted(named_routes().items())
        if route.module.partition(".")[0] in local and not _excluded(name)
        for method in sorted(route.methods)
        if (name, method) not in covered
    ]
    assert not missing, (
        "These methods of Hub's views are in no permission matrix; add a Row for each to the "
        "matrix of its area:\n" + "\n".join(missing)
    )


def test_every_matrix_row_reaches_a_route():
    lost = [
        f"  {module.__name__}: {row.name!r} {row.url}"
        for module in matrix_modules()
        for row in module.ROWS
        if route_of(row) is None
    ]
    assert not lost, "These matrix rows resolve to no route:\n" + "\n".join(lost)


def test_every_matrix_module_declares_its_rows_and_runs_them():
    for module in matrix_modules():
        rows = getattr(module, "ROWS", None)
        assert isinstance(rows, list), f"{module.__name__} has no module-level list ROWS"
        assert rows, f"{module.__name__}: ROWS is empty"
        assert all(isinstance(row, Row) for row in rows), f"{module.__name__}: ROWS holds non-Rows"
        runs = [
            name
            for name, value in vars(module).items()
            if name.startswith("test_") and getattr(value, "matrix_rows", None) is rows
        ]
        assert runs, f"{module.__name__} never runs ROWS: add `test_… = matrix_test(ROLES, ROWS)`"


def test_every_exclusion_still_names_a_route():
    names = named_routes()
    stale = [pattern for pattern in EXCLUDED if not any(fnmatchcase(n, pattern) for n in names)]
    assert not stale, f"These exclusions match no route any more; remove them: {stale}"
