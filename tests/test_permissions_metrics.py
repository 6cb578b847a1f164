"""Who may open or do what on every URL of the metrics engine: the managers' dashboard, a month's
page and its restatement, attribution, the downloads, the public numbers page and the API.

Roles: anonymous, a member, and a community manager. The format and its outcomes ("login",
"400", …) are described in `tests/permissions.py`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from hub.core.timeutils import month_bounds, previous_month
from metrics.models import MonthlySnapshot, SnapshotRevision
from metrics.services.reports import monthly_report_for_month
from metrics.services.snapshots import snapshots_compute_range
from metrics.tests.helpers import did, person
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "manager")


def build() -> World:
    """Last month frozen (and its report sent), this month provisional, and a late answer for
    last month (so a restatement has something to change)."""
    people = people_build(ROLES)
    now = timezone.now()
    this = month_bounds(now)[0].date()
    last = previous_month(this)
    did(people["member"], "code", month_bounds(last)[0] + timedelta(days=1))
    list(
        snapshots_compute_range(
            first=last, last=this, now=now - timedelta(minutes=1), computed_by="job"
        )
    )
    monthly_report_for_month(month=last, now=now)
    late = person(month_bounds(last)[0] - timedelta(days=5), name="Late Lina")
    did(late, "answer", month_bounds(last)[0] + timedelta(days=2), recorded=now)
    return World(
        people=people,
        placeholders={"last": f"{last:%Y-%m}", "this": f"{this:%Y-%m}"},
        last=last,
    )


world = world_fixture(build)


def restatement(world):
    snapshot = MonthlySnapshot.objects.get(month=world.last)
    return (snapshot.active_users, snapshot.restated_at, SnapshotRevision.objects.count())


ROWS = [
    Row("dashboard", "GET", "/metrics/", "login 403 200"),
    Row("month page", "GET", "/metrics/months/{last}/", "login 403 200"),
    Row("running month page", "GET", "/metrics/months/{this}/", "login 403 200"),
    Row("month never computed", "GET", "/metrics/months/2001-01/", "login 403 404"),
    Row(
        "restate a month",
        "POST",
        "/metrics/months/{last}/restate/",
        "login 403 302",
        data={"reason": "A late import"},
        effect=restatement,
    ),
    Row(
        "restate without a reason",
        "POST",
        "/metrics/months/{last}/restate/",
        "login 403 400",
        data={"reason": ""},
        effect=restatement,
    ),
    Row(
        "restate the running month",
        "POST",
        "/metrics/months/{this}/restate/",
        "login 403 400",
        data={"reason": "Too early"},
        effect=lambda world: SnapshotRevision.objects.count(),
    ),
    Row("restate by get", "GET", "/metrics/months/{last}/restate/", "405 405 405"),
    Row("attribution", "GET", "/metrics/attribution/", "login 403 200"),
    Row("snapshots csv", "GET", "/metrics/snapshots.csv", "login 403 200"),
    Row("snapshots json", "GET", "/metrics/snapshots.json", "login 403 200"),
    Row("cohorts csv", "GET", "/metrics/cohorts.csv", "login 403 200"),
    Row("cohorts json", "GET", "/metrics/cohorts.json", "login 403 200"),
    Row("public numbers", "GET", "/metrics/community/", "200 200 200"),
    Row("report list", "GET", "/metrics/reports/", "login 403 200"),
    Row("report", "GET", "/metrics/reports/{last}/", "login 403 200"),
    Row("report never written", "GET", "/metrics/reports/2001-01/", "login 403 404"),
    Row("api monthly", "GET", "/api/v1/metrics/monthly/", "401 403 200"),
    Row(
        "api monthly range", "GET", "/api/v1/metrics/monthly/?from={last}&to={this}", "401 403 200"
    ),
    Row("api monthly bad month", "GET", "/api/v1/metrics/monthly/?from=2026-3", "401 403 400"),
]

test_permission_matrix = matrix_test(ROLES, ROWS)


def test_a_member_sees_no_metrics_link_and_a_manager_does(world):
    member_page = world.client("member").get("/").content.decode()
    manager_page = world.client("manager").get("/").content.decode()
    assert 'href="/metrics/"' not in member_page
    assert 'href="/metrics/"' in manager_page
    assert 'href="/metrics/community/"' in member_page
