"""The site's allauth adapter: the members app's (joining on email confirmation) plus what
only the site knows, which page each role lands on after logging in, and how the account
emails name the site."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from members.adapters import AccountAdapter

SITE_NAME = "Hub"


@dataclass(frozen=True)
class EmailSite:
    """What allauth's email templates read as `current_site`: the site's name and public
    address (not the host of whatever request triggered the email)."""

    name: str
    domain: str


class SiteAccountAdapter(AccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Managers land on their console (what needs them today), members on their dashboard.
        A `next` in the login link still wins: allauth only asks here when there is none."""
        if request.user.is_manager:
            return reverse("console")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = EmailSite(name=SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(
            template_prefix,
            email,
            {**context, "current_site": site, "site_url": settings.SITE_URL},
        )
