"""What every events page uses: the event or group of the URL (or 404), pagination, and the
answer that carries an iCalendar file."""

from datetime import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse

from events.models import Event, UserGroup
from events.selectors.events import event_get_visible
from events.selectors.groups import group_get
from hub.core.errors import NotFound

PAGE_SIZE = 20


def event_or_404(request: HttpRequest, pk: int, *, now: datetime) -> Event:
    try:
        return event_get_visible(user=request.user, pk=pk, now=now)
    except NotFound as error:
        raise Http404(error.message) from error


def group_or_404(slug: str) -> UserGroup:
    try:
        return group_get(slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def page_of(request: HttpRequest, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
