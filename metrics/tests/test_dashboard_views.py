"""The managers' dashboard, a month's page with its restatement form, the downloads, the
public numbers page and the API, as a manager (and a visitor) would use them."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from hub.core.timeutils import month_bounds
from metrics.models import MonthlySnapshot, ProgrammeSettings, SnapshotRevision
from metrics.selectors.cohorts import months_before
from metrics.services.snapshots import (
    snapshot_restate,
    snapshots_compute_range,
    snapshots_late_data_refresh,
)
from metrics.tests.helpers import did, person
from metrics.views.snapshots import full_stop_after

pytestmark = pytest.mark.django_db


def build_history(months: int):
    """A member joining each month and contributing in it, `months` months up to this one,
    all computed (the running month provisional). Returns the months, oldest first."""
    now = timezone.now()
    this = month_bounds(now)[0].date()
    history = [months_before(this, months - 1 - index) for index in range(months)]
    for index, month in enumerate(history):
        start = month_bounds(month)[0]
        joined = person(start + timedelta(hours=1), name=f"Member {index}")
        did(joined, "code", start + timedelta(hours=2))
    list(
        snapshots_compute_range(
            first=history[0], last=history[-1], now=now - timedelta(seconds=5), computed_by="job"
        )
    )
    return history


@pytest.fixture
def history():
    months = build_history(6)
    ProgrammeSettings.objects.update(programme_start=months[1])
    return months


def test_the_dashboard_shows_last_month_against_target_and_the_month_before(
    client_for, manager, history
):
    last = history[-2]
    page = client_for(manager).get("/metrics/").content.decode()

    assert f"{last:%B %Y} at a glance" in page
    snapshot = MonthlySnapshot.objects.get(month=last)
    assert (
        snapshot.total_members == 6
    )  # five joiners and the manager? no: the manager joined in Jan
    assert "Change from the month before: +1" in page
    assert "Behind" in page  # a handful of members against the growth table
    # five trend charts drawn on the server, each beside its table
    assert page.count('<figure class="line-chart">') == 5
    assert page.count("and target by month</caption>") == 5
    assert "Share of each cohort active, by months since joining" in page
    assert "provisional" in page  # the running month
    assert "Satisfaction and NPS" in page
    assert "Published case studies" in page
    assert "No ambassador held a term" in page
    # each success criterion reads "what (target): figure", even without a figure
    assert (
        "<strong>Revenue from the community</strong> (target $50,000+ a year): not available yet"
    ) in page
    assert "<strong>Published case studies</strong> (target 20+): 0" in page
    assert " of $50,000+" not in page


def test_restated_months_and_late_data_are_marked(client_for, manager, history):
    late_month = history[-3]
    newcomer = person(month_bounds(history[0])[0], name="Late Lina")
    did(newcomer, "answer", month_bounds(late_month)[0] + timedelta(days=3))
    snapshot_restate(
        month=late_month, now=timezone.now(), reason="Late import", restated_by="command"
    )
    did(
        newcomer,
        "docs",
        month_bounds(history[-4])[0] + timedelta(days=3),
        recorded=timezone.now(),
    )
    snapshots_late_data_refresh(now=timezone.now())

    page = client_for(manager).get("/metrics/").content.decode()

    assert 'class="mark mark-restated">restated</span>' in page
    assert "Late import" in page
    assert f"{history[-4]:%B %Y}</a>: 1 activity and 0 member changes" in page


def test_the_month_page_shows_every_figure_and_restates_with_a_reason(client_for, manager, history):
    month = history[-2]
    client = client_for(manager)
    page = client.get(f"/metrics/months/{month:%Y-%m}/").content.decode()
    assert "<code>contributor_absence_factor</code>" in page
    assert "Restate this month" in page

    # A restatement with nothing new is refused on the page, and changes nothing
    refused = client.post(f"/metrics/months/{month:%Y-%m}/restate/", {"reason": "Check"})
    assert refused.status_code == 400
    assert "would change nothing" in refused.content.decode()
    assert not SnapshotRevision.objects.exists()
    # An empty reason is refused too
    empty = client.post(f"/metrics/months/{month:%Y-%m}/restate/", {"reason": "  "})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()

    # With late data, the restatement goes through and keeps the old figures
    newcomer = person(month_bounds(history[0])[0], name="Late Lina")
    did(newcomer, "answer", month_bounds(month)[0] + timedelta(days=3))
    done = client.post(
        f"/metrics/months/{month:%Y-%m}/restate/", {"reason": "A late import"}, follow=True
    )
    text = done.content.decode()
    assert "is restated: total_members" in text
    assert "because: “A late import”. It had been computed" in text
    revision = SnapshotRevision.objects.get()
    assert revision.replaced_by_person == manager


def test_an_earlier_versions_reason_that_ends_a_sentence_gets_no_second_full_stop(
    client_for, manager, history
):
    month = history[-2]
    late = person(month_bounds(history[0])[0], name="Late Lina")
    did(late, "answer", month_bounds(month)[0] + timedelta(days=3), recorded=timezone.now())
    snapshot_restate(
        month=month,
        now=timezone.now(),
        reason="Answers imported late for “September.”",
        restated_by="command",
    )
    page = client_for(manager).get(f"/metrics/months/{month:%Y-%m}/").content.decode()
    assert "because: “Answers imported late for “September.”” It had been computed" in page


@pytest.mark.parametrize(
    ("reason", "stop"),
    [
        ("A late import", "."),
        ("A late import.", ""),
        ("Really?", ""),
        ("Finally! ", ""),
        ("Imported late for “September.”", ""),
        ("Imported late for 'September!'", ""),
        ("Imported late for \u2018September.\u2019", ""),
        ("(See the import log.)", ""),
        ("Imported late for “September”", "."),
    ],
)
def test_a_full_stop_follows_a_reason_only_when_it_has_none(reason, stop):
    assert full_stop_after(reason) == stop


def test_the_month_page_compares_a_frozen_month_with_today_s_data_on_request(
    client_for, manager, history
):
    month, running = history[-2], history[-1]
    client = client_for(manager)
    url = f"/metrics/months/{month:%Y-%m}/"
    # The comparison costs a month's computation: it runs only when asked
    assert "Compare with today's data" in client.get(url).content.decode()
    unchanged = client.get(url, {"compare": "1"}).content.decode()
    assert "would change nothing: restating is not needed" in unchanged

    # With a late activity, it says what restating would change, and writes nothing
    before = MonthlySnapshot.objects.values().get(month=month)
    late = person(month_bounds(history[0])[0], name="Late Lina")
    did(late, "answer", month_bounds(month)[0] + timedelta(days=3), recorded=timezone.now())
    page = client.get(url, {"compare": "1"}).content.decode()
    # (Lina joined in the first month, so she adds to the month's members too)
    assert (
        "Recomputing it from today&#x27;s data would change total_members 6 → 7 (+1), "
        "active_users 1 → 2 (+1)"
    ) in page
    assert MonthlySnapshot.objects.values().get(month=month) == before
    # A running month has nothing to compare
    running_page = client.get(f"/metrics/months/{running:%Y-%m}/", {"compare": "1"})
    assert "Compare with today's data" not in running_page.content.decode()
    assert "Recomputing it" not in running_page.content.decode()


def test_a_month_never_computed_is_not_found(client_for, manager):
    assert client_for(manager).get("/metrics/months/2001-01/").status_code == 404
    assert client_for(manager).get("/metrics/months/2001-13/").status_code == 404


def test_downloads_have_the_field_names(client_for, manager, history):
    client = client_for(manager)
    rows = list(csv.DictReader(io.StringIO(client.get("/metrics/snapshots.csv").content.decode())))
    assert [row["month"] for row in rows] == [f"{month:%Y-%m}" for month in history]
    assert rows[-1]["provisional"] == "true"
    snapshots = json.loads(client.get("/metrics/snapshots.json").content)
    assert snapshots[0]["total_members"] == int(rows[0]["total_members"])
    cohorts = json.loads(client.get("/metrics/cohorts.json").content)
    assert {"cohort", "cohort_size", "months_since_joining", "share_active"} <= set(cohorts[0])
    response = client.get("/metrics/cohorts.csv")
    assert response["Content-Disposition"] == 'attachment; filename="cohorts.csv"'
    assert response.content.decode().startswith("cohort,cohort_size,months_since_joining")


def test_the_public_page_has_aggregates_and_no_individual(client, manager, history):
    page = client.get("/metrics/community/").content.decode()
    assert "The community in numbers" in page
    assert f"{history[-2]:%B %Y}" in page
    # frozen months only: the running month is not shown
    assert f"{history[-1]:%B %Y}" not in page
    for member_name in ("Member 0", "Member 1", "Marta Manager"):
        assert member_name not in page
    assert "@example.com" not in page


def test_the_public_page_says_when_there_is_nothing_yet(client):
    page = client.get("/metrics/community/").content.decode()
    assert "No month has been completed and counted yet" in page


def test_the_api_lists_months_in_a_range_with_clear_errors(manager, history):
    api = APIClient()
    api.force_authenticate(manager)
    first, last = history[1], history[3]

    page = api.get(f"/api/v1/metrics/monthly/?from={first:%Y-%m}&to={last:%Y-%m}").json()

    assert page["count"] == 3
    assert [row["month"] for row in page["results"]] == [f"{m:%Y-%m}" for m in history[1:4]]
    assert page["results"][0]["provisional"] is False
    bad = api.get("/api/v1/metrics/monthly/?from=2026-3")
    assert bad.status_code == 400
    assert bad.json()["errors"]["from"] == [
        "“2026-3” is not a month: write it as YYYY-MM, like 2026-03."
    ]
    backwards = api.get(f"/api/v1/metrics/monthly/?from={last:%Y-%m}&to={first:%Y-%m}")
    assert backwards.status_code == 400
    assert backwards.json()["errors"]["non_field_errors"] == ["from comes after to."]


def test_the_api_schema_describes_the_paginated_list(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/metrics/monthly/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"from", "to", "page"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("PaginatedMonthlySnapshotOutputList")


def _query_count(django_assert_max_num_queries, fetch) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert fetch().status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/metrics/", "/api/v1/metrics/monthly/", "/metrics/community/"])
def test_pages_cost_the_same_queries_for_3_months_as_for_12(
    client_for, manager, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    MonthlySnapshot.objects.all().delete()
    build_history(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    build_history(12)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_console_section_gives_last_month_and_the_flags(history):
    from hub.core.extension_points import console_sections

    late = person(month_bounds(history[0])[0], name="Late Lina")
    did(late, "answer", month_bounds(history[-3])[0] + timedelta(days=2), recorded=timezone.now())
    snapshots_late_data_refresh(now=timezone.now())

    cards = console_sections.get("metrics").collect(now=timezone.now())

    headline, late_card, unreported = cards
    assert headline.label == f"Active users in {history[-2]:%B %Y}"
    assert headline.count == MonthlySnapshot.objects.get(month=history[-2]).active_users
    assert "target" in headline.detail
    # her join (imported late into the first month) and her answer: two months with late data
    assert (late_card.count, late_card.needs_attention) == (2, True)
    assert unreported.count == 0


def test_the_admin_lists_snapshots_and_its_action_leads_to_the_restatement_form(
    client_for, manager, history
):
    client = client_for(manager)
    assert client.get("/admin/metrics/monthlysnapshot/").status_code == 200
    assert client.get("/admin/metrics/growthtarget/").status_code == 200
    assert client.get("/admin/metrics/programmesettings/").status_code == 200
    frozen = MonthlySnapshot.objects.get(month=history[-2])
    response = client.post(
        "/admin/metrics/monthlysnapshot/",
        {"action": "restate", "_selected_action": [frozen.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/metrics/months/{history[-2]:%Y-%m}/#restate-title"


def test_editing_a_target_in_the_admin_is_audited(client_for, manager):
    from hub.core.models import AuditEntry
    from metrics.models import GrowthTarget

    target = GrowthTarget.objects.get(metric="total_members", programme_month=3)
    response = client_for(manager).post(
        f"/admin/metrics/growthtarget/{target.pk}/change/",
        {"metric": "total_members", "programme_month": 3, "value": "175"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 175
    entry = AuditEntry.objects.get(action="targets.edit")
    assert entry.data["fields"] == "value"


def test_a_fresh_site_shows_what_to_do_instead_of_figures(client_for, manager):
    ProgrammeSettings.objects.update(programme_start=None)
    page = client_for(manager).get("/metrics/").content.decode()
    assert "has not been computed yet" in page
    assert "python manage.py compute_metrics --month" in page
    assert "No programme start month is set" in page
    assert "No month has been computed yet, so there is no cohort to show." in page
    assert "No month has been restated" in page
    reports = client_for(manager).get("/metrics/reports/").content.decode()
    assert "No report yet" in reports
