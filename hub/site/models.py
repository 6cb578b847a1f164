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


class Segment(models.TextChoices):
    """Who a manager's message goes to."""

    GROUP = "group", "the members of a group"
    WAITLIST = "waitlist", "the waitlist of an event"
    TIER = "tier", "the members of a tier"


class SegmentMessage(models.Model):
    """A manager's email to a segment of the community (a group's members, an event's
    waitlist, a tier). Its recipients are fixed when it is sent, as the count the manager
    confirmed: one `SegmentDelivery` each, marked sent as each email goes, so a retry after a
    failure midway skips everyone already emailed."""

    segment = models.CharField(max_length=16, choices=Segment.choices)
    segment_id = models.PositiveBigIntegerField(help_text="The group, event or tier.")
    segment_name = models.CharField(
        max_length=300, help_text="What the segment was called when the message was sent."
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class SegmentDelivery(models.Model):
    """One recipient of a segment message; `sent_at` is set in the transaction that sends it."""

    message = models.ForeignKey(SegmentMessage, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "member"], name="segment_message_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} to {self.member_id}"
