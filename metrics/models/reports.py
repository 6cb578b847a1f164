"""The monthly report to the community managers: one record per frozen month, and one
delivery row per manager it was emailed to (so a retry skips those already sent)."""

from django.conf import settings
from django.db import models


class MonthlyReport(models.Model):
    """The report of one frozen month, as it was written: `content` holds the figures, targets,
    changes, restatements, at-risk groups and slipping-away count it was built from; the
    subject and both bodies are what every manager received."""

    month = models.DateField(unique=True, help_text="First day of the month reported on.")
    created_at = models.DateTimeField()
    content = models.JSONField()
    subject = models.CharField(max_length=200)
    text_body = models.TextField()
    html_body = models.TextField()

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.subject

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


class MonthlyReportDelivery(models.Model):
    """The report was emailed to this manager. Written in the same transaction as the send, so
    a row exists exactly for the managers who got it."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "recipient_id"]
        verbose_name_plural = "monthly report deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "recipient"], name="monthly_report_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.recipient_id}"
