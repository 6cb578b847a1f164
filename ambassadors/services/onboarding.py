"""Writes about onboarding (weeks 1-2): the checklist made at approval, ticking its items,
assigning the buddy (another current ambassador, never the ambassador themselves), and the
first logged activity ticking its own item."""

from datetime import datetime, timedelta

from django.db import transaction

from ambassadors.models import (
    AmbassadorTerm,
    Onboarding,
    OnboardingStep,
    OnboardingStepKind,
)
from ambassadors.selectors.terms import is_ambassador
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import User

ONBOARDING_DUE_AFTER = timedelta(days=14)
#: Items a manager ticks by hand; the buddy and the first activity tick themselves.
MANUAL_STEPS = (
    OnboardingStepKind.WELCOME_KIT,
    OnboardingStepKind.PLATFORM_ACCESS,
    OnboardingStepKind.RESOURCE_LIBRARY,
)


def onboarding_create(*, term: AmbassadorTerm, now: datetime) -> Onboarding:
    """The checklist of a newly approved ambassador, due two weeks from now (in the approval's
    transaction)."""
    onboarding = Onboarding.objects.create(
        term=term, member=term.member, created_at=now, due_at=now + ONBOARDING_DUE_AFTER
    )
    OnboardingStep.objects.bulk_create(
        OnboardingStep(onboarding=onboarding, step=step) for step in OnboardingStepKind.values
    )
    return onboarding


def _locked(onboarding: Onboarding) -> Onboarding:
    return Onboarding.objects.select_for_update().select_related("member").get(pk=onboarding.pk)


def _tick(onboarding: Onboarding, step: str, *, actor: User | None, now: datetime) -> bool:
    """Mark `step` done (once); complete the checklist when it was the last. Returns whether
    anything changed."""
    ticked = OnboardingStep.objects.filter(
        onboarding=onboarding, step=step, done_at__isnull=True
    ).update(done_at=now, done_by=actor)
    if (
        ticked
        and not OnboardingStep.objects.filter(onboarding=onboarding, done_at__isnull=True).exists()
    ):
        Onboarding.objects.filter(pk=onboarding.pk).update(completed_at=now)
    return bool(ticked)


@transaction.atomic
def onboarding_step_complete(
    *, onboarding: Onboarding, step: str, actor: User, now: datetime
) -> bool:
    """A manager ticks an item (welcome kit, platform access, resource library). Ticking a
    done item changes nothing."""
    if step not in MANUAL_STEPS:
        raise DomainError(
            "This item ticks itself: assign a buddy, or wait for their first activity.",
            code="not_manual",
        )
    onboarding = _locked(onboarding)
    changed = _tick(onboarding, step, actor=actor, now=now)
    if changed:
        audit_record(
            actor=actor,
            action="ambassador_onboarding.step",
            subject=onboarding.member,
            target=onboarding,
            now=now,
            data={"step": OnboardingStepKind(step).label},
        )
    return changed


@transaction.atomic
def onboarding_buddy_assign(
    *, onboarding: Onboarding, buddy: User, actor: User, now: datetime
) -> Onboarding:
    """Give the new ambassador a buddy: another current ambassador, never themselves."""
    onboarding = _locked(onboarding)
    if buddy.pk == onboarding.member_id:
        raise DomainError("An ambassador cannot be their own buddy.", code="buddy_self")
    if not is_ambassador(buddy, now=now):
        raise DomainError(
            f"{buddy.display_name} is not a current ambassador: a buddy must be one.",
            code="buddy_not_ambassador",
        )
    if onboarding.buddy_id == buddy.pk:
        return onboarding
    onboarding.buddy = buddy
    onboarding.save(update_fields=["buddy"])
    OnboardingStep.objects.filter(
        onboarding=onboarding, step=OnboardingStepKind.BUDDY_ASSIGNED
    ).update(done_at=None)
    _tick(onboarding, OnboardingStepKind.BUDDY_ASSIGNED, actor=actor, now=now)
    audit_record(
        actor=actor,
        action="ambassador_onboarding.buddy",
        subject=onboarding.member,
        target=onboarding,
        now=now,
        data={"buddy_id": buddy.pk},
    )
    return onboarding


def onboarding_first_activity(*, member: User, now: datetime) -> None:
    """Tick "first activity logged" on the member's open checklist (in the logging
    transaction); nothing when there is none or it is ticked already."""
    onboarding = (
        Onboarding.objects.select_for_update()
        .filter(member=member, completed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if onboarding is not None:
        _tick(onboarding, OnboardingStepKind.FIRST_ACTIVITY, actor=member, now=now)
