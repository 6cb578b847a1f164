"""What the metrics app plugs into hub's extension points (called from `MetricsConfig.ready`).

Its pages at /metrics/ and its models run by the community managers, then one function an area:
surveys and the weekly digest (`register_surveys`): their pages' links, the dashboard's and the
ambassador programme's panels, the managers' console card, the post-event survey link of the
events follow-up, the digest job, the demo surveys, "Your data" and leaving, audit sentences.
"""

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse

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
    SurveyLinkProvider,
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
    survey_link_providers,
    url_mounts,
)
from hub.core.text import counted
from hub.core.timeutils import month_of, previous_month
from metrics import demo_snapshots, demo_surveys
from metrics.models import MonthlySnapshot, SnapshotRevision
from metrics.selectors.digests import export_digest_deliveries
from metrics.selectors.exports import export_member_months
from metrics.selectors.surveys import (
    ambassador_survey_last_closed,
    export_survey_answers,
    survey_headline,
    surveys_open_at,
    surveys_open_for_member,
)
from metrics.selectors.targets import STATUS_LABELS, target_status, targets_load
from metrics.services.digests import digest_deliveries_erase
from metrics.services.surveys import event_survey_link, survey_answers_erase

APP = "metrics"


# --- Surveys and the weekly digest -----------------------------------------------------------

#: The ambassador programme's NPS target (the strategy: above 70).
AMBASSADOR_NPS_TARGET = 70

SURVEY_AUDIT_ACTIONS = {
    "survey.create": "{actor} created the {kind_label} survey “{title}”",
    "survey.edit": "{actor} changed the survey “{title}” ({fields})",
    "survey.close": "{actor} closed the survey “{title}” early",
    "digest.send": lambda v: (
        f"The weekly digest of {v['week']} went to {counted(v['count'], 'member')}"
    ),
    "digest.unsubscribe": "{subject} unsubscribed from the weekly digest",
}

DIGEST_JOB = ScheduledJob(
    app=APP,
    name="metrics-weekly-digest",
    task="metrics.tasks.digests.digest_weekly",
    description="Mondays at 09:00: emails the past week's wins and the coming week's events to "
    "members who opted in; once per member and week, however often it runs.",
    minute="0",
    hour="9",
    day_of_week="1",
)


def open_surveys_panel(*, member, now: datetime, **_page_values) -> dict:
    """The member's dashboard: open surveys they may answer (one query)."""

    return {"surveys": surveys_open_for_member(member=member, now=now, limit=5)}


def ambassador_nps_panel(*, now: datetime, **_page_values) -> dict:
    """The ambassador programme's manager page: the NPS of the last closed ambassador survey
    and its answer count against the target (one query)."""

    survey = ambassador_survey_last_closed(now=now)
    nps = survey_headline(survey) if survey is not None else None
    return {
        "survey": survey,
        "nps": nps,
        "target": AMBASSADOR_NPS_TARGET,
        "on_target": nps is not None and nps > AMBASSADOR_NPS_TARGET,
    }


def surveys_console(*, now: datetime) -> list[ConsoleCard]:
    """The managers' console: how many surveys are open and how many answers they have."""

    row = surveys_open_at(now).aggregate(
        surveys=Count("pk", distinct=True), answers=Count("answers")
    )
    return [
        ConsoleCard(
            label="Open surveys",
            count=row["surveys"],
            url=reverse("metrics:survey_manage_list"),
            detail=f"{counted(row['answers'], 'answer')} so far",
        )
    ]


def register_surveys() -> None:

    navigation_links.register(
        NavLink(
            app=APP, label="Surveys", url_name="metrics:survey_list", audience="member", order=85
        )
    )
    page_panels.register(
        PagePanel(
            app=APP,
            page="members.dashboard",
            name="open_surveys",
            template="metrics/_survey_dashboard_panel.html",
            context=open_surveys_panel,
            order=30,
        )
    )
    page_panels.register(
        PagePanel(
            app=APP,
            page="ambassadors.programme_manage",
            name="ambassador_nps",
            template="metrics/_survey_ambassador_nps_panel.html",
            context=ambassador_nps_panel,
            order=50,
        )
    )
    console_sections.register(
        ConsoleSection(app=APP, name="surveys", title="Surveys", collect=surveys_console, order=85)
    )
    survey_link_providers.register(SurveyLinkProvider(app=APP, link=event_survey_link))
    scheduled_jobs.register(DIGEST_JOB)
    # After events (post-event surveys need checked-in attendees), before the snapshots (90).
    demo_steps.register(DemoStep(app=APP, name="surveys", run=demo_surveys.seed_surveys, order=85))
    export_sections.register(
        ExportSection(app=APP, name="survey_answers", collect=export_survey_answers, order=80)
    )
    export_sections.register(
        ExportSection(app=APP, name="digest_deliveries", collect=export_digest_deliveries, order=81)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="survey_answers", erase=survey_answers_erase, order=80)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="digest_deliveries", erase=digest_deliveries_erase, order=81)
    )
    for code, sentence in SURVEY_AUDIT_ACTIONS.items():
        audit_actions.register(AuditAction(app=APP, code=code, sentence=sentence))


# --- Snapshots, rollups, targets, cohorts, the dashboard and the monthly report ---------------

SNAPSHOT_AUDIT_ACTIONS = {
    "snapshot.freeze": "{actor} froze the figures of {month} ({by})",
    "snapshot.restate": "{actor} restated {month} ({fields} changed): {reason}",
    "targets.edit": "{actor} {verb} {what} ({fields})",
    "report.create": lambda v: (
        f"The monthly report of {v['month']} was written "
        f"({counted(v['restatements'], 'restatement')})"
    ),
}


SNAPSHOT_JOBS = [
    ScheduledJob(
        app=APP,
        name="metrics-snapshots-nightly",
        task="metrics.tasks.snapshots.snapshots_nightly",
        description="Every night at 01:30: recomputes the running month's provisional figures "
        "and recounts the late data of the frozen months.",
        minute="30",
        hour="1",
    ),
    ScheduledJob(
        app=APP,
        name="metrics-snapshots-monthly",
        task="metrics.tasks.snapshots.snapshots_monthly",
        description="On the 1st at 02:00: computes and freezes the month that just ended, then "
        "emails its monthly report to the managers; a second run changes nothing.",
        minute="0",
        hour="2",
        day_of_month="1",
    ),
]


def rollup_rows_kept(*, member, now: datetime) -> None:
    """Leaving keeps the member's rollup rows as they are: they are counts of activity (how
    many, which month), not personal data, and every past month's figures and cohorts are
    computed from them, so erasing them would change months already reported. The member row
    they point at is anonymised by the members app."""


def metrics_console(*, now: datetime) -> list[ConsoleCard]:
    """The managers' console: the last complete month's active users against its target, and
    the frozen months with late data or restatements the next report has not told yet. A
    fixed handful of queries."""

    last = previous_month(month_of(now))
    snapshot = MonthlySnapshot.objects.filter(month=last).first()
    dashboard = reverse("metrics:dashboard")
    if snapshot is None:
        headline = ConsoleCard(
            label=f"Figures of {last:%B %Y}",
            count=0,
            url=dashboard,
            detail="not computed yet",
            needs_attention=True,
        )
    else:
        target = targets_load().target("active_users", last)
        status = target_status(snapshot.active_users, target)
        headline = ConsoleCard(
            label=f"Active users in {last:%B %Y}",
            count=snapshot.active_users,
            url=dashboard,
            detail=(
                f"of {snapshot.total_members} members"
                + (f"; target {target}: {STATUS_LABELS[status].lower()}" if target else "")
                + ("; provisional" if snapshot.is_provisional else "")
            ),
            needs_attention=status == "behind",
        )
    late = MonthlySnapshot.objects.filter(is_provisional=False).filter(
        Q(late_activities__gt=0) | Q(late_members__gt=0) | Q(late_previous_restated=True)
    )
    unreported = SnapshotRevision.objects.filter(reported_in__isnull=True).count()
    return [
        headline,
        ConsoleCard(
            label="Frozen months with late data",
            count=late.count(),
            url=dashboard,
            detail="data recorded, corrected or removed after the month was frozen",
            needs_attention=late.exists(),
        ),
        ConsoleCard(
            label="Restatements not yet reported",
            count=unreported,
            url=dashboard,
            detail="listed in the next monthly report",
        ),
    ]


def register_snapshots() -> None:

    api_mounts.register(ApiMount(app=APP, urlconf="metrics.api.urls", order=90))
    navigation_links.register(
        NavLink(app=APP, label="Numbers", url_name="metrics:public_numbers", order=60)
    )
    navigation_links.register(
        NavLink(
            app=APP, label="Metrics", url_name="metrics:dashboard", audience="manager", order=90
        )
    )
    console_sections.register(
        ConsoleSection(app=APP, name="metrics", title="Metrics", collect=metrics_console, order=80)
    )
    for job in SNAPSHOT_JOBS:
        scheduled_jobs.register(job)
    # Last: the figures count what every other step made.
    demo_steps.register(
        DemoStep(app=APP, name="metrics", run=demo_snapshots.seed_snapshots, order=90)
    )
    export_sections.register(
        ExportSection(app=APP, name="monthly_rollup", collect=export_member_months, order=90)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="monthly_rollup", erase=rollup_rows_kept, order=90)
    )
    for code, sentence in SNAPSHOT_AUDIT_ACTIONS.items():
        audit_actions.register(AuditAction(app=APP, code=code, sentence=sentence))


# --- The whole app ---------------------------------------------------------------------------


def register() -> None:
    url_mounts.register(UrlMount(app=APP, urlconf="metrics.urls", prefix="metrics/", order=90))
    managed_apps.register(ManagedApp(app=APP))
    register_surveys()
    register_snapshots()
