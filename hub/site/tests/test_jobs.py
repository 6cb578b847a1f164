"""Scheduled jobs at run time: each run recorded (how it ended, what it said, who asked), "Run now"
from the admin (recorded and audited), pausing audited, and the admin's list made for managers."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from hub.core.models import AuditEntry
from hub.core.tasks import ping
from hub.site.jobs import JOB_HEADER, JOB_RUNS_KEPT, job_run_now
from hub.site.models import JobRun
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_celery_beat/periodictask/"


@shared_task(name="hub.site.tests.test_jobs.always_fails")
def always_fails() -> str:
    raise RuntimeError("The mail server said no")


def _job(name: str) -> PeriodicTask:
    return PeriodicTask.objects.get(name=name)


def test_run_now_sends_the_job_and_records_who_asked_and_how_it_ended(
    manager, client_for, django_capture_on_commit_callbacks
):
    # Given a member who earned the first-contribution badge and has not got it yet
    member = MemberFactory(joined_at=timezone.now() - timedelta(days=20))
    ActivityFactory(member=member, kind="code", occurred_at=timezone.now() - timedelta(days=1))
    job = _job("members-badge-rules")
    # When a manager runs the badge job now from the admin
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            CHANGELIST, {"action": "run_now", "_selected_action": [job.pk]}, follow=True
        )
    # then it ran, the badge is there, and the run says who asked and what the job said
    assert "Sent members-badge-rules to the worker" in response.content.decode()
    assert member.badge_awards.count() == 1
    run = JobRun.objects.get(job="members-badge-rules")
    assert (run.requested_by, run.status) == (manager, JobRun.Status.SUCCEEDED)
    assert run.summary == "Awarded first-contribution: 1"
    assert run.sent_at
    assert run.started_at
    assert run.finished_at
    # and the audit log says it in a sentence
    entry = AuditEntry.objects.get(action="job.run_now")
    assert entry.actor == manager
    assert entry.data == {"job": "members-badge-rules"}


def test_a_failed_run_is_recorded_with_its_error():
    # Given a job whose task fails, run as a worker runs it (the error is caught and stored)
    always_fails.apply(headers={JOB_HEADER: "fails"}, throw=False)
    # then its run is failed, with the error
    run = JobRun.objects.get(job="fails")
    assert run.status == JobRun.Status.FAILED
    assert run.error == "RuntimeError: The mail server said no"
    assert run.summary == ""


def test_a_run_now_that_fails_in_process_is_recorded_as_failed(
    manager, django_capture_on_commit_callbacks
):
    job = PeriodicTask.objects.create(
        name="fails",
        task="hub.site.tests.test_jobs.always_fails",
        crontab=_job("heartbeat").crontab,
    )
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        job_run_now(job=job, actor=manager, now=timezone.now())
    run = JobRun.objects.get(job="fails")
    assert (run.status, run.requested_by) == (JobRun.Status.FAILED, manager)


def test_a_job_naming_an_unknown_task_is_refused_and_nothing_is_recorded(manager):
    job = PeriodicTask.objects.create(
        name="gone", task="no.such.task", crontab=_job("heartbeat").crontab
    )
    with pytest.raises(Exception, match="names a task this version does not have"):
        job_run_now(job=job, actor=manager, now=timezone.now())
    assert not JobRun.objects.exists()
    assert not AuditEntry.objects.filter(action="job.run_now").exists()


def test_a_task_that_is_not_a_scheduled_job_is_not_recorded():
    ping.apply()
    assert not JobRun.objects.exists()


def test_each_job_keeps_only_its_latest_runs():
    for _ in range(JOB_RUNS_KEPT + 5):
        ping.apply(headers={JOB_HEADER: "heartbeat"})
    ping.apply(headers={JOB_HEADER: "other"})
    assert JobRun.objects.filter(job="heartbeat").count() == JOB_RUNS_KEPT
    assert JobRun.objects.filter(job="other").count() == 1
    assert JobRun.objects.filter(job="heartbeat", status=JobRun.Status.SUCCEEDED).count() == (
        JOB_RUNS_KEPT
    )


def test_pausing_and_resuming_a_job_is_audited(manager, client_for):
    job = _job("members-slipping-away")
    client = client_for(manager)
    client.post(CHANGELIST, {"action": "pause", "_selected_action": [job.pk]})
    assert _job("members-slipping-away").enabled is False
    client.post(CHANGELIST, {"action": "pause", "_selected_action": [job.pk]})  # already paused
    client.post(CHANGELIST, {"action": "resume", "_selected_action": [job.pk]})
    assert _job("members-slipping-away").enabled is True
    entries = AuditEntry.objects.filter(action__startswith="job.").order_by("id")
    assert list(entries.values_list("action", flat=True)) == ["job.pause", "job.resume"]


def test_the_job_list_says_what_each_job_does_when_and_how_it_last_ended(manager, client_for):
    ping.apply(headers={JOB_HEADER: "members-tier-suggestions"})
    page = client_for(manager).get(CHANGELIST).content.decode()
    assert "Suggests tier promotions and demotions" in page
    assert "every day at 05:15 Kyiv time" in page
    assert "<strong>Succeeded</strong>: pong" in page
    assert "Not run yet" in page


def test_the_heartbeat_is_out_of_managers_way_but_superusers_see_it(manager, client_for):
    from members.tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    # beat's own cleanup entry is no app's job either
    PeriodicTask.objects.create(
        name="celery.backend_cleanup",
        task="celery.backend_cleanup",
        crontab=_job("heartbeat").crontab,
    )
    managers_page = client_for(manager).get(CHANGELIST).content.decode()
    assert "heartbeat" not in managers_page
    assert "backend_cleanup" not in managers_page
    assert "members-badge-rules" in managers_page
    assert ">heartbeat<" in client_for(superuser).get(CHANGELIST).content.decode()
    heartbeat = _job("heartbeat")
    assert client_for(manager).get(f"{CHANGELIST}{heartbeat.pk}/change/").status_code == 302


def test_the_failed_filter_lists_the_jobs_whose_last_run_failed(manager, client_for):
    ping.apply(headers={JOB_HEADER: "members-tier-suggestions"})
    JobRun.objects.filter(job="members-tier-suggestions").update(status=JobRun.Status.FAILED)
    page = client_for(manager).get(CHANGELIST + "?last_run=failed").content.decode()
    assert "members-tier-suggestions" in page
    assert "members-badge-rules" not in page


def test_the_job_list_query_count_is_flat(manager, client_for, django_assert_max_num_queries):
    client = client_for(manager)
    for name in PeriodicTask.objects.values_list("name", flat=True):
        ping.apply(headers={JOB_HEADER: name})
    with django_assert_max_num_queries(15):
        assert client.get(CHANGELIST).status_code == 200


def test_a_manager_changes_only_whether_a_job_runs(manager, client_for):
    job = _job("members-badge-rules")
    response = client_for(manager).post(
        f"{CHANGELIST}{job.pk}/change/",
        {"enabled": "", "name": "renamed", "task": "hub.core.tasks.ping"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.enabled, job.name, job.task) == (
        False,
        "members-badge-rules",
        "members.tasks.recognition.badge_rules_daily",
    )
    assert AuditEntry.objects.get(action__startswith="job.").action == "job.pause"
