"""The admin console for events: hosts and speakers, the RSVPs (read-only: people are checked
in at the check-in desk, and RSVP on the event's page), and the actions managers need
(duplicate, cancel, email the confirmed attendees). Every change goes through the organizers'
services, in the series' lock order; every change and action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from events.admin.shared import ServiceAdmin, admin_audit
from events.models import Event, EventHost, Rsvp, RsvpStatus
from events.services.organizers import (
    attendees_message_create,
    event_cancel,
    event_duplicate,
    event_host_roles_set,
    event_manager_update,
)
from hub.core.errors import DomainError
from hub.core.validation import CleanTextFormMixin


class EventHostInline(admin.TabularInline):
    model = EventHost
    raw_id_fields = ["member"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__profile")


class RsvpInline(admin.TabularInline):
    """Read-only: a seat, the waitlist and a check-in change only through the RSVP services and
    the check-in desk, which keep the capacity, the waitlist's order, the ledger and the audit."""

    model = Rsvp
    verbose_name_plural = "RSVPs (read-only: check people in at the check-in desk above)"
    fields = ["name", "status", "queued_at", "promoted_at", "checked_in_at", "walk_in"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["status", "queue_number", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__profile")

    @admin.display(description="member")
    def name(self, rsvp) -> str:
        return rsvp.member.display_name


APPLY_TO_CHOICES = [
    ("occurrence", "This event only"),
    ("series", "This event and every future occurrence of its series"),
]


class EventAdminForm(CleanTextFormMixin, forms.ModelForm):
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


class EventAttendeesMessageForm(CleanTextFormMixin, forms.Form):
    subject = forms.CharField(max_length=150)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


@admin.register(Event)
class EventAdmin(ServiceAdmin):
    form = EventAdminForm
    list_display = ["title", "when", "group", "status", "capacity", "going"]
    ordering = ["-starts_at", "-pk"]  # the newest first; the filters find the rest
    list_filter = ["status", "kind", "level", "format", "visibility", "group", "starts_at"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "venue"]
    list_select_related = ["group"]
    raw_id_fields = ["series"]
    readonly_fields = ["pages", "occurrence_date", "detached_from_series"]
    inlines = [EventHostInline, RsvpInline]
    actions = ["duplicate_events", "email_confirmed_attendees", "cancel_events"]
    audit_name = "event"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        )

    @admin.display(description="date", ordering="starts_at")
    def when(self, event):
        starts = timezone.localtime(event.starts_at, event.zone)
        return starts.strftime("%a %d %b %Y, %H:%M")

    @admin.display(description="going", ordering="going_count")
    def going(self, event):
        return event.going_count

    @admin.display(description="seats and check-in")
    def pages(self, event):
        if event.pk is None:
            return "-"
        return format_html(
            '<a href="{}">Check-in desk</a> · <a href="{}">Attendance (CSV)</a> · '
            '<a href="{}">Event page</a> (members RSVP, cancel and decline there)',
            reverse("events:event_checkin", args=[event.pk]),
            reverse("events:event_attendance_csv", args=[event.pk]),
            event.get_absolute_url(),
        )

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if not change:
            obj.created_at = now
            obj.save()
            admin_audit(request, action="event.create", target=obj, data={"event": obj.title})
            return
        model_fields = {field.name for field in Event._meta.fields}
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in model_fields
        }
        event_manager_update(
            event=Event.objects.get(pk=obj.pk),
            changes=changes,
            apply_to=form.cleaned_data.get("apply_to") or "occurrence",
            actor=request.user,
            now=now,
        )
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is not EventHost:
            return super().save_formset(request, form, formset, change)
        roles = {
            each.cleaned_data["member"]: each.cleaned_data["role"]
            for each in formset.forms
            if each.cleaned_data
            and each.cleaned_data.get("member")
            and not each.cleaned_data.get("DELETE")
        }
        event_host_roles_set(
            event=form.instance, roles=roles, actor=request.user, now=timezone.now()
        )
        # The admin's change message reads these; the service wrote the rows.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    @admin.action(description="Duplicate as a draft")
    def duplicate_events(self, request, queryset):
        now = timezone.now()
        for event in queryset:
            event_duplicate(event=event, actor=request.user, now=now)
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
        form = EventAttendeesMessageForm(request.POST if "send" in request.POST else None)
        if "send" in request.POST and form.is_valid():
            now = timezone.now()
            for event in queryset:
                attendees_message_create(
                    event=event,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["message"],
                    actor=request.user,
                    now=now,
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
