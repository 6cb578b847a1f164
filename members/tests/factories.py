"""Factories for members: `MemberFactory` makes a joined, verified member in the entry tier."""

from datetime import UTC, datetime

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from members.models import Activity, Skill, Tier, User
from members.services.membership import member_join, tier_change

TEST_PASSWORD = "correct-horse-battery-staple"
JOINED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


class UserFactory(factory.django.DjangoModelFactory):
    """An account that has signed up but not yet verified its email (not a member yet)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class MemberFactory(UserFactory):
    """A member: verified email, joined at `joined_at`, with a profile and the entry tier."""

    # Not model fields: taken out in _create and used when the member joins.
    joined_at = JOINED_AT
    name = factory.Faker("name")

    @factory.post_generation
    def _join(obj, create, extracted, **kwargs):
        if not create:
            return
        EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        member_join(member=obj, now=obj._joined_at)
        obj.refresh_from_db()
        obj.profile.display_name = obj._name
        obj.profile.save(update_fields=["display_name"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        joined_at = kwargs.pop("joined_at")
        name = kwargs.pop("name")
        obj = super()._create(model_class, *args, **kwargs)
        obj._joined_at, obj._name = joined_at, name
        return obj


class ManagerFactory(MemberFactory):
    is_staff = True

    @factory.post_generation
    def _managers_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=settings.COMMUNITY_MANAGERS_GROUP))


def member_move_to_tier(member: User, level: int, *, now: datetime | None = None) -> None:
    tier_change(
        member=member,
        tier=Tier.objects.get(level=level),
        actor=None,
        reason="test",
        now=now or member.joined_at,
    )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    member = factory.SubFactory(MemberFactory)
    kind = "code"
    occurred_at = factory.LazyAttribute(lambda o: o.member.joined_at)
    recorded_at = factory.LazyAttribute(lambda o: o.occurred_at)
    source = "test"
    external_id = factory.Sequence(lambda n: f"test-{n}")
    title = "A contribution"
    points = 10


def api_key_for(user: User, name: str = "tests") -> str:
    """A key of a new API token of `user` (made directly: the service also audits and emails)."""
    from members.models import ApiToken

    existing = ApiToken.objects.filter(user=user, name=name).first()
    if existing is not None:
        existing.delete()
    return ApiToken.objects.create(user=user, expiry=None, name=name)[1]


class SkillFactory(factory.django.DjangoModelFactory):
    """A skill on the list (a suggestion is made with `skill_suggest`)."""

    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
