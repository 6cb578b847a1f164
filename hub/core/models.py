"""The audit log: who did what, to which member and object, and when.

An entry stores codes and values, never a sentence: the sentence is written when the entry is
shown (`hub.core.audit.audit_sentence`), from the action's template that its app registered.
So a member's name lives only on the member; once they leave, every entry about them reads
"Former member" without a single entry being rewritten.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        help_text="Who did it; empty for the system (a scheduled job, an import).",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries_about",
        help_text="The member the entry is about, if any (the one who got the badge, the "
        "seat, the new tier).",
    )
    action = models.CharField(max_length=64, help_text="What happened, e.g. tier.change.")
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(
        default=dict, blank=True, help_text="The values of the change; never a person's name."
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
