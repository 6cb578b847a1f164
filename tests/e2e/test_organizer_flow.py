"""A group leader runs their group's events in a real browser: create a draft, see a clear
error, publish it, find it on the group page, and cancel it; every page through axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventStatus
from events.tests.factories import UserGroupFactory
from members.tests.factories import MemberFactory
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_creates_publishes_and_cancels_an_event(browser_page, axe_check):
    page = browser_page
    # Given Lena leads Kyiv Python, and Hana is a member who will host
    leader = MemberFactory(email="leader@example.com", name="Lena Leader")
    MemberFactory(email="host@example.com", name="Hana Host")
    co_organizer = MemberFactory(email="coorg@example.com", name="Cory Coorganizer")
    UserGroupFactory(
        name="Kyiv Python", slug="kyiv-python", leader=leader, co_organizers=[co_organizer]
    )
    day = timezone.localtime(timezone.now() + timedelta(days=14)).date()

    # When Lena logs in and opens "New event" from her group's page
    log_in(page, leader.email)
    page.goto("/groups/kyiv-python/")
    axe_check(page)
    page.get_by_role("link", name="New event").click()
    page.get_by_role("heading", level=1, name="New event for Kyiv Python").wait_for()
    axe_check(page)

    # and fills the form with an end before the start
    page.get_by_label("Title").fill("Async Python evening")
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Level").select_option("intermediate")
    page.get_by_label("Time zone").select_option("Europe/Kyiv")
    page.get_by_label("Starts").fill(f"{day:%Y-%m-%d}T19:00")
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T18:00")
    page.get_by_label("Format").select_option("hybrid")
    page.get_by_label("Venue").fill("Hub office, Bakhmach")
    page.get_by_label("Online link").fill("https://meet.example.com/async")
    page.get_by_label("Capacity").fill("25")
    page.get_by_label("Hosts' email addresses").fill("host@example.com")
    page.get_by_label(re.compile("^Draft")).check()
    page.get_by_role("button", name="Create the event").click()
    # then the form says what is wrong and nothing is saved
    page.get_by_text("The event must end after it starts.").wait_for()
    assert not Event.objects.exists()
    axe_check(page)

    # When she corrects the end, the draft is saved
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T21:00")
    page.get_by_role("button", name="Create the event").click()
    page.get_by_text("Async Python evening is saved as a draft.").wait_for()
    axe_check(page)
    event = Event.objects.get()
    assert event.status == EventStatus.DRAFT
    assert timezone.localtime(event.starts_at, event.zone).hour == 19

    # and she publishes it from the event page
    page.get_by_role("link", name="Edit the event").click()
    page.get_by_role("heading", level=1, name="Edit Async Python evening").wait_for()
    axe_check(page)
    page.get_by_label(re.compile("^Published")).check()
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("Saved Async Python evening.").wait_for()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED

    # then it is on the group page, for her and for a visitor
    page.goto("/groups/kyiv-python/")
    page.get_by_role("link", name="Async Python evening").wait_for()
    log_out(page)
    page.goto("/groups/kyiv-python/")
    page.get_by_role("link", name="Async Python evening").wait_for()
    assert page.get_by_role("link", name="New event").count() == 0

    # When the co-organizer cancels it after confirming
    log_in(page, co_organizer.email)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Cancel the event").click()
    axe_check(page)
    page.get_by_role("button", name="Cancel the event").click()
    page.get_by_text("Tick the box to confirm the cancellation.").wait_for()
    page.get_by_label(re.compile("Yes, cancel this event")).check()
    page.get_by_role("button", name="Cancel the event").click()
    page.get_by_text("Async Python evening is cancelled").wait_for()
    axe_check(page)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
