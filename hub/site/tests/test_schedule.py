"""The beat schedule is stored through django-celery-beat, and syncing it is idempotent."""

import pytest
from django_celery_beat.models import PeriodicTask

from hub.core.extension_points import ScheduledJob
from hub.site.schedule import beat_schedule, beat_schedule_sync

pytestmark = pytest.mark.django_db


def test_every_job_is_in_the_admin_tables_after_migrate():
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(beat_schedule()) <= names


def test_second_sync_changes_nothing():
    beat_schedule_sync()
    before = list(PeriodicTask.objects.order_by("name").values())
    assert beat_schedule_sync() == 0
    assert list(PeriodicTask.objects.order_by("name").values()) == before


def test_a_paused_job_stays_paused_after_a_deploy():
    # Given a manager paused a job in the admin
    PeriodicTask.objects.filter(name="heartbeat").update(enabled=False)
    # When the schedule is synced again (as every migrate does)
    beat_schedule_sync()
    # then it is still paused
    assert PeriodicTask.objects.get(name="heartbeat").enabled is False


def test_a_changed_job_is_updated_in_place():
    schedule = {
        "heartbeat": ScheduledJob(
            app="test",
            name="heartbeat",
            task="hub.core.tasks.ping",
            description="changed",
            minute="*/5",
        )
    }
    assert beat_schedule_sync(schedule=schedule) == 1
    task = PeriodicTask.objects.get(name="heartbeat")
    assert task.description == "changed"
    assert task.crontab.minute == "*/5"


def test_every_scheduled_task_is_registered_with_celery():
    from hub.celery import app

    app.loader.import_default_modules()
    for name, job in beat_schedule().items():
        assert job.task in app.tasks, f"{name} names an unknown task {job.task}"
