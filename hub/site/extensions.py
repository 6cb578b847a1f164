"""The site's own entries in the registries it reads: the home link, the managers' console and
admin links, the heartbeat job that proves beat and a worker are alive, the console's section
on scheduled jobs, and how the site's audit entries read."""

from django.urls import reverse

from hub.core.extension_points import (
    AuditAction,
    ConsoleCard,
    ConsoleSection,
    ExportSection,
    LeaveHandler,
    NavLink,
    ScheduledJob,
    audit_actions,
    console_sections,
    export_sections,
    leave_handlers,
    navigation_links,
    scheduled_jobs,
)
from hub.core.text import counted
from hub.site.models import JobRun, SegmentDelivery, SegmentMessage
from hub.site.schedule import HEARTBEAT_JOB
from hub.site.selectors import jobs_needing_attention

APP = "hub_site"

AUDIT_ACTIONS = {
    "job.run_now": "{actor} ran the scheduled job “{job}” now",
    "job.pause": "{actor} paused the scheduled job “{job}”",
    "job.resume": "{actor} resumed the scheduled job “{job}”",
    "segment_message.send": lambda v: (
        f"{v['actor']} emailed {counted(v['count'], 'member')}, {v['segment']}: "
        f"“{v['email_subject']}”"
    ),
}


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return f"{shown} and {len(names) - 3} more" if len(names) > 3 else shown


def jobs_console_cards(*, now) -> list[ConsoleCard]:
    """The managers' console: scheduled jobs paused, and jobs whose latest run failed (one
    query)."""

    jobs = jobs_needing_attention()
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    return [
        ConsoleCard(
            label="Scheduled jobs whose last run failed",
            count=len(jobs["failed"]),
            url=f"{changelist}?last_run=failed",
            detail=_names(jobs["failed"]) or "Every job's latest run went through",
            needs_attention=bool(jobs["failed"]),
        ),
        ConsoleCard(
            label="Scheduled jobs paused",
            count=len(jobs["paused"]),
            url=f"{changelist}?enabled__exact=0",
            detail=_names(jobs["paused"]) or "Every job runs on its schedule",
            needs_attention=bool(jobs["paused"]),
        ),
    ]


def job_runs_export(member) -> list[dict]:
    """The scheduled-job runs the member (a manager) asked for with "Run now"."""

    return list(
        JobRun.objects.filter(requested_by=member).order_by("id").values("job", "sent_at", "status")
    )


def segment_messages_export(member) -> dict:
    """The managers' messages the member was sent (and, for a manager, those they wrote)."""

    return {
        "received": list(
            SegmentDelivery.objects.filter(member=member, sent_at__isnull=False)
            .order_by("sent_at", "id")
            .values("message__subject", "message__segment_name", "sent_at")
        ),
        "written": list(
            SegmentMessage.objects.filter(author=member)
            .order_by("created_at", "id")
            .values("subject", "segment_name", "created_at")
        ),
    }


def site_data_erase(*, member, now) -> None:
    """A run a manager asked for stays (it ran) and forgets who asked; the audit log, which
    erases on its own terms, keeps the rest. Messages not yet delivered to the leaver are not
    sent; the rows of those delivered stay (they name no one), so the counts stay true."""

    JobRun.objects.filter(requested_by=member).update(requested_by=None)
    SegmentDelivery.objects.filter(member=member, sent_at__isnull=True).delete()


def register() -> None:
    navigation_links.register(NavLink(app=APP, label="Home", url_name="home", order=0))
    navigation_links.register(
        NavLink(
            app=APP, label="Admin console", url_name="admin:index", audience="manager", order=900
        )
    )
    scheduled_jobs.register(
        ScheduledJob(
            app=APP,
            name=HEARTBEAT_JOB,
            task="hub.core.tasks.ping",
            description="Proves that beat and a worker are alive; look for it in the worker log.",
            minute="*/10",
        )
    )
    console_sections.register(
        ConsoleSection(
            app=APP, name="jobs", title="Scheduled jobs", collect=jobs_console_cards, order=900
        )
    )
    navigation_links.register(
        NavLink(app=APP, label="Manage", url_name="console", audience="manager", order=890)
    )
    export_sections.register(
        ExportSection(app=APP, name="job_runs_requested", collect=job_runs_export, order=950)
    )
    export_sections.register(
        ExportSection(app=APP, name="segment_messages", collect=segment_messages_export, order=951)
    )
    leave_handlers.register(LeaveHandler(app=APP, name="site", erase=site_data_erase, order=950))
    for code, sentence in AUDIT_ACTIONS.items():
        audit_actions.register(AuditAction(app=APP, code=code, sentence=sentence))
