"""What the events app plugs into hub's extension points (called from `EventsConfig.ready`).

Its pages (at the site root: /events/… and /groups/…) and API, its navigation links, its panel
on the member's dashboard, its reminder, follow-up, series and group-health jobs, its demo
step, its sections of "Your data", what leaving does to a member's seats, groups and roles, and
how its audit entries read.
"""

from events import demo
from events.selectors import account as export
from events.selectors.rsvps import member_upcoming_rsvps
from events.services.account import member_events_leave
from hub.core.extension_points import (
    ApiMount,
    AuditAction,
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
    demo_steps,
    export_sections,
    leave_handlers,
    managed_apps,
    navigation_links,
    page_panels,
    scheduled_jobs,
    url_mounts,
)

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
    "group.co_organizers": "{actor} set {count} co-organizer(s) of {group}",
    "group.leader_left": "{subject} left the community, so {group} has no leader until a "
    "manager chooses one",
    "group.co_organizer_left": "{subject} left the community and no longer co-organizes "
    "{group} ({co_organizers_left} co-organizer(s) left)",
    "group.health": "{actor} recomputed the health of {groups} group(s)",
    "event.create": "{actor} added {event} ({status}) to {group}",
    "event.update": "{actor} changed {event} ({fields})",
    "event.hosts": "{actor} set {host_count} host(s) of {event} on {occurrences} occurrence(s)",
    "event.cancel": "{actor} cancelled {event}; {told} attendee(s) told",
    "event.duplicate": "{actor} duplicated {event} as a draft",
    "event.host_left": "{subject} left the community and no longer hosts {event}",
    "event.email_attendees": "{actor} emailed {count} confirmed attendee(s) of {event}: "
    "“{email_subject}”",
    "series.create": "{actor} added the series {series}",
    # Recorded by the series admin before it went through series_update: kept for those entries.
    "series.edit": "{actor} changed the series {series}",
    "series.update": "{actor} changed the series {series} and {occurrences} future "
    "occurrence(s) ({fields})",
    "series.generate": "{actor} generated {count} occurrence(s)",
    "rsvp.going": "{subject} took a seat at {event}",
    "rsvp.waitlisted": "{subject} joined the waitlist of {event}",
    "rsvp.promoted": "A freed seat at {event} went to {subject}",
    "rsvp.cancelled": "{subject} gave up their {place} at {event}",
    "rsvp.declined": "{subject} declined their {place} at {event}",
    "rsvp.checkin": lambda v: (
        f"{v['actor']} checked {v['subject']} in to {v['event']}{_walk_in(v)}"
    ),
    "calendar_feed.reset": "{subject} reset their calendar feed address",
}
# What managers delete in the admin (events.admin.shared.ServiceAdmin).
for _name in ("group", "event", "series"):
    AUDIT_ACTIONS[f"{_name}.delete"] = "{actor} deleted {what} “{title}” in the admin"


def upcoming_rsvps_panel(*, member, now) -> dict:
    return {"rsvps": list(member_upcoming_rsvps(member=member, now=now, limit=5))}


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
    managed_apps.register(ManagedApp(app=APP))
