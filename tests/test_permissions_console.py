"""Who may open or do what in the managers' console (/manage/) and on the scheduled jobs it
links to: community managers only; members are refused, visitors asked to log in.

Roles: anonymous, a member and a community manager. The format is in `tests/permissions.py`.
"""

import pytest
from django_celery_beat.models import PeriodicTask

from hub.site.models import JobRun
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "manager")


def build() -> World:
    badge_job = PeriodicTask.objects.get(name="members-badge-rules")
    return World(people=people_build(ROLES), placeholders={"job": badge_job.pk}, job=badge_job)


world = world_fixture(build)


def job_runs(world):
    return JobRun.objects.count()


def job_enabled(world):
    return PeriodicTask.objects.get(pk=world.job.pk).enabled


ROWS = [
    Row("console", "GET", "/manage/", "login 403 200"),
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
