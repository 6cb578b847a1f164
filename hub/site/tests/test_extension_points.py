"""The contract between the apps: what each app registers at `hub.core.extension_points`.

These tests fail when an app holds member data but does not take part in "Your data" and in
leaving, when a navigation link or job points nowhere, or when an audit action has no sentence.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from hub.core.extension_points import (
    audit_actions,
    demo_steps,
    export_sections,
    leave_handlers,
    navigation_links,
    registered_by_app,
    scheduled_jobs,
    url_mounts,
)

ROOT = Path(__file__).resolve().parents[3]
OUR_PACKAGES = ("hub", "members", "events", "ambassadors", "metrics")


def our_app_configs():
    return [config for config in apps.get_app_configs() if config.name.startswith(OUR_PACKAGES)]


def holds_member_data(config) -> bool:
    """A model of the app points at a member (foreign key, one-to-one or many-to-many)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(
        field.is_relation and field.related_model is user_model and not field.auto_created
        for model in config.get_models()
        for field in model._meta.get_fields()
    )


def test_the_registry_lists_what_each_app_contributes():
    table = registered_by_app()
    # The two apps that have landed plug in their pages, jobs and demo; the floor its audit log.
    for app in ("members", "events"):
        assert {"url_mounts", "api_mounts", "navigation_links", "scheduled_jobs"} <= set(
            table[app]
        ), app
        assert "demo_steps" in table[app]
    assert table["hub"]["export_sections"] == ["audit_log"]
    assert [step.name for step in demo_steps.items()][:3] == ["members", "events", "recognition"]


OUR_APP_LABELS = ["hub", "hub_site", "members", "events", "ambassadors", "metrics"]


def test_the_member_data_check_below_covers_every_app_of_ours():
    assert sorted(config.label for config in our_app_configs()) == sorted(OUR_APP_LABELS)


@pytest.mark.parametrize(
    "label",
    [
        "hub",
        "hub_site",
        "members",
        "events",
        "ambassadors",
        "metrics",
    ],
)
def test_every_app_whose_models_hold_member_data_exports_and_erases_it(label):
    config = apps.get_app_config(label)
    if not holds_member_data(config):
        return
    assert label in export_sections.apps(), f"{label} holds member data but exports none"
    assert label in leave_handlers.apps(), f"{label} holds member data but erases none"


def test_the_members_erasure_runs_after_every_other_app():
    handlers = leave_handlers.items()
    assert handlers[-1].app == "members"


def test_every_navigation_link_reverses():
    for link in navigation_links.items():
        assert reverse(link.url_name)


def test_every_url_mount_is_an_importable_urlconf_with_a_namespace():
    from importlib import import_module

    for mount in url_mounts.items():
        module = import_module(mount.urlconf)
        assert getattr(module, "app_name", ""), mount.urlconf


def test_every_job_names_a_celery_task():
    from celery import current_app

    current_app.loader.import_default_modules()
    for job in scheduled_jobs.items():
        assert job.task in current_app.tasks, f"{job.name} names an unknown task {job.task}"


ACTION_LITERAL = re.compile(r'action="([a-z_]+\.[a-z_]+)"')
ACTION_FSTRING = re.compile(r'action=f"([a-z_]+)\.\{')


@pytest.mark.parametrize("package", ["hub", "members", "events", "ambassadors", "metrics"])
def test_every_audit_action_written_in_the_code_has_a_sentence(package):
    """A literal `action="x.y"` in a module of the app is registered; an f-string action
    `f"rsvp.{status}"` has at least one registered code with that prefix."""
    registered = {action.code for action in audit_actions.items()}
    for path in (ROOT / package).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        for code in ACTION_LITERAL.findall(text):
            assert code in registered, f"{path.relative_to(ROOT)}: {code} has no sentence"
        for prefix in ACTION_FSTRING.findall(text):
            assert any(code.startswith(prefix + ".") for code in registered), (
                f"{path.relative_to(ROOT)}: no sentence for {prefix}.*"
            )
