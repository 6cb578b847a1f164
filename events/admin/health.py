"""The admin console for group health: the monthly snapshots, read-only (recomputing replaces
them; nothing else writes them), and the pieces the group admin shows them with."""

from django.contrib import admin

from events.models import GroupHealthSnapshot, HealthStatus


class HealthStatusFilter(admin.SimpleListFilter):
    title = "latest health"
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return HealthStatus.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(latest_status=self.value())
        return queryset


class HealthSnapshotInline(admin.TabularInline):
    model = GroupHealthSnapshot
    fields = ["month", "score", "status", "frequency", "attendance", "growth", "leader"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-month"]
    max_num = 0


@admin.register(GroupHealthSnapshot)
class GroupHealthSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "group",
        "month",
        "score",
        "status",
        "frequency",
        "attendance",
        "growth",
        "leader",
        "computed_at",
    ]
    list_filter = ["status", "month", "group"]
    list_select_related = ["group"]
    readonly_fields = [field.name for field in GroupHealthSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        """Snapshots are computed: recomputing a month replaces its rows, nothing deletes."""
        return False
