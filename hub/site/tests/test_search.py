"""The site search: only what the searcher may see, one query a kind, empty and no-result
states, and PostgreSQL's full-text path."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus, EventVisibility
from events.tests.factories import EventFactory, UserGroupFactory
from hub.site.search import site_search
from members.models import Idea
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _soon():
    start = timezone.now() + timedelta(days=5)
    return {"starts_at": start, "ends_at": start + timedelta(hours=2)}


def _named(name: str, *, listed: bool):
    person = MemberFactory(name=name)
    person.profile.directory_opt_in = listed
    person.profile.headline = "Profiling enthusiast"
    person.profile.save()
    return person


@pytest.fixture
def community():
    UserGroupFactory(name="Profiling Circle", slug="profiling-circle")
    EventFactory(title="Profiling night", **_soon())
    EventFactory(title="Profiling for members", visibility=EventVisibility.MEMBERS, **_soon())
    EventFactory(title="Profiling draft", status=EventStatus.DRAFT, **_soon())
    author = MemberFactory()
    Idea.objects.create(
        author=author, title="A profiling guide", body="Write it down.", created_at=timezone.now()
    )
    _named("Petra Listed", listed=True)
    _named("Paul Hidden", listed=False)


def test_a_visitor_finds_public_things_only(client, community):
    page = client.get(reverse("search"), {"q": "profiling"}).content.decode()
    assert "Profiling night" in page
    assert "Profiling Circle" in page
    assert "A profiling guide" in page
    assert "Petra Listed" in page
    assert "Profiling for members" not in page
    assert "Profiling draft" not in page
    assert "Paul Hidden" not in page


def test_a_member_also_finds_members_only_events(client_for, member, community):
    page = client_for(member).get(reverse("search"), {"q": "profiling"}).content.decode()
    assert "Profiling for members" in page
    assert "Profiling draft" not in page


def test_every_word_must_match(client, community):
    page = client.get(reverse("search"), {"q": "profiling night"}).content.decode()
    assert "Profiling night" in page
    assert "Profiling Circle" not in page


def test_empty_and_no_result_states(client, community):
    empty = client.get(reverse("search")).content.decode()
    assert "Type a few words" in empty
    nothing = client.get(reverse("search"), {"q": "zebra-crossing"}).content.decode()
    assert "Nothing matches “zebra-crossing”" in nothing


def test_more_links_lead_to_one_kind(client):
    for number in range(7):
        EventFactory(title=f"Workshop number {number}", **_soon())
    page = client.get(reverse("search"), {"q": "workshop"}).content.decode()
    assert "kind=events" in page
    one_kind = client.get(reverse("search"), {"q": "workshop", "kind": "events"}).content.decode()
    assert one_kind.count("Workshop number") == 7


def test_odd_input_changes_nothing_and_does_not_fail(client):
    for text in ["", " ", "%", "'; drop table", "a" * 5000, "()[]{}"]:
        assert client.get(reverse("search"), {"q": text, "kind": "nope"}).status_code == 200
    # a NUL character is refused by the site's input guard with a 400, never a 500
    assert client.get(reverse("search"), {"q": "\u0000"}).status_code == 400


@pytest.mark.parametrize("rows", [3, 30])
def test_search_runs_one_query_a_kind(client, rows, django_assert_max_num_queries):
    for number in range(rows):
        EventFactory(title=f"Meetup {number}", **_soon())
        UserGroupFactory(name=f"Meetup group {number}")
        _named(f"Meetup Person {number}", listed=True)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("search"), {"q": "meetup"}).status_code == 200


@pytest.mark.postgres
def test_full_text_search_ranks_and_matches_words_on_postgresql(community):
    from django.db import connection

    assert connection.vendor == "postgresql"
    results = site_search(text="profiling", user=None, now=timezone.now())
    assert [event.title for event in results["events"]["rows"]] == ["Profiling night"]
    assert [group.name for group in results["groups"]["rows"]] == ["Profiling Circle"]
    assert [m.profile.display_name for m in results["members"]["rows"]] == ["Petra Listed"]
