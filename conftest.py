"""Test set-up shared by every app: fast password hashing, pinned time helpers, the services.

Tests that need PostgreSQL, Redis or Chromium are marked (`postgres`, `redis`, `e2e`). Where the
service is missing they skip and say why; under CI (CI=true) they fail instead, so a broken
machine cannot pass quietly.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(reason: str) -> None:
    """Skip the test for a missing service, or fail under CI where nothing may be missing."""
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items):
    """Every transactional test (`django_db(transaction=True)`, browser tests) restores the rows
    the migrations seeded (tiers, points, the managers group) when it ends. Without it, its
    flush would empty them for every later test, and a flush that re-creates the managers group
    under a new id breaks the next test that does restore them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(autouse=True)
def _seeded_rows_in_transactional_tests(request):
    """Belt and braces for the above: re-run the (idempotent) seed of migration 0002, so a
    transactional test never depends on what the previous one left behind."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # The flush re-created content types under new ids; a cached old id would make the next
    # audit entry point at a row that no longer exists.
    ContentType.objects.clear_cache()

    from members.roles import grant_manager_permissions

    import_module("members.migrations.0002_seed_tiers_points_and_managers").seed(apps, None)
    grant_manager_permissions()


@pytest.fixture(autouse=True)
def _services_for_marks(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("redis") and not settings.REDIS_URL:
        missing("needs Redis: set REDIS_URL=redis://…")
    if request.node.get_closest_marker("e2e") and not shutil.which(CHROMIUM):
        missing(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    from hub.celery import app as celery_app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process in tests, even with REDIS_URL set; the one test of a real worker
    # (hub/tests/test_celery_worker.py) turns this off for itself.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # Rate limits are tested on their own; elsewhere they would make tests depend on order.
    settings.ACCOUNT_RATE_LIMITS = False
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


# --- People, one of each role, for tests and the permission matrices ---------------------------


@pytest.fixture
def member(db):
    from members.tests.factories import MemberFactory

    return MemberFactory(email="member@example.com", name="Mia Member")


@pytest.fixture
def other_member(db):
    from members.tests.factories import MemberFactory

    return MemberFactory(email="other@example.com", name="Oscar Other")


@pytest.fixture
def manager(db):
    from members.tests.factories import ManagerFactory

    return ManagerFactory(email="manager@example.com", name="Marta Manager")


@pytest.fixture
def client_for(db):
    """`client_for(user)` is a test client logged in as `user` (anonymous for None)."""
    from django.test import Client

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
