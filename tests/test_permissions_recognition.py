"""Who may open the recognition pages of the members app (badges, awards, case studies), their
admin pages and API.

Roles: anonymous, a member (the author of a published and a draft case study), another member,
and a community manager. The format and its outcomes are in `tests/permissions.py`.
"""

import pytest
from django.utils import timezone

from members.models import CaseStudy
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "manager")


def build() -> World:
    people = people_build(ROLES)
    story = {"member": people["member"], "summary": "s", "body": "b"}
    CaseStudy.objects.create(
        title="Published", slug="published-story", published_at=timezone.now(), **story
    )
    CaseStudy.objects.create(title="Draft", slug="draft-story", **story)
    return World(people=people, placeholders={})


world = world_fixture(build)

ROWS = [
    Row("badges", "GET", "/members/badges/", "200 200 200 200"),
    Row("awards", "GET", "/members/awards/", "200 200 200 200"),
    Row("stories", "GET", "/members/stories/", "200 200 200 200"),
    Row("published story", "GET", "/members/stories/published-story/", "200 200 200 200"),
    # A draft is the managers' until it is published, its subject included.
    Row("draft story", "GET", "/members/stories/draft-story/", "404 404 404 200"),
    Row("admin badges", "GET", "/admin/members/badge/", "login login login 200"),
    Row("admin badge awards", "GET", "/admin/members/badgeaward/", "login login login 200"),
    Row("admin award a badge", "GET", "/admin/members/badgeaward/add/", "login login login 200"),
    Row("admin spotlights", "GET", "/admin/members/spotlight/", "login login login 200"),
    Row("admin new spotlight", "GET", "/admin/members/spotlight/add/", "login login login 200"),
    Row("admin awards", "GET", "/admin/members/award/", "login login login 200"),
    Row("admin case studies", "GET", "/admin/members/casestudy/", "login login login 200"),
    Row("api badges", "GET", "/api/v1/badges/", "401 200 200 200"),
]

test_permission_matrix = matrix_test(ROLES, ROWS)
