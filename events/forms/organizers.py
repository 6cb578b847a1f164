"""The organizers' forms: creating or editing an event (times on the event's wall clock) and
confirming a cancellation."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from events.models import Event, EventFormat, EventKind, EventLevel, EventStatus, EventVisibility
from events.services.organizers import EDITABLE_FIELDS
from hub.core.validation import CleanTextFormMixin
from members.models import Tier, User

WALL_CLOCK_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
#: Years a wall-clock time may have: beyond them the time cannot be moved to UTC and back in
#: every zone (year 1, year 9999), and a calendar file of the event cannot be written.
WALL_CLOCK_YEARS = range(1900, 3000)
#: How far ahead an event may be planned: a later time is a typo ("2062" for "2026").
FURTHEST_AHEAD = timedelta(days=5 * 366)
#: The most seats an event may have (the column holds more, the form says this in words).
MOST_SEATS = 100_000


class WallClockField(forms.DateTimeField):
    """A date and time as read on a wall clock, without a zone: the form gives it the event's
    time zone, so "19:00" means 19:00 where the event happens, whatever the server's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for pattern in WALL_CLOCK_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)
            except ValueError:
                continue
            if parsed.year in WALL_CLOCK_YEARS:
                return parsed
            break
        raise forms.ValidationError("Enter a date and time, e.g. 2026-05-06 19:00.", code="invalid")


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


SCOPE_CHOICES = [
    ("occurrence", "This occurrence only"),
    ("series", "This occurrence and the whole series (every future occurrence)"),
]


class EventForm(CleanTextFormMixin, forms.Form):
    """Create or edit a group's event. The rules that need the database or the clock (seats
    taken, a start in the past, a whole-series move) are the services' and come back as
    DomainErrors; this form checks what the typed values alone can tell."""

    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label="Kind", choices=EventKind.choices, initial=EventKind.MEETUP)
    level = forms.ChoiceField(
        label="Level", choices=EventLevel.choices, initial=EventLevel.BEGINNER
    )
    format = forms.ChoiceField(
        label="Format", choices=EventFormat.choices, initial=EventFormat.IN_PERSON
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="The start, end and RSVP deadline are read in this zone.",
    )
    starts_at = WallClockField(label="Starts")
    ends_at = WallClockField(label="Ends")
    rsvp_deadline = WallClockField(
        label="RSVP deadline",
        required=False,
        help_text="Optional. Empty: RSVPs stay open until the event starts.",
    )
    venue = forms.CharField(
        label="Venue",
        max_length=300,
        required=False,
        help_text="The address people come to. Needed for in-person and hybrid events; "
        "leave it empty for a virtual one.",
    )
    # Required for some formats only (checked in clean()): the label says when, not "optional".
    venue.required_when = "for in-person and hybrid events"
    online_url = forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Shown only to people with a seat and to hosts.",
    )
    capacity = forms.IntegerField(
        label="Capacity",
        required=False,
        min_value=1,
        max_value=MOST_SEATS,
        help_text="Number of seats. Empty: unlimited.",
        error_messages={
            "min_value": "An event has at least 1 seat; leave it empty for unlimited seats.",
            "max_value": f"An event has at most {MOST_SEATS:,} seats; leave it empty for "
            "unlimited seats.",
        },
    )
    visibility = forms.ChoiceField(
        label="Who may see and RSVP",
        choices=EventVisibility.choices,
        initial=EventVisibility.PUBLIC,
    )
    min_tier = forms.ModelChoiceField(
        label="Minimum tier",
        queryset=Tier.objects.order_by("level"),
        required=False,
        empty_label="No minimum",
        help_text="Only with 'Members of a minimum tier'.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (EventStatus.DRAFT, "Draft: only organizers, hosts and managers see it"),
            (EventStatus.PUBLISHED, "Published: listed and open for RSVPs"),
        ],
        initial=EventStatus.DRAFT,
        widget=forms.RadioSelect,
    )
    hosts = forms.CharField(
        label="Hosts' email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Current members, one email address per line (or separated by commas).",
    )
    recording_url = forms.URLField(
        label="Recording link", max_length=500, required=False, assume_scheme="https"
    )
    transcript_url = forms.URLField(
        label="Transcript link", max_length=500, required=False, assume_scheme="https"
    )
    scope = forms.ChoiceField(
        label="Apply the changes to",
        choices=SCOPE_CHOICES,
        widget=forms.RadioSelect,
        help_text="This event is one occurrence of a series. The whole series changes the shared "
        "details and the time of day; the status, deadline, hosts' seats and links after the "
        "event stay this occurrence's own.",
    )

    #: Fields whose values go to the services as the event's values: what the service accepts.
    VALUE_FIELDS = EDITABLE_FIELDS

    def __init__(self, *args, now: datetime, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.now = event, now
        self.fields["time_zone"].choices = _time_zone_choices()
        self.fields["time_zone"].initial = settings.TIME_ZONE
        if event is None:
            # Recording and transcript come after the event.
            del self.fields["recording_url"], self.fields["transcript_url"]
        if event is None or event.series_id is None:
            del self.fields["scope"]

    @classmethod
    def initial_for(cls, event: Event, host_emails: list[str]) -> dict:
        """The event's values as the form shows them: times on the event's wall clock."""
        zone = event.zone

        def wall(instant):
            return timezone.localtime(instant, zone).replace(tzinfo=None) if instant else None

        initial = {name: getattr(event, name) for name in cls.VALUE_FIELDS}
        initial.update(
            starts_at=wall(event.starts_at),
            ends_at=wall(event.ends_at),
            rsvp_deadline=wall(event.rsvp_deadline),
            hosts="\n".join(host_emails),
        )
        return initial

    @property
    def has_scope(self) -> bool:
        return "scope" in self.fields

    def clean_hosts(self) -> list:
        emails = [
            part.strip().lower()
            for part in self.cleaned_data["hosts"].replace(",", "\n").splitlines()
            if part.strip()
        ]
        emails = list(dict.fromkeys(emails))
        people = {
            person.email.lower(): person
            for person in User.objects.current(self.now)
            .filter(email__in=emails)
            .select_related("profile")
        }
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise forms.ValidationError(
                "No current member has this email address: %(emails)s.",
                params={"emails": ", ".join(unknown)},
                code="unknown_host",
            )
        return [people[email] for email in emails]

    def _aware(self, name: str, zone: zoneinfo.ZoneInfo) -> None:
        naive = self.cleaned_data.get(name)
        if naive is None:
            return
        aware = naive.replace(tzinfo=zone)
        # A wall-clock time skipped by a clock change (e.g. 03:30 on the spring night).
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            self.add_error(
                name, f"{naive:%d %b %Y %H:%M} does not exist in {zone.key}: the clocks change."
            )
            self.cleaned_data.pop(name, None)
            return
        if aware > self.now + FURTHEST_AHEAD:
            self.add_error(name, "Choose a time within the next five years.")
            self.cleaned_data.pop(name, None)
            return
        self.cleaned_data[name] = aware

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at", "rsvp_deadline"):
                self._aware(name, zone)
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("rsvp_deadline")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The event must end after it starts.")
        if starts_at and deadline and deadline > starts_at:
            self.add_error("rsvp_deadline", "The RSVP deadline must be before the start.")
        if data.get("visibility") == EventVisibility.TIER:
            if data.get("min_tier") is None:
                self.add_error("min_tier", "Choose the minimum tier for a tier-restricted event.")
        elif "min_tier" in data:
            data["min_tier"] = None
        if (
            data.get("format") in (EventFormat.IN_PERSON, EventFormat.HYBRID)
            and not data.get("venue", "").strip()
        ):
            self.add_error("venue", "An in-person or hybrid event needs a venue.")
        return data

    def event_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VALUE_FIELDS if name in self.fields}


class EventCancelForm(CleanTextFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="Yes, cancel this event and email everyone who has a seat or a waitlist place.",
        required=True,
        error_messages={"required": "Tick the box to confirm the cancellation."},
    )
