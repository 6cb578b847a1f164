"""Onboarding: the checklist's items with who and when, the buddy (another current ambassador,
never oneself), the first logged activity ticking itself, overdue checklists, the buddy's list."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from ambassadors.models import Onboarding, OnboardingStepKind
from ambassadors.selectors.onboarding import buddies_of, onboardings_overdue
from ambassadors.services.activities import ambassador_activity_log
from ambassadors.services.onboarding import onboarding_buddy_assign, onboarding_step_complete
from hub.core.errors import DomainError
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

APPROVED = datetime(2026, 3, 2, 10, tzinfo=UTC)


@pytest.fixture
def newcomer(member, approve):
    approve(member, now=APPROVED)
    return member


@pytest.fixture
def veteran(approve):
    person = MemberFactory(name="Vera Veteran", joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    approve(person, now=APPROVED - timedelta(days=200))
    return person


def steps(onboarding):
    return {step.step: (step.done_by_id, step.done_at) for step in onboarding.steps.all()}


def test_the_buddy_is_another_current_ambassador_never_oneself(
    newcomer, veteran, other_member, manager
):
    onboarding = Onboarding.objects.get(member=newcomer)
    at = APPROVED + timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be their own buddy"):
        onboarding_buddy_assign(onboarding=onboarding, buddy=newcomer, actor=manager, now=at)
    with pytest.raises(DomainError, match="not a current ambassador"):
        onboarding_buddy_assign(onboarding=onboarding, buddy=other_member, actor=manager, now=at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Onboarding.objects.filter(pk=onboarding.pk).update(buddy=newcomer)
    onboarding_buddy_assign(onboarding=onboarding, buddy=veteran, actor=manager, now=at)
    onboarding.refresh_from_db()
    assert onboarding.buddy == veteran
    assert steps(onboarding)[OnboardingStepKind.BUDDY_ASSIGNED] == (manager.pk, at)
    # and the buddy sees whom they help
    assert [o.member for o in buddies_of(member=veteran, now=at)] == [newcomer]


def test_the_checklist_completes_with_the_first_activity_and_is_overdue_until_then(
    newcomer, veteran, manager
):
    onboarding = Onboarding.objects.get(member=newcomer)
    day = APPROVED + timedelta(days=2)
    for step in ("welcome_kit", "platform_access", "resource_library"):
        assert onboarding_step_complete(onboarding=onboarding, step=step, actor=manager, now=day)
    assert not onboarding_step_complete(
        onboarding=onboarding, step="welcome_kit", actor=manager, now=day
    )
    with pytest.raises(DomainError, match="ticks itself"):
        onboarding_step_complete(
            onboarding=onboarding, step="first_activity", actor=manager, now=day
        )
    onboarding_buddy_assign(onboarding=onboarding, buddy=veteran, actor=manager, now=day)
    # Two weeks and a day after approval it is overdue
    late = APPROVED + timedelta(days=15)
    assert onboarding in onboardings_overdue(now=late)
    # When they log their first activity, the last item ticks itself and the checklist is done
    ambassador_activity_log(
        member=newcomer,
        activity_type="answering",
        title="Answered five questions",
        occurred_on=date(2026, 3, 16),
        hours=2,
        url="",
        now=late,
    )
    onboarding.refresh_from_db()
    assert steps(onboarding)[OnboardingStepKind.FIRST_ACTIVITY] == (newcomer.pk, late)
    assert onboarding.completed_at == late
    assert onboarding not in onboardings_overdue(now=late)
