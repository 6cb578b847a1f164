"""The scheduled jobs in the admin console, made for managers: each job with what it does, its
schedule in words, its last run and how it ended; pause, resume and "Run now" (recorded and
audited). The jobs themselves come from the code (every app registers its own; `migrate`
copies them here), so nothing but pausing is edited here, and the heartbeat, which only proves
that the scheduler and a worker are alive, is shown to superusers only."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_celery_beat.models import PeriodicTask

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.text import counted, noun_for
from hub.site.jobs import job_run_now
from hub.site.models import JobRun
from hub.site.schedule import HEARTBEAT_JOB, beat_schedule, schedule_in_words
from hub.site.selectors import jobs_with_last_run

#: How many recent runs a job's page lists.
RUNS_SHOWN = 10


def _why(run: JobRun) -> str:
    if run.sent_at is None:
        return "On schedule"
    return f"Run now by {run.requested_by}" if run.requested_by_id else "Run now by a former member"


class LastRunFilter(admin.SimpleListFilter):
    title = "last run"
    parameter_name = "last_run"

    def lookups(self, request, model_admin):
        return [
            ("failed", "Failed"),
            ("succeeded", "Succeeded"),
            ("never", "Not run yet"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "never":
            return queryset.filter(last_run_status__isnull=True)
        if self.value() in {"failed", "succeeded"}:
            return queryset.filter(last_run_status=self.value())
        return queryset


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "schedule", "enabled", "last_run", "result"]
    list_display_links = ["name"]
    list_filter = ["enabled", LastRunFilter]
    search_fields = ["name", "description"]
    list_select_related = ["crontab", "interval", "clocked", "solar"]
    ordering = ["name"]
    fields = ["name", "description", "schedule", "enabled", "task", "recent_runs"]
    readonly_fields = ["name", "description", "schedule", "task", "recent_runs"]
    actions = ["run_now", "pause", "resume"]

    def get_queryset(self, request):
        jobs = jobs_with_last_run(super().get_queryset(request))
        if not request.user.is_superuser:
            # Managers see the jobs the apps registered, less the heartbeat; not whatever else
            # beat keeps in its table.
            registered = set(beat_schedule()) - {HEARTBEAT_JOB}
            jobs = jobs.filter(name__in=registered)
        return jobs

    def changelist_view(self, request, extra_context=None):
        title = "Scheduled jobs: what runs on its own, and how it last ended"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_add_permission(self, request):
        return False  # jobs are registered in the code and copied here at every migrate

    def has_delete_permission(self, request, obj=None):
        return False  # the next migrate would bring it back; pause it instead

    @admin.display(description="when it runs")
    def schedule(self, job) -> str:
        return schedule_in_words(job)

    @admin.display(description="last run", ordering="last_run_at")
    def last_run(self, job):
        finished = getattr(job, "last_run_finished_at", None)
        when = finished or job.last_run_at
        if when is None:
            return "Not run yet"
        return timezone.localtime(when).strftime("%d %b %Y, %H:%M")

    @admin.display(description="result")
    def result(self, job):
        status = getattr(job, "last_run_status", None)
        if status is None:
            return "Not run yet"
        label = JobRun.Status(status).label
        said = job.last_run_error if status == JobRun.Status.FAILED else job.last_run_summary
        if said:
            return format_html("<strong>{}</strong>: {}", label, said[:200])
        return label

    @admin.display(description="recent runs")
    def recent_runs(self, job):
        runs = JobRun.objects.filter(job=job.name).select_related("requested_by__profile")[
            :RUNS_SHOWN
        ]
        if not runs:
            return "Not run yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(run.started_at or run.sent_at).strftime("%d %b %Y, %H:%M")
                    if (run.started_at or run.sent_at)
                    else "not started",
                    _why(run),
                    run.get_status_display(),
                    run.error or run.summary or "",
                )
                for run in runs
            ),
        )
        return format_html(
            "<table><thead><tr><th>Started</th><th>Why</th><th>Result</th><th>What it said"
            "</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def save_model(self, request, obj, form, change):
        """Only `enabled` can change here: pausing or resuming, audited like the actions."""
        if "enabled" in form.changed_data:
            self._set_enabled(request, PeriodicTask.objects.filter(pk=obj.pk), obj.enabled)

    def _set_enabled(self, request, queryset, enabled: bool) -> int:
        now, changed = timezone.now(), 0
        with transaction.atomic():
            jobs = PeriodicTask.objects.filter(pk__in=queryset.values("pk"))
            for job in jobs.select_for_update().order_by("pk"):
                if job.enabled == enabled:
                    continue
                job.enabled = enabled
                job.save(update_fields=["enabled"])  # django-celery-beat tells beat on save
                audit_record(
                    actor=request.user,
                    action="job.resume" if enabled else "job.pause",
                    now=now,
                    data={"job": job.name},
                )
                changed += 1
        return changed

    @admin.action(description="Run the selected jobs now")
    def run_now(self, request, queryset):
        now, sent = timezone.now(), []
        for job in queryset.order_by("name"):
            try:
                job_run_now(job=job, actor=request.user, now=now)
                sent.append(job.name)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
        if sent:
            self.message_user(
                request,
                f"Sent {', '.join(sent)} to the worker; the result appears under “result” "
                "when the run ends.",
                messages.SUCCESS,
            )

    @admin.action(description="Pause the selected jobs")
    def pause(self, request, queryset):
        changed = self._set_enabled(request, queryset, False)
        self.message_user(
            request,
            f"Paused {counted(changed, 'job')}; "
            f"{noun_for(changed, 'it', 'they')} will not run until resumed.",
        )

    @admin.action(description="Resume the selected jobs")
    def resume(self, request, queryset):
        changed = self._set_enabled(request, queryset, True)
        self.message_user(
            request,
            f"Resumed {counted(changed, 'job')}; "
            f"{noun_for(changed, 'it runs on its', 'they run on their')} schedule again.",
        )
