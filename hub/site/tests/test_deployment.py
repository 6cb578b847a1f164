"""Deployment: the production settings check, the refusal of a missing secret key, and the
docker-compose file against the settings and commands that really exist."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-settings-test-" + "y" * 20,
    "ALLOWED_HOSTS": "hub.example.org",
    "DATABASE_URL": "postgres://hub:hub@postgres:5432/hub",
    "REDIS_URL": "redis://redis:6379/0",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    inherited = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret", ["", "django-insecure-hub-development-key-do-not-use-in-production"]
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": secret})
    assert result.returncode != 0
    assert "SECRET_KEY is missing or is the development default" in result.stderr


def settings_variables() -> set[str]:
    """Every environment variable hub/settings.py reads."""
    source = (ROOT / "hub" / "settings.py").read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_a_healthcheck():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"


def test_compose_app_services_use_production_settings_that_exist():
    services = compose()["services"]
    known = settings_variables()
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_ENV"] == "production"
        unknown = set(environment) - known
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= set(environment)
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_env_example_lists_every_variable_the_settings_read():
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert settings_variables() <= listed


def _command_words(service: dict) -> list[str]:
    command = service["command"]
    return command if isinstance(command, list) else command.replace("&&", " ").split()


def test_compose_commands_start_things_that_exist():
    services = compose()["services"]
    web = _command_words(services["web"])
    assert "gunicorn" in web
    assert "hub.wsgi:application" in web
    assert "migrate" in web
    assert _command_words(services["worker"])[:4] == ["celery", "-A", "hub", "worker"]
    assert _command_words(services["beat"])[:4] == ["celery", "-A", "hub", "beat"]
    # the healthchecks call commands and URLs that exist
    assert "beat_health" in get_commands()
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    from hub.wsgi import application  # noqa: F401 (gunicorn's target imports)


def test_compose_environment_passes_the_deploy_check():
    # Given the environment compose gives the app, with its ${VAR} defaults filled in
    environment = compose()["services"]["web"]["environment"]
    resolved = {
        key: re.sub(r"\$\{(\w+):[-?]([^}]*)\}", lambda m: PRODUCTION_ENV.get(m[1], m[2]), value)
        for key, value in environment.items()
    }
    resolved["ALLOWED_HOSTS"] = "hub.example.org"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=resolved)
    assert result.returncode == 0, result.stdout + result.stderr


def test_default_database_is_sqlite_under_var_with_immediate_transactions():
    # Given no DATABASE_URL, the settings pick SQLite under var/ with IMMEDIATE transactions
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hub.settings'; "
            "django.setup(); from django.conf import settings; "
            "db = settings.DATABASES['default']; "
            "print(db['ENGINE'], db['NAME'], db['OPTIONS']['transaction_mode'])",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        capture_output=True,
        text=True,
        check=True,
    )
    engine, name, mode = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "var" / "hub.sqlite3")
    assert mode == "IMMEDIATE"


def test_parallel_test_processes_get_their_own_redis_database():
    from hub.settings import redis_url_for_test_process

    assert redis_url_for_test_process("redis://127.0.0.1:6379/15", "") == (
        "redis://127.0.0.1:6379/15"
    )
    assert redis_url_for_test_process("redis://127.0.0.1:6379/15", "gw0") == (
        "redis://127.0.0.1:6379/15"
    )
    assert redis_url_for_test_process("redis://127.0.0.1:6379/15", "gw1") == (
        "redis://127.0.0.1:6379/14"
    )
    assert (
        redis_url_for_test_process("redis://:pw@redis:6379", "gw1") == "redis://:pw@redis:6379/15"
    )
    assert redis_url_for_test_process("", "gw1") == ""


def test_production_collects_no_source_maps_and_serves_none(tmp_path, client, settings):
    # When production collects the static files (WhiteNoise's hashed, compressed storage)
    result = run_manage(
        "collectstatic", "--noinput", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Then the vendors' source maps are not among them, while their scripts are
    collected = [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")]
    assert not [name for name in collected if name.endswith(".map")]
    bundle = "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    assert bundle in collected
    # And WhiteNoise, serving what was collected as production does, answers 404 for a map
    from django.test import Client

    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    production = Client()
    assert production.get(f"/static/{bundle}").status_code == 200
    assert production.get(f"/static/{bundle}.map").status_code == 404
