"""Who may open the metrics pages: community managers (the public numbers page excepted)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def manager_required(view):
    """Anonymous visitors go to the login page; members who are not managers get 403."""

    @login_required
    @wraps(view)
    def check(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied("Only community managers can see the community's metrics.")
        return view(request, *args, **kwargs)

    return check
