"""The managers' dashboard (/metrics/): the last complete month against its targets and the
month before, the trends against the targets, the cohort heat map, satisfaction and NPS, group
health, the ambassador programme and the marks (provisional, restated, late data)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from metrics.selectors.dashboard import dashboard_build
from metrics.views.access import manager_required


@require_GET
@manager_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "metrics/dashboard.html", {"board": dashboard_build(now=timezone.now())})
