"""Pages about profiles: the member directory, a member's public profile, and editing one's
own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from hub.core.errors import DomainError, NotFound
from members.forms.profiles import ProfileForm
from members.models import Profile
from members.selectors.profiles import (
    directory_search,
    public_profile_get,
    skill_suggestions_rejected_recently,
)
from members.services.profiles import profile_update


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        suggestion = form.cleaned_data["skill_suggestion"]
        try:
            profile_update(
                member=request.user,
                skills=form.skill_names(),
                skill_suggestion=suggestion,
                now=now,
                **form.profile_fields(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            saved = "Your profile is saved."
            if suggestion:
                saved += (
                    f" You suggested “{suggestion}”: a community manager will review it; until "
                    "then it is on your profile for you alone to see."
                )
            messages.success(request, saved)
            return redirect("members:profile_edit")
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "form": form,
        "rejected_suggestions": skill_suggestions_rejected_recently(member=request.user, now=now),
    }
    return render(request, "members/profile_edit.html", context, status=status)


@require_GET
def profile_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        member = public_profile_get(member_id=member_id, viewer=request.user, now=timezone.now())
    except NotFound as error:
        raise Http404(error.message) from error
    skills_awaiting = [skill for skill in member.profile.skills.all() if skill.is_awaiting_review]
    return render(
        request,
        "members/profile_detail.html",
        {
            "member": member,
            "profile": member.profile,
            "is_self": member.pk == request.user.pk,
            "skills_awaiting": skills_awaiting,
        },
    )


DIRECTORY_PAGE_SIZE = 24


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    search = {field: request.GET.get(field, "")[:100] for field in ("name", "skill", "location")}
    paginator = Paginator(directory_search(now=now, **search), DIRECTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # Page links keep the search, so page 2 of "Python" is still Python.
    query = urlencode({key: value for key, value in search.items() if value})
    return render(
        request,
        "members/directory_list.html",
        {"page": page, "search": search, "searching": any(search.values()), "query": query},
    )
