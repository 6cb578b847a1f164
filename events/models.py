"""Events: user groups and their membership, events and recurring series, hosts, RSVPs with the
waitlist and check-in, the emails each attendee got once, calendar feed tokens and group health.

Rules that must hold whatever the code path (one RSVP per member and event, one open group
membership, one reminder per attendee) live here as database constraints.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            f"{value!r} is not a time zone name; use one like Europe/Kyiv."
        ) from error


def default_time_zone() -> str:
    return settings.TIME_ZONE


class GroupType(models.TextChoices):
    LOCAL = "local", "Local meetup"
    VIRTUAL = "virtual", "Virtual group"
    INDUSTRY = "industry", "Industry group"
    USE_CASE = "use_case", "Use-case group"


class UserGroup(models.Model):
    """A regional or topic group run by a volunteer leader and one to three co-organizers."""

    type = models.CharField(max_length=16, choices=GroupType.choices)
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    region = models.CharField(
        max_length=100, blank=True, help_text="City or region; empty for online-only groups."
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="led_groups",
        help_text="Empty only while the managers find a new leader (the last one left).",
    )
    co_organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_organized_groups",
        help_text="One to three members who help the leader run the group.",
    )
    cadence_per_month = models.PositiveSmallIntegerField(
        "events a month (aim)",
        default=1,
        help_text="How many events a month the group aims to hold.",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_per_month__gte=1), name="user_group_cadence_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:group_detail", kwargs={"slug": self.slug})


class GroupMembership(models.Model):
    """One row per period a member spent in a group; leaving closes the row, history stays."""

    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group_id", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(left_at__isnull=True),
                name="one_open_group_membership",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="group_membership_left_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["group", "joined_at", "left_at"])]

    def __str__(self) -> str:
        return f"{self.member} in {self.group}"


class EventKind(models.TextChoices):
    MEETUP = "meetup", "Meetup"
    WORKING_SESSION = "working_session", "Working session"
    QA_FOUNDERS = "qa_founders", "Q&A with founders"
    SHOW_AND_TELL = "show_and_tell", "Show & tell"
    WORKSHOP = "workshop", "Workshop"
    DEEP_DIVE = "deep_dive", "Deep dive"
    PANEL = "panel", "Panel"
    CONFERENCE = "conference", "Conference"
    SUMMIT = "summit", "Summit"
    HACKATHON = "hackathon", "Hackathon"
    OFFICE_HOURS = "office_hours", "Office hours"
    AWARDS_CEREMONY = "awards_ceremony", "Awards ceremony"
    ARCHITECTURE_REVIEW = "architecture_review", "Architecture review"
    EXPERT_ROUNDTABLE = "expert_roundtable", "Expert roundtable"


class EventLevel(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"


class EventVisibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone"
    MEMBERS = "members", "Members"
    TIER = "tier", "Members of a minimum tier"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class EventTemplateFields(models.Model):
    """What an event and a series (the template of its occurrences) have in common."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    group = models.ForeignKey(
        UserGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Empty for an event of the whole hub.",
    )
    kind = models.CharField(max_length=32, choices=EventKind.choices, default=EventKind.MEETUP)
    level = models.CharField(max_length=16, choices=EventLevel.choices, default=EventLevel.BEGINNER)
    format = models.CharField(
        max_length=16, choices=EventFormat.choices, default=EventFormat.VIRTUAL
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="The zone the event's wall-clock time is set in, e.g. Europe/Kyiv.",
    )
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(
        "online link",
        max_length=500,
        blank=True,
        help_text="Shown only to confirmed attendees and hosts.",
    )
    capacity = models.PositiveIntegerField(
        "seats", null=True, blank=True, help_text="Empty for unlimited seats."
    )
    visibility = models.CharField(
        max_length=16, choices=EventVisibility.choices, default=EventVisibility.PUBLIC
    )
    min_tier = models.ForeignKey(
        "members.Tier",
        verbose_name="minimum tier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="With 'members of a minimum tier': the lowest tier that may RSVP.",
    )

    class Meta:
        abstract = True


class EventSeries(EventTemplateFields):
    """A recurring event: an RRULE on the local wall-clock time, so 19:00 Kyiv stays 19:00 on
    both sides of a daylight-saving change. Occurrences are ordinary events made from this
    template by a daily job; a series has at most one occurrence a day."""

    group = models.ForeignKey(
        UserGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="series",
        help_text="Empty for a series of the whole hub.",
    )
    slug = models.SlugField(max_length=200)
    rrule = models.CharField(
        "recurrence rule",
        max_length=300,
        help_text="RFC 5545 RRULE without DTSTART, e.g. FREQ=MONTHLY;BYDAY=1WE",
    )  # checked by events.services.series.rrule_validate on every write
    starts_on = models.DateField(help_text="The first day the rule may produce.")
    local_start_time = models.TimeField(help_text="Wall-clock start in the series' time zone.")
    duration_minutes = models.PositiveIntegerField(default=90)
    rsvp_deadline_minutes_before = models.PositiveIntegerField(
        "RSVP deadline (minutes before the start)",
        null=True,
        blank=True,
        help_text="Close RSVPs this many minutes before each start.",
    )
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_series",
        help_text="Made hosts of each new occurrence.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive series get no new occurrences."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "event series"
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility="tier") | Q(min_tier__isnull=False),
                name="event_series_tier_visibility_has_tier",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Event(EventTemplateFields):
    group = models.ForeignKey(
        UserGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="Empty for an event of the whole hub.",
    )
    slug = models.SlugField(max_length=200)
    status = models.CharField(
        max_length=16, choices=EventStatus.choices, default=EventStatus.PUBLISHED
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    rsvp_deadline = models.DateTimeField(
        "RSVP deadline",
        null=True,
        blank=True,
        help_text="Empty: RSVPs stay open until the event starts.",
    )
    recording_url = models.URLField(
        "recording link",
        max_length=500,
        blank=True,
        help_text="Sent to the checked-in attendees after the event.",
    )
    transcript_url = models.URLField("transcript link", max_length=500, blank=True)
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    occurrence_date = models.DateField(
        null=True,
        blank=True,
        help_text="For an occurrence: the local date the rule produced (the generation key).",
    )
    detached_from_series = models.BooleanField(
        default=False, help_text="Edited on its own: changes to the whole series skip it."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=~Q(visibility="tier") | Q(min_tier__isnull=False),
                name="event_tier_visibility_has_tier",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=Q(series__isnull=False),
                name="one_occurrence_per_series_day",
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"pk": self.pk})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        if self.visibility == EventVisibility.TIER and self.min_tier_id is None:
            errors["min_tier"] = "Choose the minimum tier for a tier-restricted event."
        if self.rsvp_deadline and self.starts_at and self.rsvp_deadline > self.starts_at:
            errors["rsvp_deadline"] = "The RSVP deadline cannot be after the start."
        if errors:
            raise ValidationError(errors)


class EventHost(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "Host"
        SPEAKER = "speaker", "Speaker"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="hosts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_events"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.HOST)

    class Meta:
        ordering = ["event_id", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="event_host_once")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.member}"


class RsvpStatus(models.TextChoices):
    GOING = "going", "Going"
    WAITLISTED = "waitlisted", "On the waitlist"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Declined a freed seat"


class Rsvp(models.Model):
    """A member's answer to an event. The waitlist is first come, first served: ordered by
    `queue_number`, given under the event's lock, so the order is the order in which requests
    took the lock (a clock read before the lock is not: a request that read it earlier may get
    the lock later)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=16, choices=RsvpStatus.choices)
    queued_at = models.DateTimeField(help_text="When the member last asked for a seat.")
    queue_number = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The place in the order of asking, given under the event's lock: each "
        "request for a seat (again after a cancel too) gets the next number of its event.",
    )
    updated_at = models.DateTimeField()
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When a freed seat went to them from the waitlist."
    )
    checked_in_at = models.DateTimeField("checked in at", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    walk_in = models.BooleanField(
        default=False, help_text="Checked in at the door without a seat; may exceed capacity."
    )

    class Meta:
        verbose_name = "RSVP"
        ordering = ["event_id", "queue_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="one_rsvp_per_member"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="going"),
                name="rsvp_checked_in_is_going",
            ),
            models.UniqueConstraint(
                fields=["event", "queue_number"], name="one_rsvp_per_queue_number"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queue_number", "id"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class AttendeesMessage(models.Model):
    """A manager's message to the people with a seat at an event. Its deliveries are EventEmail
    rows (one a recipient), so a retry after a failure midway skips those already emailed."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class EventEmail(models.Model):
    """Which email about an event went to whom: the row is the guarantee of "once". Written in
    the same transaction as the email is sent, so a failed send leaves no row and is tried
    again, and a retry skips everyone who has one."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder 24 hours before"
        FOLLOW_UP = "follow_up", "Follow-up after the event"
        CANCELLED = "cancelled", "The event is cancelled"
        MESSAGE = "message", "A manager's message to the attendees"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="emails_sent")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    message = models.ForeignKey(
        AttendeesMessage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text="For a manager's message: which one (a member may get several).",
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member", "kind"],
                condition=Q(message__isnull=True),
                name="event_email_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["message", "member"],
                condition=Q(message__isnull=False),
                name="event_message_once_per_member",
            ),
            models.CheckConstraint(
                condition=Q(kind="message", message__isnull=False)
                | (~Q(kind="message") & Q(message__isnull=True)),
                name="event_email_message_has_message",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.member_id} for {self.event_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A member's private calendar feed: whoever has the URL sees their confirmed events, so
    the member can reset the token to cut off an old URL."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.member_id}"


class HealthStatus(models.TextChoices):
    HEALTHY = "healthy", "Healthy"
    AT_RISK = "at_risk", "At risk"
    INACTIVE = "inactive", "Inactive"


class GroupHealthSnapshot(models.Model):
    """A group's health over the three months ending with `month` (see events.services.health
    for the exact definition of each component). Recomputing the same month replaces the row."""

    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="health_snapshots")
    month = models.DateField(help_text="First day of the last month of the three-month window.")
    computed_at = models.DateTimeField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    frequency = models.DecimalField(max_digits=5, decimal_places=1)
    attendance = models.DecimalField(max_digits=5, decimal_places=1)
    growth = models.DecimalField(max_digits=5, decimal_places=1)
    leader = models.DecimalField(max_digits=5, decimal_places=1)
    score = models.DecimalField(max_digits=5, decimal_places=1)
    status = models.CharField(max_length=16, choices=HealthStatus.choices)
    inputs = models.JSONField(default=dict, help_text="The counts the components came from.")

    class Meta:
        ordering = ["group_id", "-month"]
        get_latest_by = "month"
        constraints = [
            models.UniqueConstraint(fields=["group", "month"], name="one_health_snapshot_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month:%Y-%m}: {self.score}"
