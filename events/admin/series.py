"""The admin console for recurring series and their occurrences, and the action that generates
the next three months now. Creating and changing a series go through the series services (a
change reaches every future occurrence not edited on its own, in the series' lock order);
every change and action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.admin.shared import ServiceAdmin, admin_audit
from events.models import Event, EventSeries
from events.services.series import (
    SERIES_FIELDS,
    rrule_validate,
    series_create,
    series_generate,
    series_update,
)
from hub.core.validation import CleanTextFormMixin


class OccurrenceInline(admin.TabularInline):
    model = Event
    fk_name = "series"
    fields = ["starts_at", "status", "capacity", "detached_from_series"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ["starts_at"]


class EventSeriesForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = [*SERIES_FIELDS, "hosts"]

    def clean_rrule(self):
        rrule = self.cleaned_data["rrule"]
        try:
            rrule_validate(rrule=rrule)
        except ValidationError as error:
            raise ValidationError(error.message_dict["rrule"]) from error
        return rrule


@admin.register(EventSeries)
class EventSeriesAdmin(ServiceAdmin):
    form = EventSeriesForm
    list_display = ["title", "rrule", "local_start_time", "time_zone", "group", "is_active"]
    list_filter = ["is_active", "kind", "group"]
    search_fields = ["title"]
    raw_id_fields = ["hosts"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OccurrenceInline]
    actions = ["generate_occurrences"]

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        values = {name: form.cleaned_data[name] for name in SERIES_FIELDS}
        hosts = list(form.cleaned_data["hosts"])
        if not change:
            series = series_create(values=values, hosts=hosts, actor=request.user, now=now)
            obj.pk, obj.created_at = series.pk, series.created_at
            return
        changes = {name: values[name] for name in form.changed_data if name in SERIES_FIELDS}
        if not changes and "hosts" not in form.changed_data:
            return
        series_update(
            series=obj,
            changes=changes,
            hosts=hosts if "hosts" in form.changed_data else None,
            actor=request.user,
            now=now,
        )
        obj.refresh_from_db()

    @admin.action(description="Generate the next three months of occurrences now")
    def generate_occurrences(self, request, queryset):
        made = sum(series_generate(series=s, now=timezone.now()) for s in queryset)
        admin_audit(request, action="series.generate", data={"count": made})
        messages.success(request, f"Made {made} new occurrences.")
