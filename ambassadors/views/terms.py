"""Pages about terms: the managers' list of ambassadors (tier, term, buddy, onboarding progress,
commitment) and one ambassador with their history and the actions renew, move tier and end;
and the ambassador's own stepping down."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ambassadors.forms.terms import BuddyForm, EndTermForm, MoveTierForm, StepDownForm
from ambassadors.models import AmbassadorTerm
from ambassadors.selectors import onboarding as onboarding_selectors
from ambassadors.selectors import terms as selectors
from ambassadors.services import terms as services
from ambassadors.services.onboarding import (
    MANUAL_STEPS,
    onboarding_buddy_assign,
    onboarding_step_complete,
)
from ambassadors.views.common import manager_required
from hub.core.errors import DomainError
from members.models import User

PAGE_SIZE = 50


@require_GET
@manager_required
def manage_ambassadors(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    ambassadors = selectors.ambassadors_with_commitment(now=now)
    page = Paginator(ambassadors, PAGE_SIZE).get_page(request.GET.get("page"))
    buddies = {
        person.pk: person
        for person in User.objects.filter(
            pk__in={row.buddy_id for row in page.object_list if row.buddy_id}
        ).select_related("profile")
    }
    for row in page.object_list:
        row.buddy = buddies.get(row.buddy_id)
        row.under_two_months = bool(
            row.full_two_months
            and row.hours_last_month < row.commitment_min
            and row.hours_month_before < row.commitment_min
        )
    return render(
        request,
        "ambassadors/manage_ambassadors.html",
        {"page": page, "now": now, "ending": list(selectors.terms_ending_soon(now=now)[:50])},
    )


def _member_or_404(member_id: int) -> User:
    member = User.objects.filter(pk=member_id).select_related("profile").first()
    if member is None or not AmbassadorTerm.objects.filter(member=member).exists():
        raise Http404("No such ambassador.")
    return member


def _detail(request, member: User, *, move_form=None, end_form=None, buddy_form=None, status=200):
    now = timezone.now()
    candidates = [
        person
        for person in selectors.ambassadors_with_commitment(now=now)
        if person.pk != member.pk
    ]
    return render(
        request,
        "ambassadors/manage_ambassador.html",
        {
            "member": member,
            "term": selectors.term_current(member=member, now=now),
            "open_term": selectors.term_open(member=member),
            "history": list(selectors.term_history(member=member)),
            "onboarding": onboarding_selectors.onboarding_latest(member=member),
            "manual_steps": MANUAL_STEPS,
            "move_form": move_form or MoveTierForm(),
            "end_form": end_form or EndTermForm(),
            "buddy_form": buddy_form or BuddyForm(candidates=candidates),
            "has_buddy_candidates": bool(candidates),
        },
        status=status,
    )


@require_GET
@manager_required
def manage_ambassador(request: HttpRequest, member_id: int) -> HttpResponse:
    return _detail(request, _member_or_404(member_id))


@require_POST
@manager_required
def manage_renew(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_or_404(member_id)
    try:
        term = services.term_renew(member=member, actor=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{member.display_name}'s term is renewed: {term.starts_at:%d %b %Y} to "
            f"{term.ends_at:%d %b %Y}, in {term.tier.name}.",
        )
    return redirect("ambassadors:manage_ambassador", member_id=member.pk)


@require_POST
@manager_required
def manage_move(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_or_404(member_id)
    form = MoveTierForm(request.POST)
    if form.is_valid():
        try:
            term = services.term_move(
                member=member,
                tier=form.cleaned_data["tier"],
                note=form.cleaned_data["note"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{member.display_name} is now in {term.tier.name}.")
            return redirect("ambassadors:manage_ambassador", member_id=member.pk)
    return _detail(request, member, move_form=form, status=400)


@require_POST
@manager_required
def manage_end(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_or_404(member_id)
    form = EndTermForm(request.POST)
    if form.is_valid():
        try:
            services.term_end(
                member=member,
                note=form.cleaned_data["note"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{member.display_name}'s term has ended.")
            return redirect("ambassadors:manage_ambassador", member_id=member.pk)
    return _detail(request, member, end_form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def step_down(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    term = selectors.term_current(member=request.user, now=now)
    if term is None:
        messages.info(request, "You are not an ambassador at the moment: there is nothing to end.")
        return redirect("ambassadors:mine")
    form = StepDownForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_step_down(member=request.user, note=form.cleaned_data["note"], now=now)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "You have stepped down as an ambassador. Thank you for everything you did; "
                "you are welcome to apply again.",
            )
            return redirect("ambassadors:mine")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "ambassadors/step_down.html", {"form": form, "term": term}, status=status
    )


@require_POST
@manager_required
def manage_buddy(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_or_404(member_id)
    now = timezone.now()
    onboarding = onboarding_selectors.onboarding_latest(member=member)
    if onboarding is None:
        raise Http404("This ambassador has no onboarding checklist.")
    candidates = [
        person
        for person in selectors.ambassadors_with_commitment(now=now)
        if person.pk != member.pk
    ]
    form = BuddyForm(request.POST, candidates=candidates)
    if form.is_valid():
        buddy = User.objects.filter(pk=form.cleaned_data["buddy"]).first()
        try:
            if buddy is None:
                raise DomainError("Choose one of the current ambassadors.")
            onboarding_buddy_assign(onboarding=onboarding, buddy=buddy, actor=request.user, now=now)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{buddy.display_name} is now {member.display_name}'s buddy.")
            return redirect("ambassadors:manage_ambassador", member_id=member.pk)
    return _detail(request, member, buddy_form=form, status=400)


@require_POST
@manager_required
def manage_onboarding_step(request: HttpRequest, member_id: int, step: str) -> HttpResponse:
    member = _member_or_404(member_id)
    onboarding = onboarding_selectors.onboarding_latest(member=member)
    if onboarding is None or step not in MANUAL_STEPS:
        raise Http404("No such checklist item.")
    changed = onboarding_step_complete(
        onboarding=onboarding, step=step, actor=request.user, now=timezone.now()
    )
    if changed:
        messages.success(request, "The item is ticked, with your name and the time.")
    else:
        messages.info(request, "That item was done already.")
    return redirect("ambassadors:manage_ambassador", member_id=member.pk)
