"""Writing to the audit log. Services call `audit_record` inside their own transaction, so the
entry exists exactly when the change does."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.models import AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    summary: str,
    now: datetime,
    target: models.Model | None = None,
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        occurred_at=now,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        summary=summary[:300],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
