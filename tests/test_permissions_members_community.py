"""Who may open and use the community pages of the members app (ideas, recognition, a member's
own data, their admin pages and API): anonymous, member, other member, manager.

Each row: URL, then the expected status for each role. 302 means "sent to log in" (or, for a
form post, "done, back to the page"). The idea belongs to `member`; drafts are unpublished.
"""

import json

import pytest
from django.utils import timezone

from members.models import CaseStudy, Idea, IdeaVote
from members.services.ideas import idea_create
from members.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "manager"]
GET_MATRIX = [
    ("/members/ideas/", [200, 200, 200, 200]),
    ("/members/ideas/?status=planned&sort=newest", [200, 200, 200, 200]),
    ("/members/ideas/new/", [302, 200, 200, 200]),
    ("/members/ideas/{idea}/", [200, 200, 200, 200]),
    ("/members/ideas/999999/", [404, 404, 404, 404]),
    ("/members/ideas/{idea}/vote/", [405, 405, 405, 405]),
    ("/members/ideas/{idea}/unvote/", [405, 405, 405, 405]),
    ("/members/ideas/{idea}/status/", [405, 405, 405, 405]),
    ("/members/badges/", [200, 200, 200, 200]),
    ("/members/awards/", [200, 200, 200, 200]),
    ("/members/stories/", [200, 200, 200, 200]),
    ("/members/stories/published-story/", [200, 200, 200, 200]),
    ("/members/stories/draft-story/", [404, 404, 404, 200]),
    ("/members/account/", [302, 200, 200, 200]),
    ("/members/account/export/", [302, 200, 200, 200]),
    ("/members/account/leave/", [302, 200, 200, 200]),
    ("/admin/members/badge/", [302, 302, 302, 200]),
    ("/admin/members/badgeaward/", [302, 302, 302, 200]),
    ("/admin/members/badgeaward/add/", [302, 302, 302, 200]),
    ("/admin/members/spotlight/", [302, 302, 302, 200]),
    ("/admin/members/spotlight/add/", [302, 302, 302, 200]),
    ("/admin/members/award/", [302, 302, 302, 200]),
    ("/admin/members/casestudy/", [302, 302, 302, 200]),
    ("/admin/members/idea/", [302, 302, 302, 200]),
    ("/admin/members/idea/{idea}/change/", [302, 302, 302, 200]),
    ("/api/v1/me/", [401, 200, 200, 200]),
    ("/api/v1/members/", [401, 200, 200, 200]),
    ("/api/v1/activities/", [401, 200, 200, 200]),
    ("/api/v1/tiers/", [401, 200, 200, 200]),
    ("/api/v1/badges/", [401, 200, 200, 200]),
    ("/api/v1/ideas/", [401, 200, 200, 200]),
]


@pytest.fixture
def people(member, other_member, manager):
    return {"anonymous": None, "member": member, "other_member": other_member, "manager": manager}


@pytest.fixture
def idea(member):
    return idea_create(author=member, title="Dark mode", body="Please.", now=timezone.now())


@pytest.fixture
def stories(member):
    CaseStudy.objects.create(
        member=member,
        title="Published",
        slug="published-story",
        summary="s",
        body="b",
        published_at=timezone.now(),
    )
    CaseStudy.objects.create(
        member=member, title="Draft", slug="draft-story", summary="s", body="b"
    )


@pytest.mark.parametrize(("url", "expected"), GET_MATRIX, ids=[row[0] for row in GET_MATRIX])
def test_members_community_url_permissions(url, expected, people, idea, stories, client_for):
    url = url.format(idea=idea.pk)
    for role, status in zip(ROLES, expected, strict=True):
        response = client_for(people[role]).get(url)
        assert response.status_code == status, f"{role} on {url}: {response.status_code}"


def test_voting_needs_a_login_and_each_member_votes_for_themselves(people, idea, client_for):
    url = f"/members/ideas/{idea.pk}/vote/"
    response = client_for(None).post(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not IdeaVote.objects.exists()
    for role in ("member", "other_member", "manager"):
        assert client_for(people[role]).post(url).status_code == 302
    assert sorted(IdeaVote.objects.values_list("member__email", flat=True)) == [
        "manager@example.com",
        "member@example.com",
        "other@example.com",
    ]
    # taking a vote back only ever removes your own
    client_for(people["other_member"]).post(f"/members/ideas/{idea.pk}/unvote/")
    assert IdeaVote.objects.count() == 2
    assert not IdeaVote.objects.filter(member=people["other_member"]).exists()


def test_only_managers_set_an_idea_status(people, idea, client_for):
    url = f"/members/ideas/{idea.pk}/status/"
    data = {"status": "declined", "comment": "No."}
    assert client_for(None).post(url, data).status_code == 302
    assert client_for(people["member"]).post(url, data).status_code == 403
    assert client_for(people["other_member"]).post(url, data).status_code == 403
    assert Idea.objects.get().status == "open"
    assert client_for(people["manager"]).post(url, data).status_code == 302
    assert Idea.objects.get().status == "declined"


def test_posting_an_idea_needs_a_login(client_for):
    response = client_for(None).post("/members/ideas/new/", {"title": "x", "body": "y"})
    assert response.status_code == 302
    assert not Idea.objects.exists()


def test_each_member_exports_only_their_own_data(people, idea, client_for):
    for role in ("member", "other_member", "manager"):
        data = json.loads(client_for(people[role]).get("/members/account/export/").content)
        assert data["account"]["id"] == people[role].pk
        assert bool(data["ideas"]) is (role == "member")


def test_leaving_needs_a_login_and_only_ever_affects_yourself(people, client_for):
    response = client_for(None).post(
        "/members/account/leave/", {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    response = client_for(people["other_member"]).post(
        "/members/account/leave/", {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    for role in ("member", "manager"):
        people[role].refresh_from_db()
        assert people[role].left_at is None
    people["other_member"].refresh_from_db()
    assert people["other_member"].left_at is not None


def test_another_members_activities_are_not_visible_in_the_api(people, idea, client_for):
    results = client_for(people["other_member"]).get("/api/v1/activities/").json()["results"]
    assert results == []
    assert len(client_for(people["member"]).get("/api/v1/activities/").json()["results"]) == 1
