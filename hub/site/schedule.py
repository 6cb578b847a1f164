"""The beat schedule: every app's registered jobs copied into django-celery-beat's tables.

Keeping the jobs in code means a deploy sets them; keeping them in the tables lets community
managers see each job in the admin and pause it. Copying never touches `enabled`, so a pause
survives deploys. Apps register jobs at `hub.core.extension_points.scheduled_jobs`; times are in
the community's time zone.
"""

from django.conf import settings
from django.db import transaction

from hub.core.extension_points import ScheduledJob, scheduled_jobs


def beat_schedule() -> dict[str, ScheduledJob]:
    return {job.name: job for job in scheduled_jobs.items()}


def beat_schedule_sync(*, schedule: dict[str, ScheduledJob] | None = None) -> int:
    """Create or update one periodic task per job; return how many rows changed.

    Safe to run any number of times: a second run changes nothing.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule = beat_schedule() if schedule is None else schedule
    changed = 0
    with transaction.atomic():
        for name, job in schedule.items():
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=job.minute,
                hour=job.hour,
                day_of_week=job.day_of_week,
                day_of_month=job.day_of_month,
                month_of_year=job.month_of_year,
                timezone=settings.TIME_ZONE,
            )
            task = PeriodicTask.objects.filter(name=name).first()
            if task is None:
                PeriodicTask.objects.create(
                    name=name, task=job.task, crontab=crontab, description=job.description
                )
                changed += 1
            elif (task.task, task.crontab_id, task.description) != (
                job.task,
                crontab.pk,
                job.description,
            ):
                task.task, task.crontab, task.description = job.task, crontab, job.description
                task.interval = None
                task.save(update_fields=["task", "crontab", "interval", "description"])
                changed += 1
    return changed


def sync_schedule_after_migrate(**kwargs) -> None:
    """post_migrate receiver: every `migrate` (so every deploy) brings the tables in step."""
    beat_schedule_sync()
