"""A button pressed after the session ended (RSVP, join a group, vote...): the login page
returns to the page that held the button, never to the action's POST-only URL, which a browser
would GET after logging in and get a blank 405 page."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from events.tests.factories import EventFactory, UserGroupFactory
from hub.core.decorators import LOGGED_OUT_ACTION_MESSAGE
from members.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

#: Each button's action and the page that holds it, by name of the place in the world below.
ACTIONS = [
    ("events:event_rsvp", "event"),
    ("events:event_rsvp_cancel", "event"),
    ("events:event_rsvp_decline", "event"),
    ("events:group_join", "group"),
    ("events:group_leave", "group"),
    ("events:calendar_feed_reset", "feed"),
    ("members:token_revoke", "tokens"),
    ("ambassadors:listing", "mine"),
    ("ambassadors:withdraw", "mine"),
]


def _places() -> dict[str, tuple[tuple, str]]:
    event = EventFactory(starts_at=timezone.now() + timedelta(days=7))
    group = UserGroupFactory()
    return {
        "event": ((event.pk,), reverse("events:event_detail", args=[event.pk])),
        "group": ((group.slug,), reverse("events:group_detail", args=[group.slug])),
        "feed": ((), reverse("events:calendar_feed")),
        "tokens": (("abc",), reverse("members:token_list")),
        "mine": ((), reverse("ambassadors:mine")),
    }


def _next_of(response) -> str:
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    return parse_qs(location.query)["next"][0]


@pytest.mark.parametrize(("action", "place"), ACTIONS)
def test_a_logged_out_button_returns_to_its_page_after_login(client, member, action, place):
    # Given a member whose session has ended, on the page that holds the button
    args, page = _places()[place]
    action_url = reverse(action, args=args)
    # When they press it
    response = client.post(action_url, HTTP_REFERER=f"http://testserver{page}")
    # Then the login page is asked to return to that page, not to the action's URL
    assert response.status_code == 302
    assert _next_of(response) == page
    # and told there that nothing was done
    assert LOGGED_OUT_ACTION_MESSAGE in client.get(response["Location"]).content.decode()
    # and after logging in they are back on the page
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": TEST_PASSWORD, "next": page},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == page


def test_an_idea_vote_returns_to_the_list_it_was_cast_from(client):
    # Given the vote button of the ideas list, which sends the list (with its filters) as next
    page = reverse("members:idea_list") + "?status=open"
    # When it is pressed after the session ended
    response = client.post(reverse("members:idea_vote", args=[1]), {"next": page})
    # Then the login page returns to that list
    assert _next_of(response) == page


@pytest.mark.parametrize(
    "referer", ["", "https://elsewhere.example/events/", "http://testserver/\x07bell/"]
)
def test_without_a_page_of_this_site_the_login_returns_to_the_dashboard(client, referer):
    response = client.post(reverse("events:group_join", args=["any"]), HTTP_REFERER=referer)
    assert _next_of(response) == reverse("members:dashboard")


#: Managers' and organizers' buttons: (action, its arguments, the page that holds it).
MANAGER_BUTTONS = [
    ("metrics:month_restate", ("2026-03",), "metrics:month_detail", ("2026-03",)),
    ("metrics:survey_close", (1,), "metrics:survey_manage_list", ()),
    ("ambassadors:manage_end", (1,), "ambassadors:manage", ()),
    ("members:idea_status", (1,), "members:idea_list", ()),
    ("events:group_health_recompute", ("any",), "events:group_list", ()),
]


@pytest.mark.parametrize(("action", "args", "page", "page_args"), MANAGER_BUTTONS)
def test_a_manager_s_logged_out_button_returns_to_its_page(client, action, args, page, page_args):
    page_url = reverse(page, args=page_args)
    response = client.post(reverse(action, args=args), HTTP_REFERER=f"http://testserver{page_url}")
    assert _next_of(response) == page_url
    assert LOGGED_OUT_ACTION_MESSAGE in client.get(response["Location"]).content.decode()


def test_a_manager_s_page_asked_for_while_logged_out_returns_to_itself(client):
    page_url = reverse("metrics:month_detail", args=["2026-03"])
    assert _next_of(client.get(page_url)) == page_url
