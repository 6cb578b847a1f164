"""The audit log in the admin console: read-only, so the record of who did what stays true.
Each entry reads as a sentence written now from its action's template (the sentence names who
did it, so the list is two columns: when, and what happened)."""

from django.contrib import admin
from django.utils import timezone

from hub.core.audit import audit_sentence
from hub.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when", "what"]
    list_filter = ["action", "occurred_at"]
    search_fields = ["action", "actor__email", "subject__email"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor__profile", "subject__profile"]
    readonly_fields = [
        "occurred_at",
        "actor",
        "subject",
        "action",
        "what",
        "target_type",
        "target_id",
        "data",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description="when", ordering="occurred_at")
    def when(self, entry: AuditEntry) -> str:
        return timezone.localtime(entry.occurred_at).strftime("%d %b %Y, %H:%M")

    @admin.display(description="What happened")
    def what(self, entry: AuditEntry) -> str:
        return audit_sentence(entry)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
