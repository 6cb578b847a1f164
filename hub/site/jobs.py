"""Scheduled jobs at run time: each run recorded as a `JobRun` (by Celery's task signals, in
whichever process runs the task), and a manager's "Run now".

Beat sends a job's task with the header `periodic_task_name` (django-celery-beat sets it);
"Run now" sends it with the same header, so both kinds of run are recorded the same way and
every other task (an email, a recompute) is left alone.
"""

import json
import logging
import traceback
import uuid
from datetime import datetime

from celery.signals import task_postrun, task_prerun
from django.db import transaction
from django.utils import timezone

from hub.celery import app
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.site.models import JobRun

logger = logging.getLogger(__name__)

JOB_HEADER = "periodic_task_name"
#: How many runs of each job are kept (the heartbeat alone runs 144 times a day).
JOB_RUNS_KEPT = 50

_FINAL_STATUS = {
    "SUCCESS": JobRun.Status.SUCCEEDED,
    "FAILURE": JobRun.Status.FAILED,
    "RETRY": JobRun.Status.RETRYING,
}


def _job_name(task) -> str | None:
    request = getattr(task, "request", None)
    name = getattr(request, JOB_HEADER, None)
    if not name:
        name = (getattr(request, "headers", None) or {}).get(JOB_HEADER)
    return name or None


@task_prerun.connect(dispatch_uid="hub_site_job_run_started")
def job_run_started(sender=None, task_id=None, task=None, **kwargs) -> None:
    job = _job_name(task)
    if job is None:
        return
    try:
        run, _ = JobRun.objects.get_or_create(
            task_id=task_id, defaults={"job": job, "task": task.name}
        )
        run.started_at, run.status = timezone.now(), JobRun.Status.RUNNING
        run.save(update_fields=["started_at", "status"])
    except Exception:  # recording a run must never cost the job itself
        logger.exception("Could not record the start of job %s", job)


@task_postrun.connect(dispatch_uid="hub_site_job_run_finished")
def job_run_finished(sender=None, task_id=None, task=None, retval=None, state=None, **kwargs):
    job = _job_name(task)
    if job is None:
        return
    try:
        if isinstance(retval, BaseException):
            error = "".join(traceback.format_exception_only(retval)).strip()
        elif state is None:  # raised straight through (tasks run eagerly): no state to tell
            error = "The run stopped with an error; the log has it."
        else:
            error = ""
        JobRun.objects.filter(task_id=task_id).update(
            finished_at=timezone.now(),
            status=_FINAL_STATUS.get(state, JobRun.Status.FAILED),
            summary="" if error or retval is None else str(retval)[:500],
            error=error,
        )
        _prune(job)
    except Exception:
        logger.exception("Could not record the end of job %s", job)


def _prune(job: str) -> None:
    oldest_kept = (
        JobRun.objects.filter(job=job)
        .order_by("-id")
        .values_list("id", flat=True)[JOB_RUNS_KEPT - 1 : JOB_RUNS_KEPT]
    )
    cutoff = next(iter(oldest_kept), None)
    if cutoff is not None:
        JobRun.objects.filter(job=job, id__lt=cutoff).delete()


def job_run_now(*, job, actor, now: datetime) -> JobRun:
    """Send `job`'s task now (a django-celery-beat `PeriodicTask`, paused or not), on top of
    its schedule; record the run with who asked, and audit it. The task goes to the worker
    once the transaction commits (or runs in-process where tasks run eagerly)."""
    app.loader.import_default_modules()
    task = app.tasks.get(job.task)
    if task is None:
        raise DomainError(
            f"The job “{job.name}” names a task this version does not have ({job.task}).",
            code="unknown_task",
        )
    with transaction.atomic():
        run = JobRun.objects.create(
            job=job.name,
            task=job.task,
            task_id=str(uuid.uuid4()),
            requested_by=actor,
            sent_at=now,
        )
        audit_record(actor=actor, action="job.run_now", now=now, data={"job": job.name})
        transaction.on_commit(
            lambda: task.apply_async(
                args=json.loads(job.args or "[]"),
                kwargs=json.loads(job.kwargs or "{}"),
                task_id=run.task_id,
                headers={JOB_HEADER: job.name},
            )
        )
    return run
