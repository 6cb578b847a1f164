"""Writes about a member's own account: leaving the community (erasing personal data).

Leaving runs every app's leave handler (`hub.core.extension_points.leave_handlers`) in one
transaction; the members app's own erasure, `member_personal_data_erase`, runs last.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.extension_points import leave_handlers
from members.models import (
    ERASED_EMAIL_DOMAIN,
    Award,
    BadgeAward,
    CaseStudy,
    Profile,
    Spotlight,
    TierMembership,
    User,
)
from members.services.profiles import skills_of_member_release
from members.services.tokens import api_tokens_erase

FORMER_MEMBER = "Former member"


def erased_email(member: User) -> str:
    """A placeholder that is unique, obviously not an address, and on a reserved domain."""
    return f"erased-{member.pk}@{ERASED_EMAIL_DOMAIN}"


@transaction.atomic
def member_leave(*, member: User, now: datetime, actor: User | None = None) -> User:
    """The member leaves: every app erases what it holds about them, history stays.

    The member row is locked first, so two leave requests cannot both run. `left_at` is set
    before the handlers run, so the apps see a member who is no longer current; the members
    app's own erasure runs last (its handler has the highest order). `actor` is who made them
    leave: themselves (None) or the import of a departure.

    A departure recorded without erasure (imports set `left_at` alone before departures went
    through here) is completed: the handlers run at the recorded `left_at`, which stays.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_erased:
        raise DomainError("This account has already left the community.", code="already_left")
    if member.left_at is None:
        # The database insists a member leaves no earlier than they joined.
        member.left_at = max(now, member.joined_at) if member.joined_at else now
        member.save(update_fields=["left_at"])
    for handler in leave_handlers.items():
        handler.erase(member=member, now=member.left_at)
    audit_record(
        actor=actor or member,
        action="member.leave",
        subject=member,
        target=member,
        now=now,
    )
    return member


def member_personal_data_erase(*, member: User, now: datetime) -> None:
    """The members app's leave handler. Kept (anonymous): the user row with `joined_at` and
    `left_at`, the tier history (the open row is closed at `left_at`), activities, badge
    awards, ideas and votes, so every figure of a past month stays the same. Erased: email (a
    placeholder), password (unusable, which also ends every session: Django checks the password
    hash on each request), the profile, skills, the allauth email addresses, API tokens, and the
    texts written about the member (spotlight stories, case studies, award citations, badge
    reasons, the reasons given for tier changes); the stories are unpublished. The "how did
    you hear" answer stays: it is the signup's attribution, and erasing it would change the
    "signups by source" of months already reported."""
    member.email = erased_email(member)
    member.set_unusable_password()
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.save(update_fields=["email", "password", "is_active", "is_staff", "is_superuser"])
    member.groups.clear()
    member.user_permissions.clear()

    profile, _ = Profile.objects.get_or_create(user=member)
    skills_of_member_release(member=member)
    Profile.objects.filter(pk=profile.pk).update(
        display_name="",
        headline="",
        bio="",
        location="",
        github_username="",
        website="",
        newsletter_opt_in=False,
        directory_opt_in=False,
    )
    EmailAddress.objects.filter(user=member).delete()
    api_tokens_erase(member=member)

    TierMembership.objects.filter(member=member, ended_at__isnull=True).update(
        ended_at=member.left_at
    )
    Spotlight.objects.filter(member=member).update(story="", published_at=None, published_by=None)
    CaseStudy.objects.filter(member=member).update(
        title=FORMER_MEMBER + "'s story",
        slug=Concat(Value("erased-"), Cast("pk", CharField())),
        summary="",
        body="",
        published_at=None,
        published_by=None,
    )
    Award.objects.filter(winner=member).update(citation="")
    BadgeAward.objects.filter(member=member).update(reason="")
    # A manager's reason for a tier change is text about the member; the rows (from, to, when,
    # who) stay, so past tier figures do not move.
    TierMembership.objects.filter(member=member).exclude(reason="").update(reason="")
