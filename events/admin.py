"""The admin console for events: groups with their health, events with hosts and RSVPs,
recurring series with their occurrences, and the actions managers need (duplicate, cancel,
email the confirmed attendees, recompute health, generate occurrences). Every change and
action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone

from events.models import (
    Event,
    EventHost,
    EventSeries,
    EventStatus,
    GroupHealthSnapshot,
    HealthStatus,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.services.groups import co_organizers_validate
from events.services.health import group_health_compute_now
from events.services.series import TEMPLATE_FIELDS, event_cancel, event_update, series_generate
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


# --- Groups -------------------------------------------------------------------------------------


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


# --- Events -------------------------------------------------------------------------------------


class EventHostInline(admin.TabularInline):
    model = EventHost
    raw_id_fields = ["member"]
    extra = 0


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["member", "status", "queued_at", "promoted_at", "checked_in_at", "walk_in"]
    readonly_fields = ["queued_at", "promoted_at"]
    raw_id_fields = ["member"]
    extra = 0
    ordering = ["status", "queued_at", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__profile")


APPLY_TO_CHOICES = [
    ("occurrence", "This event only"),
    ("series", "This event and every future occurrence of its series"),
]


class EventAdminForm(forms.ModelForm):
    apply_to = forms.ChoiceField(
        label="Apply the changes to",
        choices=APPLY_TO_CHOICES,
        initial="occurrence",
        required=False,
        help_text="For an occurrence of a series: change only this one, or the whole series "
        "(shared details such as title, venue, link, capacity; each occurrence keeps its date).",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "description",
            "group",
            "series",
            "status",
            "kind",
            "level",
            "format",
            "starts_at",
            "ends_at",
            "time_zone",
            "rsvp_deadline",
            "venue",
            "online_url",
            "capacity",
            "visibility",
            "min_tier",
            "recording_url",
            "transcript_url",
        ]

    def clean(self):
        data = super().clean()
        if data.get("apply_to") == "series" and not self.instance.series_id:
            raise forms.ValidationError("This event is not part of a series.")
        return data


class EventAttendeesMessageForm(forms.Form):
    subject = forms.CharField(max_length=150)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "starts_at", "group", "kind", "status", "capacity", "going"]
    list_filter = ["status", "kind", "level", "format", "visibility", "group", "starts_at"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "venue"]
    list_select_related = ["group"]
    raw_id_fields = ["series"]
    readonly_fields = ["occurrence_date", "detached_from_series"]
    inlines = [EventHostInline, RsvpInline]
    actions = ["duplicate_events", "email_confirmed_attendees", "cancel_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        )

    @admin.display(description="going", ordering="going_count")
    def going(self, event):
        return event.going_count

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if not change:
            obj.created_at = now
            super().save_model(request, obj, form, change)
            _audit(request, action="event.create", target=obj, data={"event": obj.title})
            return
        model_fields = {field.name for field in Event._meta.fields}
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in model_fields
        }
        cancelling = changes.pop("status", None) == EventStatus.CANCELLED
        original = Event.objects.get(pk=obj.pk)
        try:
            if form.cleaned_data.get("apply_to") == "series" and obj.series_id:
                shared = {k: v for k, v in changes.items() if k in TEMPLATE_FIELDS}
                own = {k: v for k, v in changes.items() if k not in TEMPLATE_FIELDS}
                event_update(
                    event=original, changes=shared, scope="series", actor=request.user, now=now
                )
                if own:
                    event_update(
                        event=original, changes=own, scope="occurrence", actor=request.user, now=now
                    )
            elif changes:
                event_update(
                    event=original, changes=changes, scope="occurrence", actor=request.user, now=now
                )
            if cancelling:
                event_cancel(event=original, actor=request.user, now=now)
        except DomainError as error:
            messages.error(request, error.message)
        obj.refresh_from_db()

    @admin.action(description="Duplicate as a draft")
    def duplicate_events(self, request, queryset):
        now = timezone.now()
        for event in queryset.prefetch_related("hosts"):
            hosts = list(event.hosts.all())
            copy = Event.objects.get(pk=event.pk)
            copy.pk = None
            copy.title = f"{event.title} (copy)"[:200]
            copy.status = EventStatus.DRAFT
            copy.series, copy.occurrence_date, copy.detached_from_series = None, None, False
            copy.recording_url = copy.transcript_url = ""
            copy.created_at = now
            copy.save()
            EventHost.objects.bulk_create(
                [EventHost(event=copy, member_id=h.member_id, role=h.role) for h in hosts]
            )
            _audit(
                request,
                action="event.duplicate",
                target=copy,
                data={"from": event.pk, "event": event.title},
            )
        messages.success(request, f"Duplicated {queryset.count()} events as drafts.")

    @admin.action(description="Cancel and tell the attendees")
    def cancel_events(self, request, queryset):
        done = 0
        for event in queryset:
            try:
                event_cancel(event=event, actor=request.user, now=timezone.now())
                done += 1
            except DomainError as error:
                messages.warning(request, f"{event.title}: {error.message}")
        messages.success(request, f"Cancelled {done} events; their attendees are being told.")

    @admin.action(description="Email the confirmed attendees")
    def email_confirmed_attendees(self, request, queryset):
        from events.tasks import attendees_message_send

        form = EventAttendeesMessageForm(request.POST if "send" in request.POST else None)
        if "send" in request.POST and form.is_valid():
            for event in queryset:
                going = event.rsvps.filter(status=RsvpStatus.GOING).count()
                attendees_message_send.delay(
                    event.pk, form.cleaned_data["subject"], form.cleaned_data["message"]
                )
                _audit(
                    request,
                    action="event.email_attendees",
                    target=event,
                    data={
                        "email_subject": form.cleaned_data["subject"],
                        "count": going,
                        "event": event.title,
                    },
                )
            messages.success(request, "The message is on its way to the confirmed attendees.")
            return None
        return TemplateResponse(
            request,
            "events/admin_email_attendees.html",
            {
                **self.admin_site.each_context(request),
                "title": "Email the confirmed attendees",
                "form": form,
                "events": queryset,
                "action": "email_confirmed_attendees",
                "opts": self.model._meta,
            },
        )


# --- Series -------------------------------------------------------------------------------------


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


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "rrule", "local_start_time", "time_zone", "group", "is_active"]
    list_filter = ["is_active", "kind", "group"]
    search_fields = ["title"]
    raw_id_fields = ["hosts"]
    prepopulated_fields = {"slug": ["title"]}
    exclude = ["created_at"]
    inlines = [OccurrenceInline]
    actions = ["generate_occurrences"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
        _audit(
            request,
            action="series.edit" if change else "series.create",
            target=obj,
            data={"series": obj.title},
        )

    @admin.action(description="Generate the next three months of occurrences now")
    def generate_occurrences(self, request, queryset):
        made = sum(series_generate(series=s, now=timezone.now()) for s in queryset)
        _audit(request, action="series.generate", data={"count": made})
        messages.success(request, f"Made {made} new occurrences.")
