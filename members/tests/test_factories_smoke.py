from datetime import UTC, datetime

import pytest

from members.models import TierMembership
from members.tests.factories import ManagerFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_member_factory_makes_a_joined_contributor():
    member = MemberFactory(name="Olena Test", joined_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert member.joined_at == datetime(2026, 3, 1, tzinfo=UTC)
    assert member.display_name == "Olena Test"
    current = TierMembership.objects.get(member=member, ended_at__isnull=True)
    assert current.tier.level == 1


def test_manager_factory_makes_a_staff_manager_not_superuser():
    manager = ManagerFactory()
    assert manager.is_staff
    assert not manager.is_superuser
    assert manager.is_manager
