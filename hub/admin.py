"""The audit log in the admin console: read-only, so the record of who did what stays true."""

from django.contrib import admin

from hub.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "action", "summary"]
    list_filter = ["action", "occurred_at"]
    search_fields = ["summary", "action", "actor__email"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor", "actor__profile"]
    readonly_fields = [
        "occurred_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "summary",
        "data",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
