"""Writing and reading the audit log.

Services call `audit_record` inside their own transaction, so the entry exists exactly when the
change does. Entries are shown through `audit_sentence`, which fills the action's template
(registered by its app at `hub.core.extension_points.audit_actions`) with the entry's values.
"""

import string
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.core.extension_points import audit_actions
from hub.core.models import AuditEntry

SYSTEM = "The system"


def _pk_or_none(user: Any | None) -> int | None:
    return getattr(user, "pk", None) if user is not None else None


def audit_record(
    *,
    actor: Any | None,
    action: str,
    now: datetime,
    subject: Any | None = None,
    target: models.Model | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Record that `actor` (None: the system) did `action` at `now`, about member `subject`,
    to `target`, with `data` (JSON values: ids, codes, titles, counts; never a name). The
    action's sentence is registered by its app (`audit_actions`)."""
    return AuditEntry.objects.create(
        occurred_at=now,
        actor_id=_pk_or_none(actor),
        subject_id=_pk_or_none(subject),
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


class _Values(dict):
    """Missing keys print as "?" instead of failing: an old entry may lack a newer key.

    `target` is read from the entry only when a sentence (a template or a function) asks for
    it: reading it costs a query."""

    def __init__(self, values: dict, entry: AuditEntry) -> None:
        super().__init__(values)
        self._entry = entry

    def __missing__(self, key: str) -> str:
        if key != "target":
            return "?"
        entry = self._entry
        self["target"] = str(entry.target) if entry.target_id and entry.target else "(deleted)"
        return self["target"]


def audit_sentence(entry: AuditEntry) -> str:
    """The entry as a sentence, written now from the action's template.

    Rows recorded before entries had subjects keep their original text as
    `data["legacy_summary"]` (erased when the member it is about leaves)."""
    if "legacy_summary" in entry.data:
        return entry.data["legacy_summary"]
    action = audit_actions.get(entry.action)
    values = _Values(
        {key: value for key, value in entry.data.items() if not isinstance(value, dict | list)},
        entry,
    )
    values["actor"] = str(entry.actor) if entry.actor_id else SYSTEM
    values["subject"] = str(entry.subject) if entry.subject_id else "nobody"
    if action is None:
        return f"{values['actor']}: {entry.action}"
    if callable(action.sentence):
        return action.sentence(values)
    return string.Formatter().vformat(action.sentence, (), values)
