"""Site pages: the home page (empty and with a community), health, error pages."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_an_honest_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "no members have joined yet" in text
    assert text.count("<h1") == 1


def test_home_page_shows_the_public_numbers(client):
    now = timezone.now()
    members = MemberFactory.create_batch(3, joined_at=now - timedelta(days=40))
    ActivityFactory(member=members[0], kind="code", occurred_at=now)
    ActivityFactory(member=members[1], kind="answer", occurred_at=now)
    response = client.get("/")
    assert response.context["numbers"] == {"members": 3, "active": 2, "contributions": 1}


def test_home_page_query_count_is_flat(client, django_assert_max_num_queries):
    now = timezone.now()
    for member in MemberFactory.create_batch(5, joined_at=now - timedelta(days=3)):
        ActivityFactory.create_batch(3, member=member, occurred_at=now)
    with django_assert_max_num_queries(12):
        client.get("/")


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


def test_unknown_page_gets_the_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"skip-link" in response.content


@override_settings(DEBUG=False)
def test_server_error_page_is_the_sites_own(client):
    from hub.site.views import error_500

    request = client.get("/").wsgi_request
    response = error_500(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_navigation_depends_on_the_role(client_for, member, manager):
    anonymous = client_for(None).get("/").content.decode()
    assert "Log in" in anonymous
    assert "Admin console" not in anonymous
    as_member = client_for(member).get("/").content.decode()
    assert reverse("members:dashboard") in as_member
    assert "Admin console" not in as_member
    assert "Admin console" in client_for(manager).get("/").content.decode()


def test_dashboard_needs_login(client_for, member):
    anonymous = client_for(None).get(reverse("members:dashboard"))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert client_for(member).get(reverse("members:dashboard")).status_code == 200


def test_admin_console_is_for_managers_only(client_for, member, manager):
    assert client_for(None).get("/admin/").status_code == 302
    assert client_for(member).get("/admin/").status_code == 302
    assert client_for(manager).get("/admin/").status_code == 200


def test_navigation_marks_the_most_specific_section_as_current(client_for, member):
    response = client_for(member).get(reverse("members:dashboard"))
    current = [link["label"] for link in response.context["nav_links"] if link["current"]]
    assert current == ["Dashboard"]


def test_managers_pages_are_in_a_navigation_of_their_own(client_for, member, manager):
    # Given a manager, their own pages (console, metrics, admin) sit in a "Managers" navigation
    page = client_for(manager).get(reverse("console"))
    main = [link["label"] for link in page.context["nav_links"]]
    managers = [link["label"] for link in page.context["manager_links"]]
    assert {"Manage", "Admin console"} <= set(managers)
    assert not set(main) & set(managers)
    assert [link["label"] for link in page.context["manager_links"] if link["current"]] == [
        "Manage"
    ]
    assert 'aria-label="Managers"' in page.content.decode()
    # and a member sees no such navigation
    member_page = client_for(member).get(reverse("members:dashboard"))
    assert member_page.context["manager_links"] == []
    assert 'aria-label="Managers"' not in member_page.content.decode()
