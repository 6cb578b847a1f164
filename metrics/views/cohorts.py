"""Attribution and movement (/metrics/attribution/): where signups come from, whether coming to
an event early keeps members, and which tier upgrades followed a community touchpoint."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambassadors.selectors.attribution import SOURCES, signups_by_source, signups_by_source_totals
from hub.core.timeutils import month_bounds, previous_month
from metrics.selectors.cohorts import (
    RETENTION_MONTHS_AFTER,
    early_attendance_retention,
    months_before,
    touchpoint_upgrades,
)
from metrics.views.access import manager_required

MONTHS = 12


@require_GET
@manager_required
def attribution(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    last = previous_month(month_bounds(now)[0].date())
    first = months_before(last, MONTHS - 1)
    signups = signups_by_source_totals(
        signups_by_source(first=first, last=last), first=first, last=last
    )
    return render(
        request,
        "metrics/attribution.html",
        {
            "first": first,
            "last": last,
            "sources": SOURCES,
            "signups": signups,
            "early": early_attendance_retention(
                first=months_before(last, MONTHS + RETENTION_MONTHS_AFTER - 1), last=last, now=now
            ),
            "upgrades": touchpoint_upgrades(first=first, last=last),
            "retention_months": RETENTION_MONTHS_AFTER,
        },
    )
