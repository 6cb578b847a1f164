"""Input that once answered 500 gets a clear 4xx and changes nothing: NUL characters in
addresses and forms, `next=` that is not a path on this site, JSON nested too deep, line breaks
in an event's title (in its calendar file), and a database that went away."""

import json

import pytest
from django.utils import timezone
from icalendar import Calendar
from rest_framework.test import APIClient

from events.forms.organizers import EventForm
from events.tests.factories import EventFactory
from members.models import Idea, IdeaVote
from members.services.ideas import idea_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/members/?name=%00",
        "/members/?skill=%00",
        "/members/?location=a%00b",
        "/members/?%00=1",
        "/events/calendar/%00.ics",
        "/events/?q=%00",
        "/members/ideas/?status=%00",
    ],
)
def test_a_nul_character_in_an_address_is_a_400_with_a_reason(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_character_in_an_api_query_is_a_json_400(member):
    client = APIClient()
    client.force_authenticate(member)
    response = client.get("/api/v1/members/", {"name": "\x00"})
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_a_nul_character_in_the_admin_search_is_a_400(client_for, manager):
    response = client_for(manager).get("/admin/members/user/?q=%00")
    assert response.status_code == 400


def test_a_nul_character_in_a_form_is_a_400_and_changes_nothing(client_for, member):
    response = client_for(member).post(
        "/members/ideas/new/", {"title": "Title\x00", "body": "Body"}
    )
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.fixture
def idea(member):
    return idea_create(author=member, title="Better coffee", body="b", now=timezone.now())


@pytest.mark.parametrize(
    ("next_value", "lands_on"),
    [
        ("foo", "idea"),
        ("members:idea_list", "idea"),
        ("//evil.example/", "idea"),
        ("https://evil.example/", "idea"),
        ("/members/ideas/\r\nSet-Cookie: x=1", "idea"),
        ("/members/ideas/?status=open", "/members/ideas/?status=open"),
    ],
)
@pytest.mark.parametrize("action", ["vote", "unvote"])
def test_next_is_followed_only_to_a_path_on_this_site(
    client_for, other_member, idea, action, next_value, lands_on
):
    client = client_for(other_member)
    if action == "unvote":
        client.post(f"/members/ideas/{idea.pk}/vote/")
    response = client.post(f"/members/ideas/{idea.pk}/{action}/", {"next": next_value})
    assert response.status_code == 302
    expected = f"/members/ideas/{idea.pk}/" if lands_on == "idea" else lands_on
    assert response["Location"] == expected
    voted = IdeaVote.objects.filter(idea=idea, member=other_member).exists()
    assert voted is (action == "vote")


def test_json_nested_too_deep_is_a_400_and_posts_nothing(member):
    client = APIClient()
    client.force_authenticate(member)
    for depth in (40, 100_000):
        body = "[" * depth + "]" * depth
        response = client.post("/api/v1/ideas/", body, content_type="application/json")
        assert response.status_code == 400
        assert "nests deeper than" in response.json()["detail"]
    body = json.dumps({"title": "Shallow enough", "body": {"a": [[[["x"]]]]}})
    assert client.post("/api/v1/ideas/", body, content_type="application/json").status_code == 400
    assert not Idea.objects.exists()


def test_a_title_with_line_breaks_saved_earlier_still_gives_a_valid_calendar_file(client):
    # Given an event whose title and place were saved with line breaks (before the rule)
    event = EventFactory(
        title="Talk\r\nDTSTART:19700101T000000Z",
        venue="Room 1\nfloor 2",
        description="Line one\r\nLine two\x0b",
        starts_at=timezone.now() + timezone.timedelta(days=3),
    )
    # When someone downloads its calendar file
    response = client.get(f"/events/{event.pk}/calendar.ics")
    # Then the file parses, with the title and place on one line each
    assert response.status_code == 200
    item = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(item["summary"]) == "Talk DTSTART:19700101T000000Z"
    assert str(item["location"]) == "Room 1 floor 2"
    assert str(item["description"]).startswith("Line one\nLine two\n")
    assert b"\r\nDTSTART:19700101" not in response.content


def test_an_event_title_with_a_line_break_is_refused_by_the_form():
    form = EventForm(data={"title": "Talk\r\nX"}, now=timezone.now())
    assert not form.is_valid()
    assert "single line" in form.errors["title"][0]
