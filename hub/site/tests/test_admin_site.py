"""The admin console made for managers: the front page grouped into sections that say what they
are for, unambiguous names, the RSVPs of an event by name, list pages with the columns that
matter."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.utils import timezone

from events.models import RsvpStatus
from events.tests.factories import EventFactory, RsvpFactory
from hub.site.admin_site import SECTIONS, sectioned_app_list
from members.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_front_page_is_grouped_into_sections_that_say_what_they_are_for(client_for, manager):
    page = client_for(manager).get("/admin/").content.decode()
    for title in ("Members and tiers", "User groups and events", "Scheduled jobs", "Audit log"):
        assert title in page
    assert "The people, the tier each one is in, and what moves them between tiers." in page
    # The two kinds of group and the points are named so nobody mistakes one for the other
    assert "Permission groups (staff roles)" in page
    assert "User groups (local and topic communities)" in page
    assert "Points per kind of activity" in page
    # and the raw schedules are for superusers only
    assert "Crontabs" not in page
    assert "Schedules (technical)" not in page


def test_every_registered_model_a_manager_may_see_is_still_on_the_front_page(rf, manager):
    request = rf.get("/admin/")
    request.user = manager
    site = admin.site
    plain = admin.AdminSite.get_app_list(site, request)
    sectioned = sectioned_app_list(plain, is_superuser=False)
    names = lambda apps: {(m["model"]._meta.label) for app in apps for m in app["models"]}  # noqa: E731
    technical = {
        f"{app}.{model}".lower()
        for section in SECTIONS
        if section.superusers_only
        for app, model, _ in section.models
    }
    assert names(sectioned) == {label for label in names(plain) if label.lower() not in technical}


def test_a_model_no_section_places_keeps_its_apps_box():
    model = {"object_name": "Widget", "name": "Widgets"}
    apps = [
        {"app_label": "gadgets", "name": "Gadgets", "app_url": "/admin/gadgets/", "models": [model]}
    ]
    assert sectioned_app_list(apps, is_superuser=False) == apps


def test_an_events_rsvps_read_as_names_and_statuses(client_for, manager):
    event = EventFactory(capacity=1)
    RsvpFactory(event=event, member=MemberFactory(name="Galyna Going"))
    RsvpFactory(
        event=event,
        member=MemberFactory(name="Wasyl Waiting"),
        status=RsvpStatus.WAITLISTED,
        queue_number=2,
    )
    page = client_for(manager).get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Galyna Going" in page
    assert "Wasyl Waiting" in page
    assert "On the waitlist" in page
    assert f"for {event.pk}" not in page  # no raw ids
    assert "RSVP deadline" in page
    assert "Minimum tier" in page
    assert "Recording link" in page
    assert "Attendance (CSV)" in page


def test_the_members_list_shows_tier_joined_left_and_locked_newest_first(client_for, manager):
    now = timezone.now()
    MemberFactory(name="Old Olena", joined_at=now - timedelta(days=300))
    MemberFactory(name="New Nazar", joined_at=now - timedelta(days=1))
    UserFactory()
    page = client_for(manager).get("/admin/members/user/").content.decode()
    for column in ("member", "tier", "joined", "left", "tier locked"):
        assert f">{column.capitalize()}<" in page or f">{column}<" in page.lower()
    assert page.index("New Nazar") < page.index("Old Olena")


def test_the_events_list_is_newest_first_with_date_status_seats_and_going(client_for, manager):
    now = timezone.now()
    EventFactory(title="Earlier evening", starts_at=now, ends_at=now + timedelta(hours=2))
    EventFactory(
        title="Later evening",
        starts_at=now + timedelta(days=9),
        ends_at=now + timedelta(days=9, hours=2),
    )
    page = client_for(manager).get("/admin/events/event/").content.decode()
    assert page.index("Later evening") < page.index("Earlier evening")
    for column in ("Date", "Status", "Seats", "Going"):
        assert column in page


def test_the_audit_log_reads_as_when_and_what_happened(client_for, manager):
    MemberFactory(name="Audited Anna")  # joining writes an entry
    page = client_for(manager).get("/admin/hub/auditentry/").content.decode()
    assert "What happened" in page


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/members/user/", "/admin/members/tiersuggestion/", "/admin/events/event/"],
)
def test_the_admin_pages_made_for_managers_cost_the_same_for_3_or_30_rows(
    path, client_for, manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import TierSuggestion

    client = client_for(manager)

    def add(count):
        for _ in range(count):
            member = MemberFactory()
            tier = member.tier_history.get().tier_id
            TierSuggestion.objects.create(
                member=member,
                from_tier_id=tier,
                to_tier_id=tier + 1,
                direction=TierSuggestion.Direction.PROMOTE,
                created_at=timezone.now(),
                evidence={
                    "window_days": 90,
                    "active_days": 9,
                    "min_active_days": 8,
                    "contributions": 3,
                    "min_contributions": 2,
                },
            )
            RsvpFactory(event=EventFactory(), member=member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    add(3)
    with_3 = queries()
    add(27)
    assert queries() == with_3
