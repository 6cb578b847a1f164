"""Who may open or do what in the managers' console (/manage/) and on the scheduled jobs it
links to: community managers only; members are refused, visitors asked to log in.

Roles: anonymous, a member and a community manager. The format is in `tests/permissions.py`.
"""

import pytest
from django_celery_beat.models import PeriodicTask

from events.tests.factories import GroupMembershipFactory, UserGroupFactory
from hub.site.models import JobRun, SegmentMessage
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "manager")


def build() -> World:
    people = people_build(ROLES)
    badge_job = PeriodicTask.objects.get(name="members-badge-rules")
    group = UserGroupFactory(name="Kyiv Python", leader=people["member"])
    GroupMembershipFactory(group=group, member=people["member"])
    return World(
        people=people,
        placeholders={"job": badge_job.pk},
        job=badge_job,
        message={
            "segment": f"group:{group.pk}",
            "subject": "Venue change",
            "body": "We meet at the library.",
        },
    )


world = world_fixture(build)


def messages_sent(world):
    return SegmentMessage.objects.count()


def job_runs(world):
    return JobRun.objects.count()


def job_enabled(world):
    return PeriodicTask.objects.get(pk=world.job.pk).enabled


ROWS = [
    Row("console", "GET", "/manage/", "login 403 200"),
    Row("messages sent", "GET", "/manage/messages/", "login 403 200"),
    Row("write a message", "GET", "/manage/messages/new/", "login 403 200"),
    Row(
        "preview a message",
        "POST",
        "/manage/messages/new/",
        "login 403 200=",
        data=lambda w: {**w.message, "action": "preview"},
        effect=messages_sent,
    ),
    Row(
        "send a message",
        "POST",
        "/manage/messages/new/",
        "login 403 302",
        data=lambda w: {**w.message, "action": "send"},
        effect=messages_sent,
    ),
    Row(
        "run a job now",
        "POST",
        "/admin/django_celery_beat/periodictask/",
        "login login 302",
        data=lambda w: {"action": "run_now", "_selected_action": [w.job.pk]},
        effect=job_runs,
    ),
    Row(
        "pause a job",
        "POST",
        "/admin/django_celery_beat/periodictask/",
        "login login 302",
        data=lambda w: {"action": "pause", "_selected_action": [w.job.pk]},
        effect=job_enabled,
    ),
    Row(
        "a job's page",
        "GET",
        "/admin/django_celery_beat/periodictask/{job}/change/",
        "login login 200",
    ),
]

test_permission_matrix = matrix_test(ROLES, ROWS)
