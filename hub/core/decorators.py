"""View decorators every app's pages share: logging in again before a button's action."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from hub.core.validation import same_site_path

#: Said on the login page when a button was pressed after the session had ended.
LOGGED_OUT_ACTION_MESSAGE = (
    "You were logged out, so nothing was done. Log in, then press the button again."
)


def _page_of_the_button(request: HttpRequest) -> str | None:
    """The page the button was on: the form's `next` field when it has one, else the page the
    browser says it came from (Referer, sent for same-site requests), if it is on this site."""
    host, secure = request.get_host(), request.is_secure()
    target = same_site_path(request.POST.get("next", ""), host=host, secure=secure)
    if target is not None:
        return target
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc != host or referer.scheme != ("https" if secure else "http"):
        return None
    path = referer.path + (f"?{referer.query}" if referer.query else "")
    return same_site_path(path, host=host, secure=secure)


def login_required_for_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`login_required` for a URL that only takes a button's POST (RSVP, join, vote...).

    Django's `login_required` sends a logged-out person to the login page with `next` set to
    the action's URL, so after logging in the browser GETs a URL that answers only POST and
    shows a blank 405 page. Here the login page returns to the page that held the button, and
    a message says that nothing was done, so the person can press it again."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        messages.info(request, LOGGED_OUT_ACTION_MESSAGE)
        back = _page_of_the_button(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
        return redirect_to_login(back)

    return wrapped


def login_required_page_or_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For decorators that guard both pages and buttons (a manager's or an ambassador's): a
    page asked for while logged out returns to itself after login, as with `login_required`;
    a button pressed while logged out returns to the page that held it
    (`login_required_for_action`)."""
    as_page, as_action = login_required(view), login_required_for_action(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        guarded = as_action if request.method == "POST" else as_page
        return guarded(request, *args, **kwargs)

    return wrapped
