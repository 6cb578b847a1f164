"""What the site records itself: each run of a scheduled job (when, how it ended, who asked)."""

from django.conf import settings
from django.db import models


class JobRun(models.Model):
    """One run of a scheduled job, sent by beat on its schedule or by a manager's "Run now".

    Written by the Celery signal handlers of `hub.site.jobs` in the process that runs the task
    (the worker, or the web process where tasks run eagerly), so the admin and the console can
    say when each job last ran and how it ended. Only scheduled jobs are recorded (the tasks
    beat or "Run now" send carry the job's name), and each job keeps its latest
    `JOB_RUNS_KEPT` runs."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent, waiting for a worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        RETRYING = "retrying", "Failed, will retry"

    job = models.CharField(max_length=200, db_index=True, help_text="The job's name.")
    task = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, unique=True, help_text="Celery's id of the run.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The manager who clicked “Run now”; empty when beat sent it on schedule.",
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When a manager sent it with “Run now” (beat's: empty)."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    summary = models.CharField(
        max_length=500, blank=True, help_text="What the job said it did (its return value)."
    )
    error = models.TextField(blank=True, help_text="The error of a failed run.")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["job", "-id"])]

    def __str__(self) -> str:
        return f"{self.job} ({self.get_status_display()})"
