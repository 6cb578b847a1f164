"""Past monthly reports, for managers: the list, and each report as it was sent."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from metrics.models import MonthlyReport
from metrics.selectors.snapshots import parse_month
from metrics.views.access import manager_required

PAGE_SIZE = 24


@require_GET
@manager_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = Paginator(
        MonthlyReport.objects.only("month", "subject", "created_at").order_by("-month"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "metrics/report_list.html", {"reports": reports})


@require_GET
@manager_required
def report_detail(request: HttpRequest, month: str) -> HttpResponse:
    try:
        report = MonthlyReport.objects.filter(month=parse_month(month)).first()
    except ValueError as error:
        raise Http404(str(error)) from error
    if report is None:
        raise Http404("No report was written for this month.")
    return render(
        request,
        "metrics/report_detail.html",
        {"report": report, "sent_to": report.deliveries.count(), **report.content},
    )
