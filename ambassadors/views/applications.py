"""Pages about joining the programme: nominating a member, applying, withdrawing, and the
managers' review queue with one application's evidence, scores and decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ambassadors.forms.applications import ApplicationForm, DecisionForm, NominationForm, ReviewForm
from ambassadors.models import ApplicationStatus, Criterion, Decision
from ambassadors.selectors import applications as selectors
from ambassadors.selectors.terms import is_ambassador
from ambassadors.services import applications as services
from ambassadors.views.common import manager_required
from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError, NotFound

QUEUE_PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@login_required
def nominate(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.nomination_create_by_email(
                email=email,
                nominated_by=request.user,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, services.NOMINATION_SENT.format(email=email))
            return redirect("ambassadors:programme")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "ambassadors/nomination_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def apply(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    latest = selectors.application_latest_of(member=request.user)
    if latest is not None and latest.is_open:
        messages.info(request, "Your application is open already: here is where it stands.")
        return redirect("ambassadors:mine")
    if is_ambassador(request.user, now=now):
        messages.info(request, "You are an ambassador already.")
        return redirect("ambassadors:mine")
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(applicant=request.user, now=now, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your application is sent. The community managers review it, usually within "
                "two weeks; you will get an email with their decision.",
            )
            return redirect("ambassadors:mine")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "ambassadors/application_form.html", {"form": form}, status=status)


@require_POST
@login_required_for_action
def application_withdraw(request: HttpRequest) -> HttpResponse:
    latest = selectors.application_latest_of(member=request.user)
    if latest is None or not latest.is_open:
        messages.error(request, "You have no open application to withdraw.")
        return redirect("ambassadors:mine")
    services.application_withdraw(application=latest, member=request.user, now=timezone.now())
    messages.success(request, "Your application is withdrawn. You can apply again at any time.")
    return redirect("ambassadors:mine")


STATUS_FILTERS = [("", "Open (waiting or on the waitlist)"), *ApplicationStatus.choices]


@require_GET
@manager_required
def manage_applications(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    queue = selectors.applications_queue(now=now, status=status)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.flagged = selectors.application_is_flagged(application, now=now)
    return render(
        request,
        "ambassadors/manage_applications.html",
        {
            "page": page,
            "status": status,
            "status_filters": STATUS_FILTERS,
            "now": now,
            "waiting_days": selectors.WAITING_TOO_LONG.days,
            "nominations": list(selectors.nominations_pending()[:QUEUE_PAGE_SIZE]),
        },
    )


def _application_or_404(pk: int, now):
    try:
        return selectors.application_for_review(pk=pk, now=now)
    except NotFound as error:
        raise Http404(error.message) from error


def _review_page(request, application, *, review_form=None, decision_form=None, status=200):
    now = timezone.now()
    reviews = list(selectors.application_reviews(application=application))
    own = next((review for review in reviews if review.reviewer_id == request.user.pk), None)
    if review_form is None:
        initial = {}
        if own is not None:
            for criterion in Criterion:
                initial[criterion.value] = getattr(own, criterion.value)
                initial[f"{criterion.value}_note"] = getattr(own, f"{criterion.value}_note")
        review_form = ReviewForm(initial=initial)
    if decision_form is None:
        decision_form = DecisionForm(initial={"tier": application.preferred_tier_id})
    averages = selectors.application_criterion_averages(application=application)
    return render(
        request,
        "ambassadors/manage_application.html",
        {
            "application": application,
            "flagged": selectors.application_is_flagged(application, now=now),
            "reviews": reviews,
            "own_review": own,
            "criteria": [(criterion, averages[criterion.value]) for criterion in Criterion],
            "review_form": review_form,
            "decision_form": decision_form,
            "decisions": list(application.decisions.select_related("tier", "decided_by__profile")),
            "nominations": list(selectors.nominations_received(member=application.applicant)[:10]),
            "links": [line for line in application.links.splitlines() if line.strip()],
        },
        status=status,
    )


@require_GET
@manager_required
def manage_application(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _application_or_404(pk, timezone.now()))


@require_POST
@manager_required
def manage_application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(pk, timezone.now())
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.application_review_save(
                application=application,
                reviewer=request.user,
                scores=form.scores(),
                notes=form.notes(),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your scores are saved.")
            return redirect("ambassadors:manage_application", pk=application.pk)
    return _review_page(request, application, review_form=form, status=400)


DECISION_MESSAGES = {
    Decision.APPROVED: "{name} is approved into {tier}: their term, referral code and "
    "onboarding checklist are ready, and they are emailed.",
    Decision.DECLINED: "{name}'s application is declined; they are emailed your message.",
    Decision.WAITLISTED: "{name}'s application is on the waitlist; they are emailed.",
}


@require_POST
@manager_required
def manage_application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(pk, timezone.now())
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            record = services.application_decide(
                application=application,
                decision=form.cleaned_data["decision"],
                tier=form.cleaned_data["tier"],
                message=form.cleaned_data["message"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                DECISION_MESSAGES[record.decision].format(
                    name=application.applicant.display_name,
                    tier=record.tier.name if record.tier else "",
                ),
            )
            return redirect("ambassadors:manage_application", pk=application.pk)
    return _review_page(request, application, decision_form=form, status=400)
