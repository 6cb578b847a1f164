"""Factories for the ambassador programme. `AmbassadorTermFactory(member=..., tier_level=2)`
makes someone an ambassador (with their `Ambassador` row and referral code) for a year."""

from datetime import timedelta

import factory

from ambassadors.models import (
    TYPE_CATEGORY,
    Ambassador,
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    AmbassadorTier,
    SignupAttribution,
)
from members.tests.factories import MemberFactory


def tier(level: int) -> AmbassadorTier:
    """A seeded tier: 1 Champions, 2 Ambassadors, 3 Advisors."""
    return AmbassadorTier.objects.get(level=level)


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador
        django_get_or_create = ("member",)

    member = factory.SubFactory(MemberFactory)
    referral_code = factory.Sequence(lambda n: f"AMB-{n:03d}")
    created_at = factory.LazyAttribute(lambda o: o.member.joined_at)
    listed = False


class AmbassadorTermFactory(factory.django.DjangoModelFactory):
    """A term of `tier_level` from `starts_at` (the member's join time by default) for a year;
    the member gets their `Ambassador` row too."""

    class Meta:
        model = AmbassadorTerm
        exclude = ("tier_level",)
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    tier_level = 1
    tier = factory.LazyAttribute(lambda o: tier(o.tier_level))
    starts_at = factory.LazyAttribute(lambda o: o.member.joined_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=365))
    created_at = factory.LazyAttribute(lambda o: o.starts_at)

    @factory.post_generation
    def _ambassador(obj, create, extracted, **kwargs):
        if create:
            AmbassadorFactory(member=obj.member)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorApplication

    applicant = factory.SubFactory(MemberFactory)
    preferred_tier = factory.LazyFunction(lambda: tier(1))
    motivation = "I run the Chernihiv Python meetup and write about Hub."
    links = "https://example.com/blog"
    audience = "A blog with 2,000 readers and a Telegram channel."
    hours_per_month = 6
    submitted_at = factory.LazyAttribute(lambda o: o.applicant.joined_at)


class AmbassadorActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorActivity

    member = factory.SubFactory(MemberFactory)
    type = "beta_testing"
    category = factory.LazyAttribute(lambda o: TYPE_CATEGORY[o.type])
    title = "Tested the new onboarding"
    occurred_on = factory.LazyAttribute(lambda o: o.member.joined_at.date())
    hours = 2
    created_at = factory.LazyAttribute(lambda o: o.member.joined_at)


class SignupAttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignupAttribution

    member = factory.SubFactory(MemberFactory)
    signed_up_at = factory.LazyAttribute(lambda o: o.member.joined_at)
