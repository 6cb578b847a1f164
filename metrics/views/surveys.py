"""Survey pages: members list and answer surveys; managers create, edit and close them and read
the results (counts, a bar chart with its table, the figure, and the comments without names).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError, NotFound
from metrics.forms.surveys import SurveyAnswerForm, SurveyForm
from metrics.models.surveys import Survey, SurveyKind
from metrics.selectors import surveys as selectors
from metrics.services import surveys as services

PAGE_SIZE = 25


def _require_manager(request: HttpRequest) -> None:
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can see this page.")


# --- Members -----------------------------------------------------------------------------------


@require_GET
@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    """The open surveys the member may answer, and what they answered lately. Three queries."""
    now = timezone.now()
    return render(
        request,
        "metrics/survey_list.html",
        {
            "surveys": selectors.surveys_open_for_member(member=request.user, now=now),
            "answers": selectors.member_recent_answers(member=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey: the member's own answer if they gave one, why they cannot answer if they
    cannot, else the plain form. A refused post changes nothing and says why."""
    now = timezone.now()
    try:
        survey = selectors.survey_visible_to_member(pk=pk, now=now)
    except NotFound as error:
        raise Http404(error.message) from error
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None, survey=survey)
    status = 200
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_answer(
                    survey=survey,
                    member=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data.get("comment", ""),
                    now=now,
                )
            except DomainError as refusal:
                error, status = refusal, refusal.status_code
            else:
                messages.success(request, "Thank you: your answer is saved.")
                return redirect("metrics:survey_answer", pk=survey.pk)
        else:
            status = 400
    refusal = error or selectors.survey_refusal(survey=survey, member=request.user, now=now)
    return render(
        request,
        "metrics/survey_answer.html",
        {
            "survey": survey,
            "form": form,
            "answer": selectors.member_answer(survey=survey, member=request.user),
            "refusal": refusal,
            # Beside the member's answer: a second answer just refused says so, and so does a
            # survey that has closed; "you have already answered" is not said to a member who
            # is only looking at the answer they gave.
            "answer_note": refusal
            if error is not None or (refusal and refusal.code != "already_answered")
            else None,
            "is_closed": survey.closes_at <= now,
        },
        status=status,
    )


# --- Managers ----------------------------------------------------------------------------------


@require_GET
@login_required
def survey_manage_list(request: HttpRequest) -> HttpResponse:
    """Every survey with its answer count and figure: two queries for any number of rows."""
    _require_manager(request)
    page = Paginator(selectors.surveys_for_managers(), PAGE_SIZE).get_page(request.GET.get("page"))
    for survey in page:
        survey.headline = selectors.survey_headline(survey)
    return render(request, "metrics/survey_manage_list.html", {"page": page, "now": timezone.now()})


def _survey_values(form: SurveyForm) -> dict:
    return {field: form.cleaned_data[field] for field in services.SURVEY_FIELDS}


@require_http_methods(["GET", "POST"])
@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    now = timezone.now()
    form = SurveyForm(request.POST if request.method == "POST" else None, now=now)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user, now=now, values=_survey_values(form)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The survey “{survey.title}” is saved.")
            return redirect("metrics:survey_results", pk=survey.pk)
    return render(
        request,
        "metrics/survey_form.html",
        {"form": form, "survey": None, "title": "New survey"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    now = timezone.now()
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        now=now,
        survey=survey,
        initial=SurveyForm.initial_for(survey),
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_update(
                survey=survey, actor=request.user, now=now, values=_survey_values(form)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The survey “{survey.title}” is saved.")
            return redirect("metrics:survey_results", pk=survey.pk)
    return render(
        request,
        "metrics/survey_form.html",
        {"form": form, "survey": survey, "title": f"Edit “{survey.title}”"},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required_for_action
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    survey = get_object_or_404(Survey, pk=pk)
    try:
        services.survey_close(survey=survey, actor=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The survey “{survey.title}” is closed: it takes no answers.")
    return redirect("metrics:survey_results", pk=survey.pk)


@dataclass(frozen=True)
class Bar:
    score: int
    count: int
    percent: float
    x: float
    y: float
    height: float
    label_y: float


#: The bar chart's drawing box (SVG user units; it scales to the page width).
CHART_WIDTH, CHART_HEIGHT, CHART_BOTTOM, CHART_TOP = 440, 220, 190, 20


def distribution_bars(results: selectors.SurveyResults) -> list[Bar]:
    """The geometry of a server-drawn bar chart: one bar per score, height by count."""
    tallest = max((row.count for row in results.distribution), default=0) or 1
    slot = CHART_WIDTH / len(results.distribution)
    bars = []
    for index, row in enumerate(results.distribution):
        height = (CHART_BOTTOM - CHART_TOP) * row.count / tallest
        bars.append(
            Bar(
                score=row.score,
                count=row.count,
                percent=round(100 * row.share, 1),
                x=round(index * slot + slot * 0.15, 1),
                y=round(CHART_BOTTOM - height, 1),
                height=round(height, 1),
                label_y=round(CHART_BOTTOM - height - 4, 1),
            )
        )
    return bars


@require_GET
@login_required
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's results. Three queries whatever the number of answers."""
    _require_manager(request)
    survey = get_object_or_404(Survey.objects.select_related("event"), pk=pk)
    results = selectors.survey_results(survey=survey)
    now = timezone.now()
    slot = CHART_WIDTH / len(results.distribution)
    return render(
        request,
        "metrics/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "bars": distribution_bars(results),
            "bar_width": round(slot * 0.7, 1),
            "label_offset": round(slot * 0.35, 1),
            "chart": {
                "width": CHART_WIDTH,
                "height": CHART_HEIGHT,
                "bottom": CHART_BOTTOM,
            },
            "is_open": survey.is_open_at(now),
            "is_closed": survey.closes_at <= now,
            "is_event": survey.kind == SurveyKind.EVENT,
            "nps_percent": {
                "promoters": _percent(results.promoters, results.answers),
                "passives": _percent(results.passives, results.answers),
                "detractors": _percent(results.detractors, results.answers),
            },
        },
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
