"""Who may open the member pages of profiles, directory, dashboard, contributions, the managers'
slipping-away list and the admin pages for members, tiers and the ledger: anonymous, member,
other member, manager. 302 means "sent to log in"; 404 hides an unlisted member's profile.

`{member}` in a URL is the member's id: their profile is unlisted unless the row says listed.
"""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from members.models import Activity, Profile, TierSuggestion
from members.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "manager"]
MATRIX = [
    ("/members/", [200, 200, 200, 200]),
    ("/members/{member}/ (unlisted)", [404, 200, 404, 404]),
    ("/members/{member}/ (listed)", [200, 200, 200, 200]),
    ("/members/dashboard/", [302, 200, 200, 200]),
    ("/members/profile/", [302, 200, 200, 200]),
    ("/members/contributions/new/", [302, 200, 200, 200]),
    ("/members/manage/slipping/", [302, 403, 403, 200]),
    ("/admin/members/user/", [302, 302, 302, 200]),
    ("/admin/members/user/{member}/change/", [302, 302, 302, 200]),
    ("/admin/members/tiersuggestion/", [302, 302, 302, 200]),
    ("/admin/members/tier/", [302, 302, 302, 200]),
    ("/admin/members/promotionrule/", [302, 302, 302, 200]),
    ("/admin/members/activitypoints/", [302, 302, 302, 200]),
    ("/admin/members/activity/", [302, 302, 302, 200]),
    ("/admin/members/activity/{activity}/change/", [302, 302, 302, 200]),
]


@pytest.fixture
def people(member, other_member, manager):
    return {"anonymous": None, "member": member, "other_member": other_member, "manager": manager}


@pytest.mark.parametrize(("row", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_members_core_url_permissions(row, expected, people, member, client_for):
    path, _, note = row.partition(" ")
    Profile.objects.filter(user=member).update(directory_opt_in=note == "(listed)")
    activity = ActivityFactory(member=member)
    url = path.format(member=member.pk, activity=activity.pk)
    for role, status in zip(ROLES, expected, strict=True):
        response = client_for(people[role]).get(url)
        assert response.status_code == status, f"{role} on {url}: {response.status_code}"


def test_profile_edit_changes_only_ones_own_profile(member, other_member, client_for):
    # The form has no member id: whoever posts edits their own profile and nobody else's.
    client_for(other_member).post(reverse("members:profile_edit"), {"display_name": "Hacked"})
    member.profile.refresh_from_db()
    other_member.profile.refresh_from_db()
    assert member.profile.display_name == "Mia Member"
    assert other_member.profile.display_name == "Hacked"


def test_anonymous_posts_change_nothing(client_for, member):
    anonymous = client_for(None)
    response = anonymous.post(
        reverse("members:contribution_create"),
        {"kind": "code", "title": "X", "day": datetime.now(UTC).date().isoformat()},
    )
    assert response.status_code == 302
    response = anonymous.post(reverse("members:profile_edit"), {"display_name": "Nobody"})
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_members_cannot_run_admin_actions(member, other_member, client_for):
    suggestion = TierSuggestion.objects.create(
        member=other_member,
        from_tier_id=other_member.tier_history.get().tier_id,
        to_tier_id=other_member.tier_history.get().tier_id + 1,
        direction="promote",
        created_at=datetime.now(UTC),
    )
    response = client_for(member).post(
        "/admin/members/tiersuggestion/",
        {"action": "accept", "_selected_action": [suggestion.pk]},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_logging_a_contribution_records_it_for_the_poster_only(member, client_for):
    response = client_for(member).post(
        reverse("members:contribution_create"),
        {"kind": "idea", "title": "Dark mode", "day": datetime.now(UTC).date().isoformat()},
    )
    assert response.status_code == 302
    assert list(Activity.objects.values_list("member_id", "kind")) == [(member.pk, "idea")]
