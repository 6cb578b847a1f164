"""Public recognition pages: badges, annual awards and case studies (a case study's own page).
Unpublished awards and case studies are shown to community managers only, marked as drafts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.core.errors import NotFound
from members.selectors import recognition as selectors


@require_GET
def badge_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/badge_list.html", {"badges": selectors.badge_list()})


@require_GET
def award_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/award_list.html", {"awards": selectors.award_list(viewer=request.user)}
    )


@require_GET
def casestudy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/casestudy_list.html",
        {"case_studies": selectors.case_study_list(viewer=request.user)},
    )


@require_GET
def casestudy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        study = selectors.case_study_get(slug=slug, viewer=request.user)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(request, "members/casestudy_detail.html", {"case_study": study})
