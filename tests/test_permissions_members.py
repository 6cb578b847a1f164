"""Who may open or do what on the membership pages of the members app: the directory and
profiles, the dashboard, logging contributions, a member's own data and leaving, the managers'
slipping-away list, the admin pages of members, tiers and the ledger, and the membership API.

Roles: anonymous, a member (unlisted in the directory, with one contribution), another member
(listed), and a community manager. The format and its outcomes are in `tests/permissions.py`.
"""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from members.models import Activity, ApiToken, Profile, Skill, TierSuggestion, User
from members.services.profiles import skill_suggest
from members.tests.factories import TEST_PASSWORD, ActivityFactory, api_key_for
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "manager")


def build() -> World:
    people = people_build(ROLES)
    member, other = people["member"], people["other_member"]
    Profile.objects.filter(user=other).update(directory_opt_in=True)
    activity = ActivityFactory(member=member)
    tier = other.tier_history.get().tier_id
    suggestion = TierSuggestion.objects.create(
        member=other,
        from_tier_id=tier,
        to_tier_id=tier + 1,
        direction=TierSuggestion.Direction.PROMOTE,
        created_at=datetime.now(UTC),
    )
    api_key_for(member, name="Revocable")
    token_key = ApiToken.objects.get(user=member, name="Revocable").token_key
    # A skill another member suggested, awaiting a manager's review.
    skill = skill_suggest(member=other, name="Zig", now=datetime.now(UTC))
    return World(
        people=people,
        placeholders={
            "member": member.pk,
            "listed": other.pk,
            "activity": activity.pk,
            "token_key": token_key,
            "suggestion": suggestion.pk,
            "skill": skill.pk,
        },
        suggestion=suggestion,
        skill=skill,
    )


world = world_fixture(build)


# --- Effects: the member's own things, which nobody else may change ------------------------------


def member_display_name(world):
    return Profile.objects.get(user=world.people["member"]).display_name


def member_activities(world):
    return sorted(
        Activity.objects.filter(member=world.people["member"]).values_list("kind", "title")
    )


def member_left_at(world):
    return User.objects.get(pk=world.people["member"].pk).left_at


def member_token_names(world):
    return sorted(
        ApiToken.objects.filter(user=world.people["member"]).values_list("name", flat=True)
    )


def member_skills(world):
    return sorted(Profile.objects.get(user=world.people["member"]).skills.values_list("name"))


def skill_status(world):
    return Skill.objects.get(pk=world.skill.pk).status


def suggestion_status(world):
    return TierSuggestion.objects.get(pk=world.suggestion.pk).status


def a_contribution(world) -> dict:
    return {"kind": "code", "title": "Fixed the build", "day": timezone.localdate().isoformat()}


def an_api_activity(world) -> dict:
    return {"kind": "code", "occurred_at": timezone.now().isoformat(), "title": "Fixed the build"}


def an_activity_for_the_member(world) -> dict:
    return {**an_api_activity(world), "email": world.people["member"].email}


LEAVE = {"password": TEST_PASSWORD, "confirm": "on"}

ROWS = [
    # The directory and profiles: an unlisted profile is its owner's alone.
    Row("directory", "GET", "/members/", "200 200 200 200"),
    Row("unlisted profile", "GET", "/members/{member}/", "404 200 404 404"),
    Row("listed profile", "GET", "/members/{listed}/", "200 200 200 200"),
    Row("dashboard", "GET", "/members/dashboard/", "login 200 200 200"),
    Row("profile edit", "GET", "/members/profile/", "login 200 200 200"),
    # The form carries no member id: whoever posts edits their own profile only.
    Row(
        "profile edit post",
        "POST",
        "/members/profile/",
        "login 302 302= 302=",
        data={"display_name": "Changed"},
        effect=member_display_name,
    ),
    Row(
        "profile edit post, suggesting a skill",
        "POST",
        "/members/profile/",
        "login 302 302= 302=",
        data={"display_name": "Changed", "skill_suggestion": "Gleam"},
        effect=member_skills,
    ),
    Row("log a contribution", "GET", "/members/contributions/new/", "login 200 200 200"),
    Row(
        "log a contribution post",
        "POST",
        "/members/contributions/new/",
        "login 302 302= 302=",
        data=a_contribution,
        effect=member_activities,
    ),
    Row("slipping away", "GET", "/members/manage/slipping/", "login 403 403 200"),
    # A member's own data, and leaving (which only ever affects whoever asks).
    Row("account data", "GET", "/members/account/", "login 200 200 200"),
    Row("account export", "GET", "/members/account/export/", "login 200 200 200"),
    Row("leave", "GET", "/members/account/leave/", "login 200 200 200"),
    Row(
        "leave post",
        "POST",
        "/members/account/leave/",
        "login 302 302= 302=",
        data=LEAVE,
        effect=member_left_at,
    ),
    Row(
        "leave post, wrong password",
        "POST",
        "/members/account/leave/",
        "login 400 400 400",
        data={"password": "not-my-password", "confirm": "on"},
        effect=member_left_at,
    ),
    # API tokens: each person makes and revokes only their own; no one sees another's.
    Row("api tokens", "GET", "/members/account/tokens/", "login 200 200 200"),
    Row(
        "make an api token",
        "POST",
        "/members/account/tokens/",
        "login 201 201= 201=",
        data={"name": "GitHub webhook"},
        effect=member_token_names,
    ),
    Row(
        "revoke an api token",
        "POST",
        "/members/account/tokens/{token_key}/revoke/",
        "login 302 404 404",
        effect=member_token_names,
    ),
    Row("admin api tokens", "GET", "/admin/members/apitoken/", "login login login 404"),
    # The admin pages of members, tiers and the ledger: managers only.
    Row("admin members", "GET", "/admin/members/user/", "login login login 200"),
    Row("admin member", "GET", "/admin/members/user/{member}/change/", "login login login 200"),
    Row("admin tier suggestions", "GET", "/admin/members/tiersuggestion/", "login login login 200"),
    # Accepting asks first (the confirmation page changes nothing), then decides
    Row(
        "admin ask to accept a tier suggestion",
        "POST",
        "/admin/members/tiersuggestion/",
        "login login login 200=",
        data=lambda world: {"action": "accept", "_selected_action": [world.suggestion.pk]},
        effect=suggestion_status,
    ),
    Row(
        "admin accept a tier suggestion",
        "POST",
        "/admin/members/tiersuggestion/",
        "login login login 302",
        data=lambda world: {
            "action": "accept",
            "apply": "1",
            "_selected_action": [world.suggestion.pk],
        },
        effect=suggestion_status,
    ),
    Row(
        "admin accept a tier suggestion from its page",
        "POST",
        "/admin/members/tiersuggestion/{suggestion}/decide/accept/",
        "login login login 302",
        data={"apply": "1"},
        effect=suggestion_status,
    ),
    Row(
        "admin change a member's tier",
        "POST",
        "/admin/members/user/{listed}/change-tier/",
        "login login login 302",
        data=lambda world: {"tier": world.suggestion.to_tier_id, "reason": "Leads a group"},
        effect=lambda world: TierSuggestion.objects.get(
            pk=world.suggestion.pk
        ).member.tier_history.count(),
    ),
    Row("admin skills", "GET", "/admin/members/skill/", "login login login 200"),
    Row("admin skill", "GET", "/admin/members/skill/{skill}/change/", "login login login 200"),
    Row(
        "admin accept a skill",
        "POST",
        "/admin/members/skill/",
        "login login login 302",
        data=lambda world: {"action": "accept", "_selected_action": [world.skill.pk]},
        effect=skill_status,
    ),
    Row(
        "admin reject a skill",
        "POST",
        "/admin/members/skill/",
        "login login login 302",
        data=lambda world: {
            "action": "reject",
            "_selected_action": [world.skill.pk],
            "apply": "1",
            "reason": "Too niche for now.",
        },
        effect=skill_status,
    ),
    Row(
        "admin reject a skill without a reason",
        "POST",
        "/admin/members/skill/",
        "login login login 200=",
        data=lambda world: {
            "action": "reject",
            "_selected_action": [world.skill.pk],
            "apply": "1",
            "reason": "",
        },
        effect=skill_status,
    ),
    Row("admin tiers", "GET", "/admin/members/tier/", "login login login 200"),
    Row("admin promotion rules", "GET", "/admin/members/promotionrule/", "login login login 200"),
    Row("admin points", "GET", "/admin/members/activitypoints/", "login login login 200"),
    Row("admin activities", "GET", "/admin/members/activity/", "login login login 200"),
    Row(
        "admin activity",
        "GET",
        "/admin/members/activity/{activity}/change/",
        "login login login 200",
    ),
    # The API: nothing without a token or a session.
    Row("api me", "GET", "/api/v1/me/", "401 200 200 200"),
    Row(
        "api me patch",
        "PATCH",
        "/api/v1/me/",
        "401 200 200= 200=",
        data={"display_name": "Patched"},
        effect=member_display_name,
    ),
    Row("api directory", "GET", "/api/v1/members/", "401 200 200 200"),
    Row("api activities", "GET", "/api/v1/activities/", "401 200 200 200"),
    Row(
        "api log an activity",
        "POST",
        "/api/v1/activities/",
        "401 201 201= 201=",
        data=an_api_activity,
        effect=member_activities,
    ),
    # Naming a member is for integrations (the add_activity permission, which managers hold).
    Row(
        "api log an activity for the member",
        "POST",
        "/api/v1/activities/",
        "401 403 403 201",
        data=an_activity_for_the_member,
        effect=member_activities,
    ),
    Row("api tiers", "GET", "/api/v1/tiers/", "401 200 200 200"),
]

test_permission_matrix = matrix_test(ROLES, ROWS)


# --- What the rows cannot say: whose data a page shows --------------------------------------------


def test_each_member_exports_only_their_own_data(world):
    for role in ("member", "other_member", "manager"):
        response = world.client(role).get("/members/account/export/")
        data = json.loads(response.content)
        assert data["account"]["id"] == world.people[role].pk
        assert bool(data["activities"]) is (role == "member"), role


def test_another_members_activities_are_not_in_their_api_list(world):
    listed = world.client("other_member", "token").get("/api/v1/activities/").json()
    assert listed["results"] == []
    own = world.client("member", "token").get("/api/v1/activities/").json()
    assert [row["member_id"] for row in own["results"]] == [world.people["member"].pk]
