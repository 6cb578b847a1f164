"""Member pages: the member directory of those who opted in."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from members.selectors.directory import directory_search

PAGE_SIZE = 24


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    search = {field: request.GET.get(field, "")[:100] for field in ("name", "skill", "location")}
    paginator = Paginator(directory_search(now=now, **search), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # Page links keep the search, so page 2 of "Python" is still Python.
    query = urlencode({key: value for key, value in search.items() if value})
    return render(
        request,
        "members/directory_list.html",
        {"page": page, "search": search, "searching": any(search.values()), "query": query},
    )
