"""The beat schedule: every app's registered jobs copied into django-celery-beat's tables.

Keeping the jobs in code means a deploy sets them; keeping them in the tables lets community
managers see each job in the admin and pause it. Copying never touches `enabled`, so a pause
survives deploys. Apps register jobs at `hub.core.extension_points.scheduled_jobs`; times are in
the community's time zone.
"""

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from hub.core.extension_points import ScheduledJob, scheduled_jobs

#: The job that only proves beat and a worker are alive: kept out of managers' way.
HEARTBEAT_JOB = "heartbeat"


def beat_schedule() -> dict[str, ScheduledJob]:
    return {job.name: job for job in scheduled_jobs.items()}


def beat_schedule_sync(*, schedule: dict[str, ScheduledJob] | None = None) -> int:
    """Create or update one periodic task per job; return how many rows changed.

    Safe to run any number of times: a second run changes nothing.
    """

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


# --- Schedules in words, for managers ---------------------------------------------------------

WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
WEEKDAY_NAMES = {name[:3].lower(): number for number, name in enumerate(WEEKDAYS)}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def zone_in_words(zone: str) -> str:
    """ "Europe/Kyiv" -> "Kyiv time"; "UTC" stays "UTC"."""
    zone = str(zone)
    if zone.upper() in {"UTC", "GMT", "ETC/UTC"}:
        return "UTC"
    return zone.rsplit("/", 1)[-1].replace("_", " ") + " time"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _weekdays(field: str) -> str | None:
    """ "1" -> "Monday", "1,3" -> "Monday and Wednesday", "1-5" -> "weekday"; None if the
    field is something else."""
    if field == "1-5":
        return "weekday"
    days = []
    for part in field.split(","):
        part = part.strip().lower()
        if part.isdigit() and int(part) <= 7:
            days.append(WEEKDAYS[int(part) % 7])
        elif part[:3] in WEEKDAY_NAMES:
            days.append(WEEKDAYS[WEEKDAY_NAMES[part[:3]]])
        else:
            return None
    return _and(days)


def crontab_in_words(
    *,
    minute: str,
    hour: str,
    day_of_week: str = "*",
    day_of_month: str = "*",
    month_of_year: str = "*",
    zone: str = "UTC",
) -> str:
    """A crontab as a manager would say it: "every day at 05:15 Kyiv time", "every hour at :05",
    "every 10 minutes", "every Monday at 08:00 Kyiv time", "on the 1st of every month at 04:40
    Kyiv time". The patterns Hub's jobs use are said in words; anything else is given as the
    crontab itself, so nothing is ever said wrongly."""
    minute, hour = str(minute).strip(), str(hour).strip()
    day_of_week, day_of_month = str(day_of_week).strip(), str(day_of_month).strip()
    month_of_year = str(month_of_year).strip()
    raw = f"the crontab “{minute} {hour} {day_of_month} {month_of_year} {day_of_week}” ({zone})"
    every_day = day_of_week == "*" and day_of_month == "*" and month_of_year == "*"
    if hour == "*" and every_day:
        if minute == "*":
            return "every minute"
        if minute.startswith("*/") and minute[2:].isdigit():
            step = int(minute[2:])
            return "every minute" if step == 1 else f"every {step} minutes"
        if minute.isdigit() and int(minute) < 60:
            return f"every hour at :{int(minute):02d}"
        return raw
    if not (minute.isdigit() and hour.isdigit() and int(minute) < 60 and int(hour) < 24):
        return raw
    at = f"at {int(hour):02d}:{int(minute):02d} {zone_in_words(zone)}"
    if every_day:
        return f"every day {at}"
    if day_of_month == "*" and month_of_year == "*":
        days = _weekdays(day_of_week)
        return f"every {days} {at}" if days else raw
    if day_of_week == "*" and day_of_month.isdigit() and 1 <= int(day_of_month) <= 31:
        day = _ordinal(int(day_of_month))
        if month_of_year == "*":
            return f"on the {day} of every month {at}"
        if month_of_year.isdigit() and 1 <= int(month_of_year) <= 12:
            return f"every year on the {day} of {MONTHS[int(month_of_year) - 1]} {at}"
    return raw


def schedule_in_words(task) -> str:
    """The schedule of a django-celery-beat periodic task in words (crontab or interval)."""
    if task.crontab_id:
        crontab = task.crontab
        return crontab_in_words(
            minute=crontab.minute,
            hour=crontab.hour,
            day_of_week=crontab.day_of_week,
            day_of_month=crontab.day_of_month,
            month_of_year=crontab.month_of_year,
            zone=str(crontab.timezone),
        )
    if task.interval_id:
        every, period = task.interval.every, task.interval.period
        unit = period[:-1] if every == 1 else period
        return f"every {unit}" if every == 1 else f"every {every} {unit}"
    return str(task.clocked or task.solar or "no schedule")
