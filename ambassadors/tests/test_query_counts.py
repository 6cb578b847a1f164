"""Every list page and API list of the programme runs the same number of queries for 3 rows
as for 30: the community grows, the page does not slow down row by row."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ambassadors.models import Ambassador, ApplicationStatus
from ambassadors.services.onboarding import onboarding_create
from ambassadors.tests.factories import (
    AmbassadorActivityFactory,
    AmbassadorTermFactory,
    ApplicationFactory,
    SignupAttributionFactory,
)
from members.tests.factories import ActivityFactory, MemberFactory, api_key_for

pytestmark = pytest.mark.django_db


def grow(count: int, *, viewer, manager) -> None:
    """Add `count` of everything each list shows: listed ambassadors with activity last month
    and an overdue onboarding (one buddy each), pending applications, the viewer's own logged
    activities, referrals and past applications."""
    now = timezone.now()
    started = now - timedelta(days=70)
    for _ in range(count):
        person = MemberFactory(joined_at=now - timedelta(days=400))
        term = AmbassadorTermFactory(member=person, starts_at=started)
        Ambassador.objects.filter(member=person).update(listed=True)
        onboarding = onboarding_create(term=term, now=started)
        onboarding.buddy = viewer
        onboarding.save(update_fields=["buddy"])
        ActivityFactory(member=person, kind="content", occurred_at=now - timedelta(days=31))
        ApplicationFactory(applicant=MemberFactory(), submitted_at=now - timedelta(days=20))
        AmbassadorActivityFactory(member=viewer, occurred_on=now.date(), hours=1)
        referred = MemberFactory(joined_at=now - timedelta(days=40))
        SignupAttributionFactory(
            member=referred,
            referrer=viewer,
            referral_code="VIEW-222",
            referral_credited_at=referred.joined_at,
            utm_campaign="spring",
        )
        ApplicationFactory(
            applicant=viewer,
            status=ApplicationStatus.WITHDRAWN,
            submitted_at=now - timedelta(days=500),
        )


PAGES = [
    ("anonymous", "/ambassadors/"),
    ("ambassador", "/ambassadors/me/"),
    ("ambassador", "/ambassadors/me/activities/"),
    ("ambassador", "/ambassadors/me/referrals/"),
    ("manager", "/ambassadors/manage/"),
    ("manager", "/ambassadors/manage/applications/"),
    ("manager", "/ambassadors/manage/ambassadors/"),
    ("manager", "/ambassadors/manage/recognition/"),
    ("manager", "/ambassadors/manage/attribution/"),
    ("manager", "/admin/ambassadors/ambassadorapplication/"),
    ("manager", "/admin/ambassadors/ambassador/"),
    ("anonymous", "/api/v1/ambassadors/"),
    ("ambassador", "/api/v1/ambassador-applications/"),
    ("ambassador", "/api/v1/ambassador-activities/"),
    ("ambassador", "/api/v1/referrals/"),
]


@pytest.fixture
def people(manager):
    now = timezone.now()
    viewer = MemberFactory(name="Vika Viewer", joined_at=now - timedelta(days=800))
    AmbassadorTermFactory(member=viewer, starts_at=now - timedelta(days=100))
    return {"anonymous": None, "ambassador": viewer, "manager": manager}


def client_as(user, path: str) -> Client:
    if user is not None and path.startswith("/api/"):
        return Client(headers={"Authorization": f"Token {api_key_for(user)}"})
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("role", "path"), PAGES, ids=[path for _, path in PAGES])
def test_list_queries_do_not_grow_with_rows(people, role, path, django_assert_max_num_queries):
    viewer, manager = people["ambassador"], people["manager"]
    grow(3, viewer=viewer, manager=manager)
    client = client_as(people[role], path)
    response = client.get(path)
    assert response.status_code == 200
    with django_assert_max_num_queries(1000) as few:
        client.get(path)
    grow(27, viewer=viewer, manager=manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path)
    assert response.status_code == 200
