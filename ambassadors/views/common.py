"""Who may open the programme's pages: current ambassadors, community managers."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ambassadors.selectors.terms import is_ambassador
from hub.core.decorators import login_required_page_or_action


def manager_required(view):
    """Community managers only (403 for other members, the login page for visitors)."""

    @login_required_page_or_action
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied("Only community managers can open this page.")
        return view(request, *args, **kwargs)

    return wrapped


def ambassador_required(view):
    """Current ambassadors only (403 for other members, the login page for visitors)."""

    @login_required_page_or_action
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_ambassador(request.user, now=timezone.now()):
            raise PermissionDenied("Only current ambassadors can open this page.")
        return view(request, *args, **kwargs)

    return wrapped
