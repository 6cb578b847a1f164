"""`make run` is the product: `manage.py serve` with the environment it sets serves the site with
DEBUG off (the site's own error pages, static files still served) and runs the scheduled jobs on
its own worker with embedded beat, over the filesystem broker, with nothing else installed.

This test starts the real thing in subprocesses against the test database (about 20 s). It runs
in CI and by default; skip it locally, when you must, with `-m "not worker"`.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from hub.site.management.commands.serve import RUN_ENVIRONMENT, run_environment
from hub.site.models import JobRun
from members.models import BadgeAward
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
#: How long the job may take to show its effect: beat's first tick, the broker's polling, the run.
EFFECT_TIMEOUT_SECONDS = 70


def _database_url() -> str:
    """The test database, as a URL the subprocesses can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(condition, *, timeout: float, what: str, output=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    log = output() if output else ""
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.\n{log}")


def test_make_run_serves_without_debug_pages_and_runs_the_scheduled_jobs(tmp_path):
    # Given a member whose first contribution has not earned its badge yet, and the daily
    # badge job due every two seconds (the other jobs paused, so only it runs)
    now = timezone.now()
    member = MemberFactory(joined_at=now - timedelta(days=30))
    ActivityFactory(member=member, kind="code", occurred_at=now - timedelta(days=1))
    PeriodicTask.objects.update(enabled=False)
    PeriodicTask.objects.create(
        name="badges-every-two-seconds",
        task="members.tasks.recognition.badge_rules_daily",
        interval=IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS),
    )
    assert not BadgeAward.objects.filter(member=member).exists()

    # When `manage.py serve` runs with the environment `make run` gives it
    port = _free_port()
    log_path = tmp_path / "serve.log"
    environment = run_environment(
        base={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "HUB_BROKER_FOLDER": str(tmp_path / "broker"),
        }
    )
    environment.pop("REDIS_URL", None)  # the filesystem broker, as on a fresh machine
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    output = log_path.read_text
    try:
        base = f"http://127.0.0.1:{port}"

        def answers():
            try:
                return _get(f"{base}/healthz")[0] == 200
            except OSError:
                return False

        _wait_for(answers, timeout=30, what="the server", output=output)

        # then a visitor who mistypes an address gets the site's own page, never Django's
        # debug page listing every URL pattern, and the stylesheet is still served
        status, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "Page not found" in page
        assert "skip-link" in page
        assert "URLconf" not in page
        assert "Django tried these URL patterns" not in page
        assert _get(f"{base}/static/css/hub.css")[0] == 200

        # and the job runs on the worker that `serve` started, on its schedule, with no one
        # starting beat: the member gets the badge and the run is recorded
        _wait_for(
            lambda: BadgeAward.objects.filter(member=member).exists(),
            timeout=EFFECT_TIMEOUT_SECONDS,
            what="the badge job to award the badge",
            output=output,
        )
        run = _wait_for(
            lambda: JobRun.objects.filter(
                job="badges-every-two-seconds", status=JobRun.Status.SUCCEEDED
            ).first(),
            timeout=10,
            what="the run to be recorded",
            output=output,
        )
        assert run.requested_by is None
        assert run.summary
    finally:
        # When it is stopped (as Ctrl-C or a process manager does), both processes end
        serve.terminate()
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            raise
    assert serve.returncode == 0, output()
    assert "Warm shutdown" in output()  # the worker was asked to stop, not killed


def test_the_make_run_environment_turns_debug_off_and_sends_tasks_to_the_worker(tmp_path):
    # Given the environment `make run` serves with, read by a fresh process
    environment = run_environment(
        base={**os.environ, "HUB_BROKER_FOLDER": str(tmp_path / "broker")}
    )
    environment.pop("REDIS_URL", None)
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    # When Django starts with it
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "hub.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    # then debug pages are off and tasks go to the filesystem broker instead of running eagerly
    assert result.stdout.split() == ["False", "False", "filesystem://"]
    assert RUN_ENVIRONMENT["DJANGO_DEBUG"] == "false"
    # and `make dev` keeps Django's debug pages
    assert run_environment(debug=True, base={})["DJANGO_DEBUG"] == "true"
