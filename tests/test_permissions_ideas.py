"""Who may open or do what on the ideas pages of the members app, their admin pages and API:
posting, voting (each member for themselves), and setting an idea's status (managers).

Roles: anonymous, a member (the idea's author, who has not voted), another member, and a
community manager (who has voted). The format and its outcomes are in `tests/permissions.py`.
"""

import pytest
from django.utils import timezone

from members.models import Idea, IdeaVote
from members.services.ideas import idea_create
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "manager")


def build() -> World:
    people = people_build(ROLES)
    now = timezone.now()
    idea = idea_create(author=people["member"], title="Dark mode", body="Please.", now=now)
    IdeaVote.objects.create(idea=idea, member=people["manager"], created_at=now)
    return World(people=people, placeholders={"idea": idea.pk}, idea=idea)


world = world_fixture(build)


def voters(world):
    return sorted(IdeaVote.objects.filter(idea=world.idea).values_list("member__email", flat=True))


def idea_status(world):
    return Idea.objects.get(pk=world.idea.pk).status


def member_ideas(world):
    return sorted(
        Idea.objects.filter(author=world.people["member"]).values_list("title", flat=True)
    )


AN_IDEA = {"title": "Offline mode", "body": "For the train."}

ROWS = [
    Row("idea list", "GET", "/members/ideas/", "200 200 200 200"),
    Row(
        "idea list, filtered",
        "GET",
        "/members/ideas/?status=planned&sort=newest",
        "200 200 200 200",
    ),
    Row("new idea", "GET", "/members/ideas/new/", "login 200 200 200"),
    # The form has no author field: whoever posts is the author.
    Row(
        "new idea post",
        "POST",
        "/members/ideas/new/",
        "login 302 302= 302=",
        data=AN_IDEA,
        effect=member_ideas,
    ),
    Row("idea", "GET", "/members/ideas/{idea}/", "200 200 200 200"),
    Row("unknown idea", "GET", "/members/ideas/999999/", "404 404 404 404"),
    # Votes: each member votes for themselves, once, and takes back only their own vote.
    Row("vote by get", "GET", "/members/ideas/{idea}/vote/", "405 405 405 405"),
    Row(
        "vote",
        "POST",
        "/members/ideas/{idea}/vote/",
        "login 302 302 302=",
        effect=voters,
    ),
    Row("unvote by get", "GET", "/members/ideas/{idea}/unvote/", "405 405 405 405"),
    Row(
        "unvote",
        "POST",
        "/members/ideas/{idea}/unvote/",
        "login 302= 302= 302",
        effect=voters,
    ),
    Row("status by get", "GET", "/members/ideas/{idea}/status/", "405 405 405 405"),
    Row(
        "status",
        "POST",
        "/members/ideas/{idea}/status/",
        "login 403 403 302",
        data={"status": "declined", "comment": "Not this year."},
        effect=idea_status,
    ),
    Row("admin ideas", "GET", "/admin/members/idea/", "login login login 200"),
    Row("admin idea", "GET", "/admin/members/idea/{idea}/change/", "login login login 200"),
    Row("api ideas", "GET", "/api/v1/ideas/", "401 200 200 200"),
    Row(
        "api new idea",
        "POST",
        "/api/v1/ideas/",
        "401 201 201= 201=",
        data=AN_IDEA,
        effect=member_ideas,
    ),
    Row("api vote", "POST", "/api/v1/ideas/{idea}/vote/", "401 201 201 400", effect=voters),
    Row("api unvote", "DELETE", "/api/v1/ideas/{idea}/vote/", "401 400 400 200", effect=voters),
]

test_permission_matrix = matrix_test(ROLES, ROWS)


def test_a_session_call_without_the_csrf_token_changes_nothing(world):
    # given a member signed in by session, and a page elsewhere that posts to the API in their name
    client = world.client("member")
    client.handler.enforce_csrf_checks = True
    # when it posts without the CSRF token that only Hub's own pages have
    response = client.post("/api/v1/ideas/", AN_IDEA, content_type="application/json")
    # then the API refuses, and no idea is posted in the member's name
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert member_ideas(world) == ["Dark mode"]
