"""The weekly digest's sent-rows: one per member and ISO week."""

from django.conf import settings
from django.db import models


class DigestDelivery(models.Model):
    """The weekly digest went to this member for this ISO week: the row is the guarantee of
    "never twice", written in the same transaction as the email is sent."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    week = models.DateField(help_text="The Monday that starts the ISO week the digest covers.")
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(fields=["member", "week"], name="digest_once_per_member_week"),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.week:%G-W%V} to {self.member_id}"
