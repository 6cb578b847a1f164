"""The tiers in the admin console: managers edit requirements, benefits and commitment hours;
every change is audited."""

from django.contrib import admin
from django.utils import timezone

from ambassadors.models import AmbassadorTier
from hub.core.audit import audit_record


@admin.register(AmbassadorTier)
class AmbassadorTierAdmin(admin.ModelAdmin):
    list_display = ["level", "name", "commitment_hours_min", "commitment_hours_max"]
    ordering = ["level"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False  # terms and applications point at tiers: rename or edit instead

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        audit_record(
            actor=request.user,
            action="ambassador_tier.edit",
            target=obj,
            now=timezone.now(),
            data={
                "verb": "changed" if change else "added",
                "tier": obj.name,
                "fields": ", ".join(form.changed_data),
            },
        )
