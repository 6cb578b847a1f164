"""Writes of the weekly digest: sending it once per member and ISO week, and unsubscribing
through a signed link that works without logging in.

"Once" is a sent-row (`DigestDelivery`, unique per member and week) written in the same
transaction as the email goes out: if sending fails the row rolls back and the next run tries
again; if two runs overlap, the unique row makes the later one skip that member.

The unsubscribe token is `django.core.signing` over the member's id with a salt used for
nothing else, so a token signed for another purpose (or edited) does not verify here, and this
token verifies nowhere else. It carries no expiry: an old digest's link still unsubscribes.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.text import counted
from members.models import Profile, User
from metrics.models.digests import DigestDelivery
from metrics.selectors.digests import (
    DigestContent,
    digest_content,
    digest_recipients,
    digest_week,
)

UNSUBSCRIBE_SALT = "metrics.digest.unsubscribe"


def digest_unsubscribe_token(member: User) -> str:
    return signing.dumps({"member": member.pk}, salt=UNSUBSCRIBE_SALT)


def digest_unsubscribe_url(member: User) -> str:
    return settings.SITE_URL + reverse(
        "metrics:digest_unsubscribe", kwargs={"token": digest_unsubscribe_token(member)}
    )


class BadUnsubscribeLink(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "This unsubscribe link is not valid: it may have been cut short or changed. Use "
            "the link from the latest digest, or turn the digest off in your profile.",
            code="bad_unsubscribe_link",
        )


def digest_member_from_token(token: str) -> User:
    """The member a token was signed for; BadUnsubscribeLink for anything else (tampered,
    signed with another salt, not a member id, no such account)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise BadUnsubscribeLink() from error
    member_id = data.get("member") if isinstance(data, dict) else None
    if not isinstance(member_id, int):
        raise BadUnsubscribeLink()
    member = User.objects.select_related("profile").filter(pk=member_id).first()
    if member is None or not hasattr(member, "profile"):
        raise BadUnsubscribeLink()
    return member


@transaction.atomic
def digest_unsubscribe(*, token: str, now: datetime) -> tuple[User, bool]:
    """Turn the weekly digest off for the token's member. Returns (member, whether it
    changed): unsubscribing twice is fine and changes nothing the second time."""
    member = digest_member_from_token(token)
    profile = Profile.objects.select_for_update().get(user=member)
    if not profile.newsletter_opt_in:
        return member, False
    profile.newsletter_opt_in = False
    profile.save(update_fields=["newsletter_opt_in"])
    audit_record(actor=member, action="digest.unsubscribe", now=now, subject=member)
    return member, True


def _digest_email(*, member: User, content: DigestContent) -> EmailMultiAlternatives:
    unsubscribe_url = digest_unsubscribe_url(member)
    context = {
        "member": member,
        "digest": content,
        "site_url": settings.SITE_URL,
        "events_url": settings.SITE_URL + reverse("events:event_list"),
        "dashboard_url": settings.SITE_URL + reverse("members:dashboard"),
        "profile_url": settings.SITE_URL + reverse("members:profile_edit"),
        "unsubscribe_url": unsubscribe_url,
    }
    subject = (
        f"Hub this week: {counted(content.contributions, 'contribution')}, "
        f"{counted(content.new_members, 'new member')}"
    )
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("metrics/digest_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(render_to_string("metrics/digest_email.html", context), "text/html")
    return email


def digest_send(*, member: User, content: DigestContent, now: datetime) -> bool:
    """Send `content` to `member` unless they already had this week's digest: True if sent."""
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(member=member, week=content.week, sent_at=now)
            _digest_email(member=member, content=content).send()
    except IntegrityError:
        return False  # another run sent it
    return True


def digest_weekly_send(*, now: datetime) -> int:
    """Send the digest of the week that has just ended to every member who opted in and has
    not had it: a second run, or a retry after a failure, sends only what is missing."""
    week = digest_week(now)
    content = digest_content(week=week, now=now)
    sent = sum(
        digest_send(member=member, content=content, now=now)
        for member in digest_recipients(week=week, now=now).iterator(chunk_size=500)
    )
    if sent:
        audit_record(
            actor=None,
            action="digest.send",
            now=now,
            data={"week": content.iso_week, "count": sent},
        )
    return sent


def digest_deliveries_erase(*, member: User, now: datetime) -> None:
    """The `LeaveHandler`: which digests went to a leaver is theirs alone and no figure
    counts it, so the sent-rows go."""
    DigestDelivery.objects.filter(member=member).delete()
