"""Writes about a member's own account: leaving the community (erasing personal data).

Also the place other apps look for the export hook: `EXPORT_SECTIONS` and
`export_section_register` are defined in `members.selectors.account` (the export is a read) and
re-exported here; see that module for how to add a section.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Replace
from rest_framework.authtoken.models import Token

from hub.audit import audit_record
from hub.errors import DomainError
from hub.models import AuditEntry
from members.models import (
    Award,
    BadgeAward,
    CaseStudy,
    Idea,
    Profile,
    Spotlight,
    TierMembership,
    User,
)
from members.selectors.account import (  # noqa: F401 (re-exported: the export hook)
    EXPORT_SECTIONS,
    export_section_register,
    member_export,
)

FORMER_MEMBER = "Former member"


def erased_email(member: User) -> str:
    """A placeholder that is unique, obviously not an address, and on a reserved domain."""
    return f"erased-{member.pk}@members.invalid"


@transaction.atomic
def member_leave(*, member: User, now: datetime) -> User:
    """The member leaves: personal data is erased, history stays.

    Kept (anonymous): the user row with `joined_at` and the new `left_at`, the tier history
    (the open row is closed at `now`), activities, badge awards, ideas and votes, so every
    figure of a past month stays the same. Erased: email (a placeholder), password (unusable,
    which also ends every session: Django checks the password hash on each request), the
    profile, skills, the allauth email addresses, API tokens, and the texts written about the
    member (spotlight stories, case studies, award citations), which are unpublished.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.left_at is not None:
        raise DomainError("This account has already left the community.", code="already_left")
    old_names = {name for name in (member.display_name, member.email) if len(name) >= 3}

    member.email = erased_email(member)
    member.set_unusable_password()
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    # The database insists a member leaves no earlier than they joined.
    member.left_at = max(now, member.joined_at) if member.joined_at else now
    member.save(
        update_fields=["email", "password", "is_active", "is_staff", "is_superuser", "left_at"]
    )
    member.groups.clear()
    member.user_permissions.clear()

    profile, _ = Profile.objects.get_or_create(user=member)
    profile.skills.clear()
    Profile.objects.filter(pk=profile.pk).update(
        display_name="",
        headline="",
        bio="",
        location="",
        github_username="",
        website="",
        # how_heard stays: it is the signup's attribution answer, and erasing it would change
        # the "signups by source" figures of months that are already reported.
        newsletter_opt_in=False,
        directory_opt_in=False,
    )
    EmailAddress.objects.filter(user=member).delete()
    Token.objects.filter(user=member).delete()

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

    # Audit summaries name people ("Awarded … to Olena"): replace this member's name there.
    about_member = AuditEntry.objects.filter(actor=member)
    for model, ids in [
        (User, [member.pk]),
        (BadgeAward, BadgeAward.objects.filter(member=member).values_list("pk", flat=True)),
        (Spotlight, Spotlight.objects.filter(member=member).values_list("pk", flat=True)),
        (Award, Award.objects.filter(winner=member).values_list("pk", flat=True)),
        (CaseStudy, CaseStudy.objects.filter(member=member).values_list("pk", flat=True)),
        (Idea, Idea.objects.filter(author=member).values_list("pk", flat=True)),
    ]:
        about_member = about_member | AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in ids],
        )
    for name in sorted(old_names, key=len, reverse=True):
        about_member.filter(summary__contains=name).update(
            summary=Replace("summary", Value(name), Value(FORMER_MEMBER))
        )

    audit_record(
        actor=member,
        action="member.leave",
        summary=f"Member #{member.pk} left the community; personal data erased",
        target=member,
        now=now,
    )
    return member
