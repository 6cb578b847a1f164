"""A member's own data: what we hold (page), the JSON download, and leaving the community."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hub.core.errors import DomainError
from members.forms.account import LeaveForm
from members.selectors.account import member_export
from members.services.account import member_leave


@require_GET
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    return render(request, "members/account_data.html")


@require_GET
@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the member, as one JSON file to download."""
    now = timezone.now()
    data = member_export(member=request.user, now=now)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="hub-my-data-{now:%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_leave(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member_leave(member=request.user, now=timezone.now())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(
                request,
                "You have left the community. Your personal data is erased and you are logged "
                "out. Thank you for everything you contributed.",
            )
            return redirect("home")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "members/account_leave.html", {"form": form}, status=status)
