"""The programme's API: public fields only on the ambassadors list, one's own applications and
activities, referrals as counts and dates (never who)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ambassadors.models import Ambassador, AmbassadorApplication, SignupAttribution
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_list_shows_listed_ambassadors_with_public_fields_only(
    member, other_member, approve
):
    approve(member, level=2)
    approve(other_member)
    Ambassador.objects.filter(member=member).update(listed=True)
    body = api().get("/api/v1/ambassadors/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert set(row) == {"display_name", "tier", "headline", "ambassador_since", "profile_url"}
    assert (row["display_name"], row["tier"], row["profile_url"]) == (
        "Mia Member",
        "Ambassadors",
        None,
    )


def test_applying_through_the_api_and_reading_it_back(member):
    client = api(member)
    bad = client.post(
        "/api/v1/ambassador-applications/",
        {"preferred_tier": "astronauts", "motivation": "m", "audience": "a", "hours_per_month": 3},
        format="json",
    )
    assert bad.status_code == 404
    assert bad.json()["detail"].startswith("No such ambassador tier")
    created = client.post(
        "/api/v1/ambassador-applications/",
        {
            "preferred_tier": "advisors",
            "motivation": "I lead a community of 5,000",
            "links": ["https://example.com/a"],
            "audience": "Conference talks",
            "hours_per_month": 25,
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["links"] == ["https://example.com/a"]
    again = client.post(
        "/api/v1/ambassador-applications/",
        {"preferred_tier": "champions", "motivation": "m", "audience": "a", "hours_per_month": 3},
        format="json",
    )
    assert (again.status_code, again.json()["code"]) == (400, "application_open")
    listed = client.get("/api/v1/ambassador-applications/").json()
    assert [row["status"] for row in listed["results"]] == ["pending"]
    assert AmbassadorApplication.objects.count() == 1


def test_logging_an_activity_through_the_api(member, approve):
    approve(member)
    response = api(member).post(
        "/api/v1/ambassador-activities/",
        {
            "activity_type": "video",
            "title": "Hub in five minutes",
            "occurred_on": timezone.localdate().isoformat(),
            "hours": 1.5,
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["category"], response.json()["in_ledger"]) == ("content_creation", True)
    assert api(member).get("/api/v1/ambassador-activities/").json()["count"] == 1


def test_referrals_are_counts_and_dates_never_who(member, approve):
    approve(member)
    for email in ["first.referral@example.com", "second.referral@example.com"]:
        SignupAttribution.objects.create(
            member=MemberFactory(email=email, name="Secret Name"),
            referrer=member,
            referral_code="MIA-222",
            signed_up_at=timezone.now(),
            referral_credited_at=timezone.now() if email.startswith("first") else None,
        )
    response = api(member).get("/api/v1/referrals/")
    body = response.json()
    assert (body["signups"], body["joined"]) == (2, 1)
    assert set(body["results"][0]) == {"signed_up_at", "joined_at"}
    text = response.content.decode()
    assert "Secret Name" not in text
    assert "referral@example.com" not in text
