"""Who may open the foundation's pages: anonymous, member, other member, manager.

Each row: URL, then the expected status for each role. 302 means "sent to log in".
"""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "manager"]
MATRIX = [
    ("/", [200, 200, 200, 200]),
    ("/healthz", [200, 200, 200, 200]),
    ("/accounts/login/", [200, 302, 302, 302]),
    ("/accounts/signup/", [200, 302, 302, 302]),
    ("/accounts/password/reset/", [200, 200, 200, 200]),
    ("/accounts/email/", [302, 200, 200, 200]),
    ("/accounts/password/change/", [302, 200, 200, 200]),
    ("/members/dashboard/", [302, 200, 200, 200]),
    ("/admin/", [302, 302, 302, 200]),
    ("/admin/django_celery_beat/periodictask/", [302, 302, 302, 200]),
    ("/admin/hub/auditentry/", [302, 302, 302, 200]),
    ("/api/schema/", [200, 200, 200, 200]),
    ("/api/docs/", [200, 200, 200, 200]),
    ("/api/v1/", [200, 200, 200, 200]),
]


@pytest.fixture
def people(member, other_member, manager):
    return {"anonymous": None, "member": member, "other_member": other_member, "manager": manager}


@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_foundation_url_permissions(url, expected, people, client_for):
    for role, status in zip(ROLES, expected, strict=True):
        response = client_for(people[role]).get(url)
        assert response.status_code == status, f"{role} on {url}: {response.status_code}"
