"""Groups: one to three co-organizers, joining twice, organizers cannot walk away; the group
pages."""

import pytest
from django.urls import reverse

from events.models import GroupMembership
from events.services.groups import group_create, group_join, group_leave
from events.tests.factories import NOW, UserGroupFactory
from hub.core.errors import DomainError
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [0, 4])
def test_a_group_needs_one_to_three_co_organizers(count):
    leader = MemberFactory()
    with pytest.raises(DomainError, match="one to three co-organizers"):
        group_create(
            name="G",
            type="local",
            leader=leader,
            co_organizers=[MemberFactory() for _ in range(count)],
            now=NOW,
        )


def test_the_leader_cannot_be_their_own_co_organizer():
    leader = MemberFactory()
    with pytest.raises(DomainError, match="leader cannot also be a co-organizer"):
        group_create(name="G", type="local", leader=leader, co_organizers=[leader], now=NOW)


def test_organizers_are_members_and_cannot_leave():
    leader, helper, person = MemberFactory(), MemberFactory(), MemberFactory()
    group = group_create(name="G", type="virtual", leader=leader, co_organizers=[helper], now=NOW)
    assert GroupMembership.objects.filter(group=group, left_at=None).count() == 2
    with pytest.raises(DomainError, match="Organizers cannot leave"):
        group_leave(group=group, member=helper, now=NOW)
    _, created = group_join(group=group, member=person, now=NOW)
    _, again = group_join(group=group, member=person, now=NOW)
    assert (created, again) == (True, False)
    group_leave(group=group, member=person, now=NOW)
    _, rejoined = group_join(group=group, member=person, now=NOW)
    assert rejoined
    assert GroupMembership.objects.filter(group=group, member=person).count() == 2


def test_group_join_and_leave(client_for, member):
    group = UserGroupFactory(name="Data folks", slug="data-folks")
    client = client_for(member)
    response = client.post(reverse("events:group_join", args=["data-folks"]), follow=True)
    assert "Welcome to Data folks!" in response.content.decode()
    assert GroupMembership.objects.filter(group=group, member=member, left_at=None).exists()
    response = client.post(reverse("events:group_leave", args=["data-folks"]), follow=True)
    assert "You left Data folks." in response.content.decode()
    assert not GroupMembership.objects.filter(group=group, member=member, left_at=None).exists()
    # Leaving twice says so and changes nothing
    response = client.post(reverse("events:group_leave", args=["data-folks"]), follow=True)
    assert "You are not a member of this group." in response.content.decode()


def test_group_list_filters_by_type_and_region(client_for):
    UserGroupFactory(name="Kyiv Local", type="local", region="Kyiv")
    UserGroupFactory(name="Remote ML", type="virtual", region="")
    body = client_for(None).get(reverse("events:group_list"), {"type": "virtual"}).content
    assert b"Remote ML" in body
    assert b"Kyiv Local" not in body
    body = client_for(None).get(reverse("events:group_list"), {"region": "Kyiv"}).content
    assert b"Kyiv Local" in body
    assert b"Remote ML" not in body
