"""The community's numbers for everyone (/metrics/community/): members, active members,
contributors and engagement of the last twelve frozen months. Aggregates only: no name, no
individual, nothing a visitor could trace to one person."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from metrics.selectors.dashboard import public_numbers


@require_GET
def public_numbers_page(request: HttpRequest) -> HttpResponse:
    return render(request, "metrics/public.html", public_numbers(now=timezone.now()))
