"""A member's API tokens: the list, making one (its key is shown on that one page, once) and
revoking one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError, NotFound
from members.forms.tokens import ApiTokenForm
from members.selectors.tokens import api_tokens_of
from members.services.tokens import api_token_create, api_token_revoke


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token = api_token_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                now=timezone.now(),
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            form = ApiTokenForm()
    status = 400 if form.is_bound and form.errors else (201 if new_token else 200)
    return render(
        request,
        "members/token_list.html",
        {"form": form, "new_token": new_token, "tokens": api_tokens_of(member=request.user)},
        status=status,
    )


@require_POST
@login_required_for_action
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    try:
        token = api_token_revoke(
            owner=request.user, token_key=token_key, now=timezone.now(), actor=request.user
        )
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("members:token_list")
