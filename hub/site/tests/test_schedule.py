"""The beat schedule is stored through django-celery-beat, and syncing it is idempotent."""

import pytest
from django_celery_beat.models import PeriodicTask

from hub.core.extension_points import ScheduledJob
from hub.site.schedule import (
    beat_schedule,
    beat_schedule_sync,
    crontab_in_words,
    schedule_in_words,
    zone_in_words,
)

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


@pytest.mark.parametrize(
    ("crontab", "words"),
    [
        ({"minute": "15", "hour": "5"}, "every day at 05:15 Kyiv time"),
        ({"minute": "5", "hour": "*"}, "every hour at :05"),
        ({"minute": "*/10", "hour": "*"}, "every 10 minutes"),
        ({"minute": "*/1", "hour": "*"}, "every minute"),
        ({"minute": "*", "hour": "*"}, "every minute"),
        ({"minute": "0", "hour": "8", "day_of_week": "1"}, "every Monday at 08:00 Kyiv time"),
        ({"minute": "0", "hour": "8", "day_of_week": "0"}, "every Sunday at 08:00 Kyiv time"),
        ({"minute": "0", "hour": "8", "day_of_week": "7"}, "every Sunday at 08:00 Kyiv time"),
        (
            {"minute": "0", "hour": "8", "day_of_week": "mon,thu"},
            "every Monday and Thursday at 08:00 Kyiv time",
        ),
        ({"minute": "30", "hour": "9", "day_of_week": "1-5"}, "every weekday at 09:30 Kyiv time"),
        (
            {"minute": "40", "hour": "4", "day_of_month": "1"},
            "on the 1st of every month at 04:40 Kyiv time",
        ),
        (
            {"minute": "0", "hour": "2", "day_of_month": "22"},
            "on the 22nd of every month at 02:00 Kyiv time",
        ),
        (
            {"minute": "0", "hour": "2", "day_of_month": "11"},
            "on the 11th of every month at 02:00 Kyiv time",
        ),
        (
            {"minute": "0", "hour": "6", "day_of_month": "3", "month_of_year": "1"},
            "every year on the 3rd of January at 06:00 Kyiv time",
        ),
    ],
)
def test_crontab_in_words_says_the_projects_patterns_as_a_manager_would(crontab, words):
    assert crontab_in_words(**crontab, zone="Europe/Kyiv") == words


@pytest.mark.parametrize(
    "crontab",
    [
        {"minute": "0,30", "hour": "8"},
        {"minute": "0", "hour": "8-17"},
        {"minute": "0", "hour": "8", "day_of_week": "1", "day_of_month": "1"},
        {"minute": "0", "hour": "*/2"},
        {"minute": "0", "hour": "8", "day_of_week": "funday"},
    ],
)
def test_a_crontab_it_cannot_say_is_given_as_it_is_never_wrongly(crontab):
    words = crontab_in_words(**crontab, zone="Europe/Kyiv")
    assert words.startswith("the crontab “")
    assert "(Europe/Kyiv)" in words


def test_zones_are_said_by_their_city_or_utc():
    assert crontab_in_words(minute="0", hour="1", zone="UTC") == "every day at 01:00 UTC"
    assert zone_in_words("America/New_York") == "New York time"


def test_every_registered_job_has_its_schedule_in_words():
    for job in beat_schedule().values():
        words = crontab_in_words(
            minute=job.minute,
            hour=job.hour,
            day_of_week=job.day_of_week,
            day_of_month=job.day_of_month,
            month_of_year=job.month_of_year,
            zone="Europe/Kyiv",
        )
        assert not words.startswith("the crontab"), f"{job.name}: {words}"


def test_an_interval_schedule_is_said_in_words():
    from django_celery_beat.models import IntervalSchedule

    task = PeriodicTask(
        name="x", task="y", interval=IntervalSchedule.objects.create(every=2, period="seconds")
    )
    assert schedule_in_words(task) == "every 2 seconds"
    task.interval = IntervalSchedule.objects.create(every=1, period="hours")
    assert schedule_in_words(task) == "every hour"
