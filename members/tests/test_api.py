"""The members API: profile, directory, activities (own and by integrations), tiers, badges,
ideas and votes. Permissions, idempotency and flat query counts. Schemathesis runs over every
operation of every app in tests/test_api_schema.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from hub.core.models import AuditEntry
from members.models import Activity, Badge, Idea, IdeaVote
from members.services.ideas import idea_create, idea_status_set, idea_vote
from members.services.recognition import badge_rule_badges_ensure
from members.tests.factories import (
    ActivityFactory,
    MemberFactory,
    SkillFactory,
    UserFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def an_hour_ago() -> str:
    return (timezone.now() - timedelta(hours=1)).isoformat()


# --- anonymous -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/"),
        ("patch", "/api/v1/me/"),
        ("get", "/api/v1/members/"),
        ("get", "/api/v1/activities/"),
        ("post", "/api/v1/activities/"),
        ("get", "/api/v1/tiers/"),
        ("get", "/api/v1/badges/"),
        ("get", "/api/v1/ideas/"),
        ("post", "/api/v1/ideas/"),
        ("post", "/api/v1/ideas/1/vote/"),
        ("delete", "/api/v1/ideas/1/vote/"),
    ],
)
def test_anonymous_callers_are_refused_with_json(method, path):
    response = getattr(api(), method)(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


# --- me ----------------------------------------------------------------------------------------


def test_me_shows_and_patches_the_own_profile(member):
    SkillFactory(name="Python")
    SkillFactory(name="Go")
    client = api(member)
    me = client.get("/api/v1/me/").json()
    assert me["email"] == "member@example.com"
    assert me["display_name"] == "Mia Member"
    assert me["tier"] == {"level": 1, "name": "Contributors"}

    response = client.patch(
        "/api/v1/me/", {"headline": "ML engineer", "skills": ["Python", "Go"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["headline"] == "ML engineer"
    assert sorted(response.json()["skills"]) == ["Go", "Python"]
    # fields not sent stay as they were
    response = client.patch("/api/v1/me/", {"location": "Kyiv"}, format="json")
    assert response.json()["headline"] == "ML engineer"
    assert sorted(response.json()["skills"]) == ["Go", "Python"]


def test_me_patch_rejects_bad_input_and_changes_nothing(member):
    response = api(member).patch("/api/v1/me/", {"website": "not a url"}, format="json")
    assert response.status_code == 400
    assert "website" in response.json()["errors"]
    member.profile.refresh_from_db()
    assert member.profile.website == ""


# --- members directory -----------------------------------------------------------------------


def test_the_directory_lists_only_opted_in_current_members(member, other_member):
    member.profile.directory_opt_in = True
    member.profile.save()
    gone = MemberFactory(name="Gone Person")
    gone.profile.directory_opt_in = True
    gone.profile.save()
    gone.left_at = timezone.now() - timedelta(days=1)
    gone.save(update_fields=["left_at"])
    results = api(other_member).get("/api/v1/members/").json()["results"]
    assert [row["display_name"] for row in results] == ["Mia Member"]
    assert "email" not in results[0]


# --- activities --------------------------------------------------------------------------------


def test_a_member_sees_only_their_own_activities(member, other_member):
    ActivityFactory(member=member, title="Mine")
    ActivityFactory(member=other_member, title="Theirs")
    results = api(member).get("/api/v1/activities/").json()["results"]
    assert [row["title"] for row in results] == ["Mine"]


def test_a_member_posts_an_own_contribution_once(member):
    body = {"kind": "code", "occurred_at": an_hour_ago(), "title": "Fix", "external_id": "pr-1"}
    first = api(member).post("/api/v1/activities/", body, format="json")
    assert first.status_code == 201
    assert first.json()["source"] == "api"
    again = api(member).post("/api/v1/activities/", body, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Activity.objects.count() == 1


def test_a_member_may_not_post_for_others_set_a_source_or_post_attendance(member, other_member):
    client = api(member)
    for body in (
        {"kind": "code", "occurred_at": an_hour_ago(), "email": other_member.email},
        {"kind": "code", "occurred_at": an_hour_ago(), "source": "github"},
    ):
        assert client.post("/api/v1/activities/", body, format="json").status_code == 403
    response = client.post(
        "/api/v1/activities/",
        {"kind": "event_attendance", "occurred_at": an_hour_ago()},
        format="json",
    )
    assert response.status_code == 400
    assert "own contributions" in response.json()["detail"]
    assert not Activity.objects.exists()


@pytest.fixture
def integration():
    """An integration account: not a member, given the permission to add activities."""
    account = UserFactory(email="github-bot@example.com")
    account.user_permissions.add(Permission.objects.get(codename="add_activity"))
    return account


def test_an_integration_posts_for_a_member_by_email_or_github_username(integration, member):
    member.profile.github_username = "mia-gh"
    member.profile.save()
    client = api(integration)
    by_email = client.post(
        "/api/v1/activities/",
        {
            "kind": "code",
            "occurred_at": an_hour_ago(),
            "source": "github",
            "external_id": "pr-7",
            "email": "MEMBER@example.com",
            "title": "Merged PR 7",
        },
        format="json",
    )
    assert by_email.status_code == 201
    assert by_email.json()["member_id"] == member.pk
    by_github = client.post(
        "/api/v1/activities/",
        {
            "kind": "event_attendance",
            "occurred_at": an_hour_ago(),
            "source": "github",
            "external_id": "ev-1",
            "github_username": "Mia-GH",
        },
        format="json",
    )
    assert by_github.status_code == 201
    repeat = client.post(
        "/api/v1/activities/",
        {
            "kind": "code",
            "occurred_at": an_hour_ago(),
            "source": "github",
            "external_id": "pr-7",
            "email": member.email,
        },
        format="json",
    )
    assert repeat.status_code == 200
    assert repeat.json()["id"] == by_email.json()["id"]
    assert Activity.objects.filter(member=member).count() == 2
    assert AuditEntry.objects.filter(action="activity.add", actor=integration).count() == 2


def test_an_integration_naming_an_unknown_member_gets_a_clear_400(integration):
    response = api(integration).post(
        "/api/v1/activities/",
        {"kind": "code", "occurred_at": an_hour_ago(), "email": "nobody@example.com"},
        format="json",
    )
    assert response.status_code == 400
    assert (
        response.json()["detail"] == "No current member has the email address nobody@example.com."
    )


def test_a_repeat_of_another_members_row_reveals_nothing(integration, member, other_member):
    body = {"kind": "code", "occurred_at": an_hour_ago(), "source": "github", "external_id": "x"}
    api(integration).post("/api/v1/activities/", {**body, "email": member.email}, format="json")
    response = api(integration).post(
        "/api/v1/activities/", {**body, "email": other_member.email}, format="json"
    )
    assert response.status_code == 409
    assert "title" not in response.json()


def test_activities_in_the_future_or_before_joining_are_refused(member):
    client = api(member)
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert (
        client.post(
            "/api/v1/activities/", {"kind": "code", "occurred_at": future}, format="json"
        ).status_code
        == 400
    )
    before = datetime(2025, 1, 1, tzinfo=UTC).isoformat()
    assert (
        client.post(
            "/api/v1/activities/", {"kind": "code", "occurred_at": before}, format="json"
        ).status_code
        == 400
    )
    assert not Activity.objects.exists()


# --- tiers and badges -------------------------------------------------------------------------


def test_tiers_and_badges_are_listed(member):
    badge_rule_badges_ensure()
    tiers = api(member).get("/api/v1/tiers/").json()["results"]
    assert [tier["name"] for tier in tiers] == ["Contributors", "Active Members", "Core Team"]
    assert tiers[1]["revenue_share_min_percent"] == "5.00"
    badges = api(member).get("/api/v1/badges/").json()["results"]
    assert {badge["slug"] for badge in badges} == set(Badge.objects.values_list("slug", flat=True))
    assert all(badge["awarded_count"] == 0 for badge in badges)


# --- ideas ---------------------------------------------------------------------------------------


def test_post_list_vote_and_unvote_ideas(member, other_member):
    created = api(other_member).post(
        "/api/v1/ideas/", {"title": "Dark mode", "body": "Please."}, format="json"
    )
    assert created.status_code == 201
    idea_id = created.json()["id"]
    assert Activity.objects.get(member=other_member).external_id == f"idea-{idea_id}"

    client = api(member)
    assert client.post(f"/api/v1/ideas/{idea_id}/vote/").json() == {
        "idea_id": idea_id,
        "vote_count": 1,
        "voted": True,
    }
    again = client.post(f"/api/v1/ideas/{idea_id}/vote/")
    assert again.status_code == 400
    assert again.json()["detail"] == "You have already voted for this idea."
    listed = client.get("/api/v1/ideas/").json()["results"]
    assert (listed[0]["vote_count"], listed[0]["voted"]) == (1, True)
    assert api(other_member).get("/api/v1/ideas/").json()["results"][0]["voted"] is False

    assert client.delete(f"/api/v1/ideas/{idea_id}/vote/").json()["voted"] is False
    assert client.delete(f"/api/v1/ideas/{idea_id}/vote/").status_code == 400
    assert client.post("/api/v1/ideas/999999/vote/").status_code == 404
    assert not IdeaVote.objects.exists()


def test_ideas_filter_by_status_and_sort(member, manager):
    now = timezone.now()
    old = idea_create(author=member, title="Old", body="b", now=now - timedelta(days=2))
    idea_create(author=member, title="New", body="b", now=now)
    idea_vote(idea=old, member=manager, now=now)
    idea_status_set(idea=old, status="planned", comment="Yes.", actor=manager, now=now)
    client = api(member)
    assert [i["title"] for i in client.get("/api/v1/ideas/").json()["results"]] == ["Old", "New"]
    assert [i["title"] for i in client.get("/api/v1/ideas/?sort=newest").json()["results"]] == [
        "New",
        "Old",
    ]
    assert [i["title"] for i in client.get("/api/v1/ideas/?status=planned").json()["results"]] == [
        "Old"
    ]
    assert client.get("/api/v1/ideas/?status=bogus").status_code == 400


def test_an_empty_idea_is_refused(member):
    response = api(member).post("/api/v1/ideas/", {"title": " ", "body": "x"}, format="json")
    assert response.status_code == 400
    assert not Idea.objects.exists()


# --- query counts ------------------------------------------------------------------------------


def _fill(count: int, viewer) -> None:
    now = timezone.now()
    for index in range(count):
        other = MemberFactory()
        other.profile.directory_opt_in = True
        other.profile.save()
        other.profile.skills.create(name=f"skill-{other.pk}")
        ActivityFactory(member=viewer, title=f"a{index}")
        idea = idea_create(author=other, title=f"Idea {index}", body="b", now=now)
        idea_vote(idea=idea, member=viewer, now=now)
        Badge.objects.create(
            name=f"Badge {other.pk}", slug=f"b-{other.pk}", description="d", icon="x"
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/members/",
        "/api/v1/activities/",
        "/api/v1/tiers/",
        "/api/v1/badges/",
        "/api/v1/ideas/",
        "/api/v1/me/",
    ],
)
def test_api_lists_take_a_fixed_number_of_queries(path, member, django_assert_max_num_queries):
    client = api(member)
    _fill(3, member)
    with django_assert_max_num_queries(30) as few:
        assert client.get(path).status_code == 200
    _fill(27, member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200
