"""The weekly digest's unsubscribe page: works without logging in, from the signed link.

GET only shows a confirmation with a button (mail scanners follow links, so a GET must change
nothing); POST unsubscribes. The page is exempt from CSRF: the signed token in the URL is the
proof, and mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF cookie.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from metrics.services.digests import (
    BadUnsubscribeLink,
    digest_member_from_token,
    digest_unsubscribe,
)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            member, changed = digest_unsubscribe(token=token, now=timezone.now())
            return render(
                request,
                "metrics/digest_unsubscribed.html",
                {"member": member, "changed": changed},
            )
        member = digest_member_from_token(token)
    except BadUnsubscribeLink as error:
        return render(
            request, "metrics/digest_unsubscribe_invalid.html", {"error": error}, status=400
        )
    return render(
        request,
        "metrics/digest_unsubscribe.html",
        {"token": token, "subscribed": member.profile.newsletter_opt_in},
    )
