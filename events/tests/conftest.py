"""Fixtures of the events tests: a group with its leader and co-organizer, an event with a
host, all at the pinned time NOW."""

import pytest

from events.tests.factories import EventFactory, EventHostFactory, UserGroupFactory
from members.tests.factories import MemberFactory


@pytest.fixture
def group_leader(db):
    return MemberFactory(email="leader@example.com", name="Lena Leader")


@pytest.fixture
def co_organizer(db):
    return MemberFactory(email="coorg@example.com", name="Cory Coorganizer")


@pytest.fixture
def host(db):
    return MemberFactory(email="host@example.com", name="Hana Host")


@pytest.fixture
def group(group_leader, co_organizer):
    return UserGroupFactory(
        name="Kyiv Python", slug="kyiv-python", leader=group_leader, co_organizers=[co_organizer]
    )


@pytest.fixture
def event(group, host):
    event = EventFactory(title="Profiling night", group=group, capacity=10)
    EventHostFactory(event=event, member=host)
    return event
