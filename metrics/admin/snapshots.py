"""The admin console's view of the monthly snapshots: read-only (figures change only through a
computation or a restatement), with the action that takes a manager to a month's restatement
form, and the revisions restatements left."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from metrics.models import MonthlySnapshot, SnapshotRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(ReadOnlyAdmin):
    list_display = [
        "month",
        "is_provisional",
        "total_members",
        "active_users",
        "contributors",
        "computed_at",
        "computed_by",
        "restated_at",
        "late_activities",
        "late_members",
        "late_previous_restated",
    ]
    list_filter = ["is_provisional", "computed_by"]
    date_hierarchy = "month"
    actions = ["restate"]

    def get_view_on_site_url(self, obj=None):
        return (
            reverse("metrics:month_detail", kwargs={"month": f"{obj.month:%Y-%m}"}) if obj else None
        )

    @admin.action(description="Restate the selected month…", permissions=["view"])
    def restate(self, request, queryset):
        """Restating needs a reason and shows what changes: it happens on the month's page."""
        months = list(queryset.values_list("month", "is_provisional")[:2])
        if len(months) != 1:
            self.message_user(request, "Select exactly one month to restate.", messages.ERROR)
            return None
        month, provisional = months[0]
        if provisional:
            self.message_user(
                request,
                f"{month:%Y-%m} is provisional: only a frozen month can be restated.",
                messages.ERROR,
            )
            return None
        return redirect(
            reverse("metrics:month_detail", kwargs={"month": f"{month:%Y-%m}"}) + "#restate-title"
        )


@admin.register(SnapshotRevision)
class SnapshotRevisionAdmin(ReadOnlyAdmin):
    list_display = ["snapshot", "replaced_at", "replaced_by", "replaced_by_person", "reason"]
    list_select_related = ["snapshot", "replaced_by_person"]
