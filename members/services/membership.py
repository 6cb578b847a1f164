"""Writes about membership: joining and tier changes.

Every function here is keyword-only, runs in one transaction, takes the time as `now`, and
raises `DomainError` with a message for the person when a rule says no.
"""

from datetime import datetime

from django.db import IntegrityError, transaction

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.extension_points import join_notify
from members.models import (
    Profile,
    Tier,
    TierMembership,
    TierSuggestion,
    User,
)

ENTRY_TIER_LEVEL = 1


@transaction.atomic
def member_join(*, member: User, now: datetime) -> User:
    """The member verified their email: they exist from now on and start as Contributor.
    Every app's join handler runs in this transaction (`join_handlers`), once.

    Idempotent: a member who has joined already keeps their original join time and tier.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    Profile.objects.get_or_create(user=member)
    if member.joined_at is not None:
        return member
    member.joined_at = now
    member.save(update_fields=["joined_at"])
    tier_change(
        member=member,
        tier=Tier.objects.get(level=ENTRY_TIER_LEVEL),
        actor=None,
        reason="Joined the community",
        now=now,
    )
    join_notify(member=member, now=now)
    return member


@transaction.atomic
def tier_change(
    *, member: User, tier: Tier, actor: User | None, reason: str, now: datetime
) -> TierMembership:
    """Move a member to `tier`: close the open history row and open a new one.

    The member row is locked first so two managers changing the same member at once queue up;
    the partial unique constraint on the open row is the last line of defence.
    """
    User.objects.select_for_update().filter(pk=member.pk).first()
    current = TierMembership.objects.filter(member=member, ended_at__isnull=True).first()
    if current is not None:
        if current.tier_id == tier.pk:
            raise DomainError(f"{member.display_name} is already in {tier.name}.")
        if now < current.started_at:
            raise DomainError("A tier change cannot be dated before the current tier began.")
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    try:
        with transaction.atomic():
            membership = TierMembership.objects.create(
                member=member,
                tier=tier,
                from_tier=current.tier if current else None,
                started_at=now,
                changed_by=actor,
                reason=reason,
            )
    except IntegrityError as error:
        raise DomainError(
            "Someone else changed this member's tier at the same moment. Reload and try again."
        ) from error
    audit_record(
        actor=actor,
        action="tier.change",
        subject=member,
        target=member,
        now=now,
        data={
            "from": current.tier.level if current else None,
            "to": tier.level,
            "from_tier": current.tier.name if current else "no tier",
            "to_tier": tier.name,
            "why": reason,
        },
    )
    return membership


@transaction.atomic
def member_tier_lock(*, member: User, locked: bool, actor: User | None, now: datetime) -> bool:
    """Lock (or unlock) a member's tier: a locked member gets no promotion or demotion
    suggestions, and a pending one is dismissed so nobody accepts it by mistake.

    Returns whether anything changed (locking a locked member changes nothing).
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.tier_locked == locked:
        return False
    member.tier_locked = locked
    member.save(update_fields=["tier_locked"])
    dismissed = 0
    if locked:
        dismissed = TierSuggestion.objects.filter(
            member=member, status=TierSuggestion.Status.PENDING
        ).update(status=TierSuggestion.Status.DISMISSED, decided_at=now, decided_by=actor)
    audit_record(
        actor=actor,
        action="tier.lock" if locked else "tier.unlock",
        subject=member,
        target=member,
        now=now,
        data={"dismissed_suggestions": dismissed},
    )
    return True
