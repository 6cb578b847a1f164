"""The admin console for user groups: their organizers, cadence and latest health, and the
health recompute action. Every change and action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from events.admin.health import HealthSnapshotInline, HealthStatusFilter
from events.models import GroupHealthSnapshot, HealthStatus, UserGroup
from events.services.groups import co_organizers_validate
from events.services.health import group_health_compute_now
from hub.core.audit import audit_record
from hub.core.errors import DomainError


def _audit(request, *, action: str, target=None, data=None) -> None:
    audit_record(
        actor=request.user,
        action=action,
        target=target,
        now=timezone.now(),
        data=data or {},
    )


class UserGroupForm(forms.ModelForm):
    class Meta:
        model = UserGroup
        fields = [
            "name",
            "slug",
            "type",
            "description",
            "region",
            "leader",
            "co_organizers",
            "cadence_per_month",
        ]

    def clean(self):
        data = super().clean()
        if "co_organizers" in data and "leader" in data:
            try:
                co_organizers_validate(
                    leader=data["leader"], co_organizers=list(data["co_organizers"])
                )
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    form = UserGroupForm
    list_display = ["name", "type", "region", "leader", "cadence_per_month", "score", "status"]
    list_filter = ["type", "region", HealthStatusFilter]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["leader", "co_organizers"]
    inlines = [HealthSnapshotInline]
    actions = ["recompute_health"]

    def get_queryset(self, request):
        latest = GroupHealthSnapshot.objects.filter(group=OuterRef("pk")).order_by("-month")
        return (
            super()
            .get_queryset(request)
            .select_related("leader__profile")
            .annotate(
                latest_score=Subquery(latest.values("score")[:1]),
                latest_status=Subquery(latest.values("status")[:1]),
            )
        )

    @admin.display(description="health score", ordering="latest_score")
    def score(self, group):
        return group.latest_score

    @admin.display(description="health", ordering="latest_status")
    def status(self, group):
        return HealthStatus(group.latest_status).label if group.latest_status else "-"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
        _audit(
            request,
            action="group.edit" if change else "group.create",
            target=obj,
            data={"group": obj.name, "fields": ", ".join(form.changed_data)},
        )

    @admin.action(description="Recompute the health score now")
    def recompute_health(self, request, queryset):
        snapshots = group_health_compute_now(
            now=timezone.now(), group_ids=list(queryset.values_list("pk", flat=True))
        )
        _audit(request, action="group.health", data={"groups": len(snapshots)})
        messages.success(request, f"Recomputed the health of {len(snapshots)} groups.")
