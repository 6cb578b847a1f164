"""Downloads for managers: the monthly snapshots and the cohort table, as CSV or JSON, with the
field names of docs/metrics.md."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core.timeutils import month_bounds
from metrics.selectors.cohorts import COHORT_COLUMNS, cohort_rows, cohort_table
from metrics.selectors.exports import SNAPSHOT_COLUMNS, rows_csv, snapshot_rows
from metrics.selectors.snapshots import snapshots_between
from metrics.views.access import manager_required

COHORT_DOWNLOAD_MONTHS = 24


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(rows: list, filename: str) -> JsonResponse:
    response = JsonResponse(rows, safe=False, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cohort_rows() -> list[dict]:
    this_month = month_bounds(timezone.now())[0].date()
    return cohort_rows(cohort_table(last=this_month, count=COHORT_DOWNLOAD_MONTHS))


@require_GET
@manager_required
def snapshots_csv(request: HttpRequest) -> HttpResponse:
    return _csv(rows_csv(snapshot_rows(snapshots_between()), SNAPSHOT_COLUMNS), "snapshots.csv")


@require_GET
@manager_required
def snapshots_json(request: HttpRequest) -> HttpResponse:
    return _json(snapshot_rows(snapshots_between()), "snapshots.json")


@require_GET
@manager_required
def cohorts_csv(request: HttpRequest) -> HttpResponse:
    return _csv(rows_csv(_cohort_rows(), COHORT_COLUMNS), "cohorts.csv")


@require_GET
@manager_required
def cohorts_json(request: HttpRequest) -> HttpResponse:
    return _json(_cohort_rows(), "cohorts.json")
