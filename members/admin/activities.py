"""The admin console for the activity ledger: managers add, correct and remove rows (every
correction and removal goes through a service that leaves an audit entry) and tune the points
each kind of activity is worth."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.validation import CleanTextFormMixin
from members.admin.base import ServiceAdmin
from members.models import Activity, ActivityPoints
from members.services.activities import (
    CORRECTABLE_FIELDS,
    activity_add_by_manager,
    activity_correct,
    activity_points_for,
    activity_points_save,
    activity_remove,
)


class ActivityAdminForm(CleanTextFormMixin, forms.ModelForm):
    points = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=32767,
        help_text="Leave empty for the usual points of this kind.",
    )
    correction_reason = forms.CharField(
        required=False,
        max_length=200,
        label="Reason for the correction",
        help_text="Kept in the audit log with the values before and after.",
    )

    class Meta:
        model = Activity
        fields = [
            "member",
            "kind",
            "occurred_at",
            "source",
            "external_id",
            "title",
            "url",
            "points",
        ]

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now():
            raise forms.ValidationError("An activity cannot happen in the future.")
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("points") is None and cleaned.get("kind"):
            cleaned["points"] = activity_points_for(cleaned["kind"])
            self.instance.points = cleaned["points"]
        return cleaned


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityAdminForm
    list_display = ["occurred_at", "member", "kind", "title", "source", "points"]
    list_filter = ["kind", "source"]
    list_select_related = ["member__profile"]
    search_fields = ["member__email", "member__profile__display_name", "title", "external_id"]
    autocomplete_fields = ["member"]
    date_hierarchy = "occurred_at"
    readonly_fields = ["recorded_at", "metadata"]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # The idempotency key of an existing row stays as it arrived.
        return [*self.readonly_fields, "external_id"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        data = form.cleaned_data
        if not change:
            result = activity_add_by_manager(
                actor=request.user,
                member=data["member"],
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                source=data.get("source") or "admin",
                external_id=data.get("external_id", ""),
                title=data.get("title", ""),
                url=data.get("url", ""),
                points=data["points"],
                now=now,
            )
            obj.pk = result.activity.pk
            obj._state.adding = False
            return
        changes = {name: data[name] for name in form.changed_data if name in CORRECTABLE_FIELDS}
        try:
            activity_correct(
                activity=obj,
                actor=request.user,
                changes=changes,
                reason=data.get("correction_reason", ""),
                now=now,
            )
        except DomainError as error:  # the form checked the same rules; a race can still lose
            messages.error(request, error.message)

    def delete_model(self, request, obj):
        activity_remove(activity=obj, actor=request.user, now=timezone.now())

    def delete_queryset(self, request, queryset):
        now = timezone.now()
        for activity in queryset.order_by("pk"):
            activity_remove(activity=activity, actor=request.user, now=now)


@admin.register(ActivityPoints)
class ActivityPointsAdmin(ServiceAdmin):
    """Every kind keeps its row (a missing one would be worth nothing), so there is no delete."""

    list_display = ["kind", "points"]
    list_editable = ["points"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []

    def save_through_service(self, *, obj, fields, actor, now):
        activity_points_save(points=obj, fields=fields, actor=actor, now=now)
