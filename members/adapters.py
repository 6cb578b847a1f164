"""allauth hooks: a member counts as joined when they verify their email, not when they sign up."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.utils import timezone

from hub.core.extension_points import signup_notify
from members.services.membership import member_join


class AccountAdapter(DefaultAccountAdapter):
    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        member_join(member=email_address.user, now=timezone.now())
        return confirmed

    def respond_email_verification_sent(self, request, user):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "account_login":
            messages.error(
                request,
                "You can't log in yet: your email address is not confirmed. We have sent you a "
                "new confirmation link. Open it, then log in again.",
            )
        return super().respond_email_verification_sent(request, user)


def member_signed_up(sender, request, user, **kwargs) -> None:
    """allauth's `user_signed_up` signal: tell every app's signup handler (attribution)."""
    signup_notify(member=user, request=request, now=timezone.now())
