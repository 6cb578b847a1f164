"""The managers' quarterly recognition page: the proposed top ambassadors, a badge for the
chosen ones, and each ambassador's compensation review."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ambassadors.forms.recognition import CompensationForm, RecognitionBadgeForm
from ambassadors.models import CompensationOutcome
from ambassadors.selectors import recognition as selectors
from ambassadors.services import recognition as services
from ambassadors.views.common import manager_required
from hub.core.errors import DomainError
from members.models import User


def _quarter_from(text: str, default: date) -> date:
    return selectors.quarter_parse(text) or default


def _back(quarter: date) -> HttpResponse:
    return redirect(
        reverse("ambassadors:manage_recognition") + f"?quarter={selectors.quarter_label(quarter)}"
    )


@require_GET
@manager_required
def recognition(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    default = selectors.quarter_previous(selectors.quarter_of(now))
    quarter = _quarter_from(request.GET.get("quarter", ""), default)
    reviews = selectors.compensation_reviews_of(quarter=quarter)
    ambassadors = list(selectors.quarter_ambassadors(quarter=quarter)[:100])
    for person in ambassadors:
        person.compensation = reviews.get(person.pk)
    return render(
        request,
        "ambassadors/manage_recognition.html",
        {
            "quarter": quarter,
            "label": selectors.quarter_label(quarter),
            "previous": selectors.quarter_label(selectors.quarter_previous(quarter)),
            "next": selectors.quarter_label(selectors.quarter_next(quarter))
            if selectors.quarter_next(quarter) <= selectors.quarter_of(now)
            else "",
            "proposals": selectors.recognition_proposals(quarter=quarter),
            "ambassadors": ambassadors,
            "outcomes": CompensationOutcome.choices,
        },
    )


def _member_and_quarter(form) -> tuple[User | None, date | None]:
    member = User.objects.filter(pk=form.cleaned_data["member"]).first()
    return member, selectors.quarter_parse(form.cleaned_data["quarter"])


@require_POST
@manager_required
def recognition_badge(request: HttpRequest) -> HttpResponse:
    form = RecognitionBadgeForm(request.POST)
    now = timezone.now()
    quarter = selectors.quarter_previous(selectors.quarter_of(now))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(_quarter_from(request.POST.get("quarter", ""), quarter))
    member, parsed = _member_and_quarter(form)
    quarter = parsed or quarter
    try:
        if member is None or parsed is None:
            raise DomainError("Choose an ambassador of the quarter.")
        award = services.recognition_badge_award(
            member=member,
            quarter=quarter,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            now=now,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{member.display_name} got “{award.badge.name}” for {award.occasion}.",
        )
    return _back(quarter)


@require_POST
@manager_required
def recognition_compensation(request: HttpRequest) -> HttpResponse:
    form = CompensationForm(request.POST)
    now = timezone.now()
    quarter = selectors.quarter_previous(selectors.quarter_of(now))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(_quarter_from(request.POST.get("quarter", ""), quarter))
    member, parsed = _member_and_quarter(form)
    quarter = parsed or quarter
    try:
        if member is None or parsed is None:
            raise DomainError("Choose an ambassador of the quarter.")
        review = services.compensation_review_record(
            member=member,
            quarter=quarter,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            actor=request.user,
            now=now,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"The {selectors.quarter_label(quarter)} compensation review of "
            f"{member.display_name} is recorded: {review.get_outcome_display().lower()}.",
        )
    return _back(quarter)
