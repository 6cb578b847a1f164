"""The demo step: a dozen ambassadors across the three tiers with terms, buddies, onboarding in
progress, activities and referred signups, nominations and applications waiting; deterministic
and safe to run twice."""

import random

from django.db.models import Count
from django.utils import timezone

from ambassadors.models import (
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    Nomination,
    Onboarding,
    SignupAttribution,
    TermEnd,
)
from ambassadors.selectors import ambassadors_current
from hub.core.extension_points import DemoContext, demo_steps


def _run_steps_up_to_ambassadors(context) -> list[str]:
    return [step.run(context=context) for step in demo_steps.items() if step.order <= 40]


def test_the_demo_programme(db):
    now = timezone.now().replace(microsecond=0)
    context = DemoContext(rng=random.Random(7), now=now, member_count=60, progress=lambda _: None)
    summaries = _run_steps_up_to_ambassadors(context)
    assert "12 ambassadors" in summaries[-1]

    current = ambassadors_current(now=now)
    assert current.count() == 12
    by_tier = dict(
        AmbassadorTerm.objects.filter(starts_at__lte=now, ends_at__gt=now)
        .values_list("tier__name")
        .annotate(n=Count("pk"))
    )
    assert set(by_tier) == {"Champions", "Ambassadors", "Advisors"}
    assert AmbassadorTerm.objects.filter(end_reason=TermEnd.STEPPED_DOWN).count() == 1
    assert AmbassadorTerm.objects.filter(end_reason=TermEnd.RENEWED).exists()
    assert AmbassadorTerm.objects.filter(end_reason=TermEnd.MOVED).exists()
    assert Onboarding.objects.filter(buddy__isnull=False).count() >= 10
    assert Onboarding.objects.filter(completed_at__isnull=True).exists()
    assert AmbassadorActivity.objects.count() > 100
    assert SignupAttribution.objects.filter(referral_credited_at__isnull=False).exists()
    assert Nomination.objects.filter(application__isnull=True).count() == 3
    assert AmbassadorApplication.objects.filter(status="pending").count() >= 4

    counts = (AmbassadorTerm.objects.count(), AmbassadorActivity.objects.count())
    again = demo_steps.get("ambassadors").run(context=context)
    assert "nothing added" in again
    assert (AmbassadorTerm.objects.count(), AmbassadorActivity.objects.count()) == counts
