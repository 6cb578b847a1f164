"""The beat schedule, defined here in code and copied into django-celery-beat's tables.

Keeping it in code means a deploy sets it; keeping it in the tables lets community managers see
each job in the admin and pause it. Copying never touches `enabled`, so a pause survives deploys.
Apps add their jobs to `BEAT_SCHEDULE` below; times are in the community's time zone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction


@dataclass(frozen=True)
class Job:
    task: str
    description: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"


BEAT_SCHEDULE: dict[str, Job] = {
    "heartbeat": Job(
        task="hub.tasks.ping",
        description="Proves that beat and a worker are alive; look for it in the worker log.",
        minute="*/10",
    ),
    "members-tier-suggestions": Job(
        task="members.tasks.tiers.tier_suggestions_daily",
        description="Suggests tier promotions and demotions from the promotion rules, for "
        "managers to accept or dismiss in the admin.",
        minute="15",
        hour="5",
    ),
    "members-slipping-away": Job(
        task="members.tasks.activity.slipping_away_weekly",
        description="Emails managers the members slipping away (quiet for 30 days after being "
        "active) and those who came back.",
        minute="0",
        hour="8",
        day_of_week="1",
    ),
    "members-badge-rules": Job(
        task="members.tasks.recognition.badge_rules_daily",
        description="Awards the rule badges (first contribution, ten events, six months active, "
        "hundred-point month) to members who earned them; never twice.",
        minute="30",
        hour="5",
    ),
    "events-reminders": Job(
        task="events.tasks.event_reminders_send",
        description="Emails everyone going to an event that starts within 24 hours; once per "
        "attendee and event, however often it runs.",
        minute="5",
    ),
    "events-follow-ups": Job(
        task="events.tasks.event_follow_ups_send",
        description="After an event: credits its hosts and emails checked-in attendees the "
        "recording link (and the survey link); once per attendee.",
        minute="35",
    ),
    "events-series-occurrences": Job(
        task="events.tasks.series_occurrences_generate",
        description="Keeps the next three months of occurrences of every active event series.",
        minute="20",
        hour="3",
    ),
    "events-group-health": Job(
        task="events.tasks.group_health_compute",
        description="Computes every user group's health score for the month that just ended.",
        minute="40",
        hour="4",
        day_of_month="1",
    ),
}


def beat_schedule_sync(*, schedule: dict[str, Job] | None = None) -> int:
    """Create or update one periodic task per job; return how many rows changed.

    Safe to run any number of times: a second run changes nothing.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule = BEAT_SCHEDULE if schedule is None else schedule
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
