"""What the floor itself plugs in: the audit log's part of "Your data" and of leaving."""

from django.db.models import Q

from hub.core.audit import audit_sentence
from hub.core.extension_points import (
    ExportSection,
    LeaveHandler,
    ManagedApp,
    audit_actions,
    export_sections,
    leave_handlers,
    managed_apps,
)
from hub.core.models import AuditEntry

APP = "hub"


def audit_log_export(member) -> list[dict]:
    """What was done about the member and by the member, as sentences."""

    entries = (
        AuditEntry.objects.filter(Q(subject=member) | Q(actor=member))
        .select_related("actor__profile", "subject__profile")
        .prefetch_related("target")
        .order_by("occurred_at", "id")
    )
    return [
        {"occurred_at": entry.occurred_at, "action": entry.action, "what": audit_sentence(entry)}
        for entry in entries
    ]


ERASED = "(erased when the member left)"


def audit_log_erase(*, member, now) -> None:
    """Entries keep their codes and values, which hold no names, and read "Former member"
    once the member's name is gone. What remains is text: the free-text values (reasons,
    notes) of entries about the member, and the written summaries of rows recorded before
    entries had subjects. Both are found by a filter on the member, never a text search."""

    free_text = {
        action.code: action.free_text for action in audit_actions.items() if action.free_text
    }
    about_member = AuditEntry.objects.filter(Q(subject=member) | Q(actor=member))
    erasable = about_member.filter(Q(data__has_key="legacy_summary") | Q(action__in=free_text))
    for entry in erasable.only("pk", "action", "data", "subject_id"):
        data = dict(entry.data)
        if "legacy_summary" in data:
            data["legacy_summary"] = f"{entry.action} {ERASED}"
        if entry.subject_id == member.pk:
            for key in free_text.get(entry.action, ()):
                if data.get(key):
                    data[key] = ERASED
        if data != entry.data:
            entry.data = data
            entry.save(update_fields=["data"])


def register() -> None:
    export_sections.register(
        ExportSection(app=APP, name="audit_log", collect=audit_log_export, order=900)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="audit_log", erase=audit_log_erase, order=900)
    )
    managed_apps.register(ManagedApp(app=APP))
