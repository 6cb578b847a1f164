"""What the events app plugs into hub's extension points (called from `EventsConfig.ready`).

Its pages (at the site root: /events/… and /groups/…) and API, its navigation links, its panel
on the member's dashboard, its reminder, follow-up, series and group-health jobs, its demo
step, its sections of "Your data", what leaving does to a member's seats, groups and roles, and
how its audit entries read.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from events import demo
from events.selectors import account as export
from events.selectors.events import events_starting_within
from events.selectors.health import groups_needing_attention_counts
from events.selectors.rsvps import member_upcoming_rsvps
from events.services.account import member_events_leave
from hub.core.extension_points import (
    ApiMount,
    AuditAction,
    ConsoleCard,
    ConsoleSection,
    DemoStep,
    ExportSection,
    LeaveHandler,
    ManagedApp,
    NavLink,
    PagePanel,
    ScheduledJob,
    UrlMount,
    api_mounts,
    audit_actions,
    console_sections,
    demo_steps,
    export_sections,
    leave_handlers,
    managed_apps,
    navigation_links,
    page_panels,
    scheduled_jobs,
    url_mounts,
)
from hub.core.text import counted

APP = "events"

JOBS = [
    ScheduledJob(
        app=APP,
        name="events-reminders",
        task="events.tasks.jobs.event_reminders_send_task",
        description="Emails everyone going to an event that starts within 24 hours; once per "
        "attendee and event, however often it runs.",
        minute="5",
    ),
    ScheduledJob(
        app=APP,
        name="events-follow-ups",
        task="events.tasks.jobs.event_follow_ups_send_task",
        description="After an event: credits its hosts and emails checked-in attendees the "
        "recording link (and the survey link); once per attendee.",
        minute="35",
    ),
    ScheduledJob(
        app=APP,
        name="events-series-occurrences",
        task="events.tasks.series.series_occurrences_generate_task",
        description="Keeps the next three months of occurrences of every active event series.",
        minute="20",
        hour="3",
    ),
    ScheduledJob(
        app=APP,
        name="events-group-health",
        task="events.tasks.health.group_health_compute_task",
        description="Computes every user group's health score for the month that just ended.",
        minute="40",
        hour="4",
        day_of_month="1",
    ),
]


def _walk_in(values: dict) -> str:
    return " (walk-in)" if values.get("walk_in") is True else ""


AUDIT_ACTIONS = {
    "group.create": "{actor} created the group {group}",
    "group.edit": "{actor} changed the group {group} ({fields})",
    # Recorded by the admin before group_update set co-organizers: kept for those entries.
    "group.co_organizers": lambda v: (
        f"{v['actor']} set {counted(v['count'], 'co-organizer')} of {v['group']}"
    ),
    "group.leader_left": "{subject} left the community, so {group} has no leader until a "
    "manager chooses one",
    "group.co_organizer_left": lambda v: (
        f"{v['subject']} left the community and no longer co-organizes {v['group']} "
        f"({counted(v['co_organizers_left'], 'co-organizer')} left)"
    ),
    "group.health": lambda v: (
        f"{v['actor']} recomputed the health of {counted(v['groups'], 'group')}"
    ),
    "event.create": "{actor} added {event} ({status}) to {group}",
    "event.update": "{actor} changed {event} ({fields})",
    "event.hosts": lambda v: (
        f"{v['actor']} set {counted(v['host_count'], 'host')} of {v['event']} on "
        f"{counted(v['occurrences'], 'occurrence')}"
    ),
    "event.cancel": lambda v: (
        f"{v['actor']} cancelled {v['event']}; {counted(v['told'], 'attendee')} told"
    ),
    "event.duplicate": "{actor} duplicated {event} as a draft",
    "event.host_left": "{subject} left the community and no longer hosts {event}",
    "event.email_attendees": lambda v: (
        f"{v['actor']} emailed {counted(v['count'], 'confirmed attendee')} of {v['event']}: "
        f"“{v['email_subject']}”"
    ),
    "series.create": "{actor} added the series {series}",
    # Recorded by the series admin before it went through series_update: kept for those entries.
    "series.edit": "{actor} changed the series {series}",
    "series.update": lambda v: (
        f"{v['actor']} changed the series {v['series']} and "
        f"{counted(v['occurrences'], 'future occurrence')} ({v['fields']})"
    ),
    "series.generate": lambda v: f"{v['actor']} generated {counted(v['count'], 'occurrence')}",
    "rsvp.going": "{subject} took a seat at {event}",
    "rsvp.waitlisted": "{subject} joined the waitlist of {event}",
    "rsvp.promoted": "A freed seat at {event} went to {subject}",
    "rsvp.cancelled": "{subject} gave up their {place} at {event}",
    "rsvp.declined": "{subject} declined their {place} at {event}",
    "rsvp.checkin": lambda v: (
        f"{v['actor']} checked {v['subject']} in to {v['event']}{_walk_in(v)}"
    ),
    "calendar_feed.reset": "{subject} reset their calendar feed address",
    "event.attendance_export": lambda v: (
        f"{v['actor']} downloaded the attendance of {v['event']} ({counted(v['count'], 'row')}"
        + (", with email addresses)" if v.get("with_emails") is True else ")")
    ),
}
# What managers delete in the admin (events.admin.shared.ServiceAdmin).
for _name in ("group", "event", "series"):
    AUDIT_ACTIONS[f"{_name}.delete"] = "{actor} deleted {what} “{title}” in the admin"


def upcoming_rsvps_panel(*, member, now) -> dict:
    return {"rsvps": list(member_upcoming_rsvps(member=member, now=now, limit=5))}


#: The managers' console lists the events of the next week, at most this many.
CONSOLE_EVENTS_DAYS = 7
CONSOLE_EVENTS_SHOWN = 8


def _fill(event) -> str:
    """ "12/20 going, 3 waiting" (or "12 going, no seat limit")."""
    going = (
        f"{event.going_count}/{event.capacity} going"
        if event.capacity
        else f"{event.going_count} going, no seat limit"
    )
    return f"{going}, {event.waitlist_count} waiting" if event.waitlist_count else going


def console_cards(*, now) -> list[ConsoleCard]:
    """The managers' console: groups at risk, inactive or without a leader, and the events of
    the coming week with their fill (three queries)."""

    groups = groups_needing_attention_counts()
    struggling = groups["at_risk"] + groups["inactive"]
    week = events_starting_within(now=now, days=CONSOLE_EVENTS_DAYS)
    total = week.count()
    cards = [
        ConsoleCard(
            label="Groups at risk or inactive",
            count=struggling,
            url=reverse("events:group_health"),
            detail=f"{groups['at_risk']} at risk, {groups['inactive']} inactive by their "
            "latest health score: talk to their leaders",
            needs_attention=struggling > 0,
        ),
        ConsoleCard(
            label="Groups without a leader",
            count=groups["without_leader"],
            url=reverse("admin:events_usergroup_changelist") + "?leader__isempty=1",
            detail="Their leader left: choose a new one",
            needs_attention=groups["without_leader"] > 0,
        ),
        ConsoleCard(
            label=f"Events in the next {CONSOLE_EVENTS_DAYS} days",
            count=total,
            url=reverse("events:event_list"),
            detail=f"The first {CONSOLE_EVENTS_SHOWN} are below"
            if total > CONSOLE_EVENTS_SHOWN
            else "",
        ),
    ]
    for event in week[:CONSOLE_EVENTS_SHOWN]:
        starts = timezone.localtime(event.starts_at, event.zone)
        cards.append(
            ConsoleCard(
                label=f"{event.title}, {date_format(starts, 'D j M, H:i')}",
                count=event.going_count,
                url=event.get_absolute_url(),
                detail=_fill(event),
                needs_attention=event.waitlist_count > 0,
            )
        )
    return cards


def register() -> None:
    url_mounts.register(UrlMount(app=APP, urlconf="events.urls", prefix="", order=20))
    api_mounts.register(ApiMount(app=APP, urlconf="events.api.urls", order=20))
    navigation_links.register(
        NavLink(app=APP, label="Events", url_name="events:event_list", order=20)
    )
    navigation_links.register(
        NavLink(app=APP, label="Groups", url_name="events:group_list", order=30)
    )
    navigation_links.register(
        NavLink(
            app=APP, label="My events", url_name="events:my_events", audience="member", order=25
        )
    )
    page_panels.register(
        PagePanel(
            app=APP,
            page="members.dashboard",
            name="upcoming_rsvps",
            template="events/_dashboard_rsvps.html",
            context=upcoming_rsvps_panel,
            order=20,
        )
    )
    for job in JOBS:
        scheduled_jobs.register(job)
    # After members (it seats them) and before recognition (event badges see the check-ins).
    demo_steps.register(DemoStep(app=APP, name="events", run=demo.seed_events, order=20))
    for order, (name, collect) in enumerate(
        [
            ("event_rsvps", export.export_rsvps),
            ("event_checkins", export.export_checkins),
            ("groups", export.export_groups),
            ("calendar_feed", export.export_calendar_feed),
            ("hosted_events", export.export_hosted_events),
        ]
    ):
        export_sections.register(
            ExportSection(app=APP, name=name, collect=collect, order=200 + order)
        )
    leave_handlers.register(LeaveHandler(app=APP, name="events", erase=member_events_leave))
    for code, sentence in AUDIT_ACTIONS.items():
        audit_actions.register(AuditAction(app=APP, code=code, sentence=sentence))
    console_sections.register(
        ConsoleSection(
            app=APP, name="events", title="Groups and events", collect=console_cards, order=20
        )
    )
    managed_apps.register(ManagedApp(app=APP))
