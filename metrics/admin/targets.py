"""The admin console for targets: the programme's start month and success criteria (one row)
and the growth table's milestones. Every change leaves an audit entry saying what changed."""

from django.contrib import admin
from django.utils import timezone

from hub.core.audit import audit_record
from metrics.models import GrowthTarget, ProgrammeSettings


class AuditedTargetsAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        audit_record(
            actor=request.user,
            action="targets.edit",
            target=obj,
            now=timezone.now(),
            data={
                "verb": "changed" if change else "added",
                "what": str(obj),
                "fields": ", ".join(form.changed_data),
                "values": {name: str(form.cleaned_data.get(name)) for name in form.changed_data},
            },
        )


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(AuditedTargetsAdmin):
    fieldsets = [
        ("Programme", {"fields": ["programme_start", "contribution_rate_target"]}),
        (
            "Success criteria",
            {
                "fields": [
                    "satisfaction_target",
                    "active_members_target",
                    "contributors_target",
                    "case_studies_target",
                    "retention_target",
                    "yearly_revenue_target",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return not ProgrammeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GrowthTarget)
class GrowthTargetAdmin(AuditedTargetsAdmin):
    list_display = ["metric", "programme_month", "value"]
    list_editable = ["value"]
    list_filter = ["metric"]
    ordering = ["metric", "programme_month"]
