"""Factories for events: a group with its organizers, events (an hour long, tomorrow at 19:00
Kyiv by default), hosts and RSVPs."""

from datetime import UTC, datetime, timedelta

import factory

from events.models import (
    Event,
    EventHost,
    EventSeries,
    GroupMembership,
    GroupType,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from members.tests.factories import MemberFactory

#: Tests pin time here: Wednesday 4 March 2026, 12:00 UTC (14:00 in Kyiv).
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


class UserGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserGroup
        skip_postgeneration_save = True

    type = GroupType.LOCAL
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    description = "People who build things together."
    region = "Kyiv"
    leader = factory.SubFactory(MemberFactory)
    created_at = NOW - timedelta(days=365)

    @factory.post_generation
    def co_organizers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.co_organizers.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    description = "An evening of talks."
    starts_at = NOW + timedelta(days=1, hours=5)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "Europe/Kyiv"
    venue = "Hub office, Bakhmach"
    online_url = "https://meet.example.com/secret-room"
    created_at = NOW - timedelta(days=30)


class EventHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventHost

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(MemberFactory)
    role = EventHost.Role.HOST


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(MemberFactory)
    status = RsvpStatus.GOING
    queued_at = NOW - timedelta(days=1)
    queue_number = factory.Sequence(lambda n: n + 1)
    updated_at = factory.LazyAttribute(lambda o: o.queued_at)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(UserGroupFactory)
    member = factory.SubFactory(MemberFactory)
    joined_at = NOW - timedelta(days=200)


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = "Monthly virtual meetup"
    slug = "monthly-virtual-meetup"
    rrule = "FREQ=MONTHLY;BYDAY=1WE"
    starts_on = datetime(2026, 1, 1).date()
    local_start_time = datetime(2026, 1, 1, 19, 0).time()
    duration_minutes = 90
    time_zone = "Europe/Kyiv"
    online_url = "https://meet.example.com/monthly"
    created_at = NOW - timedelta(days=90)
