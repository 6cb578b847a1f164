"""Member pages about ideas: the list, one idea, posting, voting and taking a vote back, and a
manager's status decision. Every action is a plain form post that works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError, NotFound
from hub.core.validation import same_site_path
from members.forms.ideas import IdeaForm, IdeaListFilterForm, IdeaStatusForm
from members.models import Idea
from members.selectors import ideas as selectors
from members.services import ideas as services

IDEAS_PER_PAGE = 20


def _idea_or_404(pk: int, viewer) -> Idea:
    try:
        return selectors.idea_get(pk=pk, viewer=viewer)
    except NotFound as error:
        raise Http404(error.message) from error


def _back(request: HttpRequest, idea: Idea) -> HttpResponse:
    """Back where the vote was cast (the list keeps its filters), or to the idea when `next`
    is not a path on this site."""
    target = same_site_path(
        request.POST.get("next", ""), host=request.get_host(), secure=request.is_secure()
    )
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect("members:idea_detail", pk=idea.pk)


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    filters = IdeaListFilterForm(request.GET or None)
    status, sort = filters.values()
    ideas = selectors.idea_list(viewer=request.user, status=status, sort=sort)
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.idea_status_counts()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/idea_list.html",
        {
            "page": page,
            "filters": filters,
            "status": status,
            "sort": sort,
            "statuses": [(value, label, counts[value]) for value, label in Idea.Status.choices],
            "query": query.urlencode(),
            "here": request.get_full_path(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Your idea “{idea.title}” is posted. It is in your activity as a contribution.",
            )
            return redirect("members:idea_detail", pk=idea.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "members/idea_form.html", {"form": form}, status=status)


def _detail(request: HttpRequest, idea: Idea, status_form: IdeaStatusForm | None, status: int):
    if status_form is None and request.user.is_authenticated and request.user.is_manager:
        status_form = IdeaStatusForm(
            initial={"status": idea.status, "comment": idea.status_comment}
        )
    return render(
        request,
        "members/idea_detail.html",
        {
            "idea": idea,
            "status_form": status_form,
            "can_vote": idea.status in services.VOTABLE_STATUSES,
            "here": reverse("members:idea_detail", args=[idea.pk]),
        },
        status=status,
    )


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _idea_or_404(pk, request.user), None, 200)


@require_POST
@login_required_for_action
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(pk, request.user)
    try:
        services.idea_vote(idea=idea, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You voted for “{idea.title}”.")
    return _back(request, idea)


@require_POST
@login_required_for_action
def idea_unvote(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(pk, request.user)
    try:
        services.idea_unvote(idea=idea, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You took back your vote for “{idea.title}”.")
    return _back(request, idea)


@require_POST
@login_required_for_action
def idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Community managers only: set the status with a public comment."""
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can set an idea's status.")
    idea = _idea_or_404(pk, request.user)
    form = IdeaStatusForm(request.POST)
    if form.is_valid():
        try:
            services.idea_status_set(
                idea=idea,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            idea = _idea_or_404(pk, request.user)
            messages.success(request, f"“{idea.title}” is now {idea.get_status_display().lower()}.")
            return redirect("members:idea_detail", pk=idea.pk)
    return _detail(request, idea, form, 400)
