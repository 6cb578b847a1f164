"""The admin console for events: hosts and RSVPs, and the actions managers need (duplicate,
cancel, email the confirmed attendees). Every change and action leaves an audit entry."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from events.models import Event, EventHost, EventStatus, Rsvp, RsvpStatus
from events.services.organizers import event_cancel, event_update
from events.services.series import TEMPLATE_FIELDS
from events.tasks.organizers import attendees_message_send_task
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
        form = EventAttendeesMessageForm(request.POST if "send" in request.POST else None)
        if "send" in request.POST and form.is_valid():
            for event in queryset:
                going = event.rsvps.filter(status=RsvpStatus.GOING).count()
                attendees_message_send_task.delay(
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
