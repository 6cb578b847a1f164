"""The admin console for user groups: their organizers, cadence and latest health, and the
health recompute action. Groups are created and changed through the group services (a new
leader or co-organizer joins the group; one to three co-organizers, all current members);
every change and action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from events.admin.health import HealthSnapshotInline, HealthStatusFilter
from events.admin.shared import ServiceAdmin, admin_audit
from events.models import GroupHealthSnapshot, HealthStatus, UserGroup
from events.services.groups import (
    GROUP_FIELDS,
    co_organizers_validate,
    group_create,
    group_update,
)
from events.services.health import group_health_compute_now
from hub.core.errors import DomainError
from hub.core.validation import CleanTextFormMixin


class UserGroupForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = UserGroup
        fields = [*GROUP_FIELDS, "co_organizers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty in the database only while the managers look for a new one; never on save.
        self.fields["leader"].required = True

    def clean(self):
        data = super().clean()
        if "co_organizers" in data and data.get("leader") is not None:
            try:
                co_organizers_validate(
                    leader=data["leader"],
                    co_organizers=list(data["co_organizers"]),
                    now=timezone.now(),
                )
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(UserGroup)
class UserGroupAdmin(ServiceAdmin):
    form = UserGroupForm
    list_display = [
        "name",
        "type",
        "region",
        "leader_shown",
        "cadence_per_month",
        "score",
        "status",
    ]
    list_filter = ["type", "region", HealthStatusFilter, ("leader", admin.EmptyFieldListFilter)]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["leader", "co_organizers"]
    inlines = [HealthSnapshotInline]
    actions = ["recompute_health"]
    audit_name = "group"

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

    @admin.display(description="leader", ordering="leader")
    def leader_shown(self, group):
        return group.leader or "No leader: choose one"

    @admin.display(description="health score", ordering="latest_score")
    def score(self, group):
        return group.latest_score

    @admin.display(description="health", ordering="latest_status")
    def status(self, group):
        return HealthStatus(group.latest_status).label if group.latest_status else "-"

    def save_model(self, request, obj, form, change):
        now, data = timezone.now(), form.cleaned_data
        co_organizers = list(data["co_organizers"])
        if not change:
            group = group_create(
                name=data["name"],
                slug=data["slug"],
                type=data["type"],
                description=data["description"],
                region=data["region"],
                leader=data["leader"],
                cadence_per_month=data["cadence_per_month"],
                co_organizers=co_organizers,
                actor=request.user,
                now=now,
            )
            obj.pk, obj.created_at = group.pk, group.created_at
            return
        group_update(
            group=obj,
            changes={name: data[name] for name in form.changed_data if name in GROUP_FIELDS},
            co_organizers=co_organizers if "co_organizers" in form.changed_data else None,
            actor=request.user,
            now=now,
        )
        obj.refresh_from_db()

    @admin.action(description="Recompute the health score now")
    def recompute_health(self, request, queryset):
        snapshots = group_health_compute_now(
            now=timezone.now(), group_ids=list(queryset.values_list("pk", flat=True))
        )
        admin_audit(request, action="group.health", data={"groups": len(snapshots)})
        messages.success(request, f"Recomputed the health of {len(snapshots)} groups.")
