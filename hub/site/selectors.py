"""Reads for the site pages: the public numbers on the home page, and the scheduled jobs with
their latest run for the admin and the managers' console."""

from datetime import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django_celery_beat.models import PeriodicTask

from hub.core.timeutils import month_bounds
from hub.site.models import JobRun
from hub.site.schedule import HEARTBEAT_JOB
from members.models import CONTRIBUTION_KINDS, Activity, User


def home_numbers(*, now: datetime) -> dict:
    """Members now, and active members and contributions this calendar month (two queries)."""
    start, end = month_bounds(now)
    members = User.objects.existing_at(now).count()
    month = Activity.objects.filter(occurred_at__gte=start, occurred_at__lt=end).aggregate(
        active=Count("member", distinct=True),
        contributions=Count("id", filter=Q(kind__in=CONTRIBUTION_KINDS)),
    )
    return {"members": members, **month}


def jobs_with_last_run(jobs):
    """django-celery-beat's periodic tasks, each with its latest recorded run (status, when it
    finished, what it said, the error), in the same query."""

    latest = JobRun.objects.filter(job=OuterRef("name")).order_by("-id")
    return jobs.annotate(
        last_run_status=Subquery(latest.values("status")[:1]),
        last_run_finished_at=Subquery(latest.values("finished_at")[:1]),
        last_run_summary=Subquery(latest.values("summary")[:1]),
        last_run_error=Subquery(latest.values("error")[:1]),
    )


def jobs_needing_attention() -> dict[str, list[str]]:
    """For the managers' console, in one query: the names of the scheduled jobs that are
    paused, and of those whose latest run failed (the heartbeat is not theirs to watch)."""

    jobs = jobs_with_last_run(PeriodicTask.objects.exclude(name=HEARTBEAT_JOB)).order_by("name")
    paused, failed = [], []
    for name, enabled, status in jobs.values_list("name", "enabled", "last_run_status"):
        if not enabled:
            paused.append(name)
        if status == JobRun.Status.FAILED:
            failed.append(name)
    return {"paused": paused, "failed": failed}
