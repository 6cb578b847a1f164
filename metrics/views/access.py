"""Who may open the metrics pages: community managers (the public numbers page excepted)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from hub.core.decorators import login_required_page_or_action


def manager_required(view):
    """Anonymous visitors go to the login page; members who are not managers get 403."""

    @login_required_page_or_action
    @wraps(view)
    def check(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied("Only community managers can see the community's metrics.")
        return view(request, *args, **kwargs)

    return check
