"""Lists cost the same number of queries for 3 rows as for 30."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from events.tests.factories import (
    EventFactory,
    EventHostFactory,
    GroupMembershipFactory,
    RsvpFactory,
    UserGroupFactory,
)
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _queries(fetch) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


def _events(count: int, group) -> None:
    start = timezone.now() + timedelta(days=1)
    for _ in range(count):
        event = EventFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=1))
        RsvpFactory(event=event)


def _groups(count: int) -> None:
    for _ in range(count):
        group = UserGroupFactory()
        GroupMembershipFactory(group=group)


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_event_list_page_and_api(client_for, member, viewer, django_assert_max_num_queries):
    user = member if viewer == "member" else None
    group = UserGroupFactory()
    _events(3, group)
    api = APIClient()
    if user:
        api.force_authenticate(user)
    page_few = _queries(lambda: client_for(user).get("/events/"))
    api_few = _queries(lambda: api.get("/api/v1/events/"))
    _events(27, group)
    with django_assert_max_num_queries(page_few):
        assert client_for(user).get("/events/").status_code == 200
    with django_assert_max_num_queries(api_few):
        assert len(api.get("/api/v1/events/").json()["results"]) == 30


def test_group_list_page_and_api(client_for, member, django_assert_max_num_queries):
    _groups(3)
    page_few = _queries(lambda: client_for(member).get("/groups/"))
    api_few = _queries(lambda: APIClient().get("/api/v1/groups/"))
    _groups(27)
    with django_assert_max_num_queries(page_few):
        client_for(member).get("/groups/")
    with django_assert_max_num_queries(api_few):
        assert len(APIClient().get("/api/v1/groups/").json()["results"]) == 30


def test_attendees_checkin_page_and_api(client_for, host, django_assert_max_num_queries):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    EventHostFactory(event=event, member=host)

    def add(count):
        for _ in range(count):
            RsvpFactory(event=event, member=MemberFactory())

    add(3)
    api = APIClient()
    api.force_authenticate(host)
    url = f"/events/{event.pk}/checkin/"
    page_few = _queries(lambda: client_for(host).get(url, {"q": "example"}))
    api_few = _queries(lambda: api.get(f"/api/v1/events/{event.pk}/attendees/"))
    add(27)
    with django_assert_max_num_queries(page_few):
        client_for(host).get(url, {"q": "example"})
    with django_assert_max_num_queries(api_few):
        assert len(api.get(f"/api/v1/events/{event.pk}/attendees/").json()["results"]) == 30


def test_group_detail_page(client_for, manager, django_assert_max_num_queries):
    group = UserGroupFactory(co_organizers=[MemberFactory()])
    _events(3, group)
    few = _queries(lambda: client_for(manager).get(f"/groups/{group.slug}/"))
    _events(17, group)
    with django_assert_max_num_queries(few):
        client_for(manager).get(f"/groups/{group.slug}/")
