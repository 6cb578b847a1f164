"""The managers' console (/manage/): what needs a community manager today, one card each with
a count and a link, from the sections every app registered at
`hub.core.extension_points.console_sections`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core.extension_points import console_sections


def require_manager(request: HttpRequest) -> None:
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can open the console.")


@require_GET
@login_required
def console(request: HttpRequest) -> HttpResponse:
    """Every registered section in its order; each collects its cards in a fixed number of
    queries, so the page costs the same for ten members or ten thousand."""
    require_manager(request)
    now = timezone.now()
    sections = [
        {"name": section.name, "title": section.title, "cards": section.collect(now=now)}
        for section in console_sections.items()
    ]
    attention = sum(card.needs_attention for section in sections for card in section["cards"])
    return render(
        request, "hub/console.html", {"sections": sections, "attention": attention, "now": now}
    )
