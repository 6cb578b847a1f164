"""RSVP, cancel, waitlist promotion and check-in in a real browser, every page through axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Rsvp, RsvpStatus
from events.tests.factories import EventFactory, EventHostFactory, UserGroupFactory
from members.models import Activity
from members.tests.factories import MemberFactory
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_rsvp_cancel_promotion_and_check_in(browser_page, axe_check):
    page = browser_page
    # Given a one-seat event starting in an hour, hosted by Hana
    first = MemberFactory(email="first@example.com", name="Fiona First")
    second = MemberFactory(email="second@example.com", name="Sam Second")
    host = MemberFactory(email="host@example.com", name="Hana Host")
    group = UserGroupFactory(name="Kyiv Python", slug="kyiv-python", leader=host)
    start = timezone.now() + timedelta(hours=1)
    event = EventFactory(
        title="Profiling night",
        group=group,
        capacity=1,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    EventHostFactory(event=event, member=host)

    # When Fiona finds the event and RSVPs
    log_in(page, first.email)
    page.goto("/events/")
    axe_check(page)
    page.get_by_role("link", name="Profiling night").click()
    axe_check(page)
    page.get_by_role("button", name="RSVP: I'm going").click()
    # then she has the seat and sees the online link
    page.get_by_text("You have a seat").wait_for()
    assert page.locator("a.online-link").count() == 1
    axe_check(page)
    log_out(page)

    # When Sam RSVPs to the full event, he joins the waitlist and sees his position
    log_in(page, second.email)
    page.goto(event.get_absolute_url())
    assert page.locator("a.online-link").count() == 0
    page.get_by_role("button", name="Join the waitlist").click()
    page.get_by_text("You are on the waitlist, position 1.").wait_for()
    axe_check(page)
    log_out(page)

    # When Fiona cancels
    log_in(page, first.email)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Cancel my RSVP").click()
    page.get_by_text("Your RSVP is cancelled").wait_for()
    log_out(page)

    # then Sam has the seat, sees the link and may decline it
    log_in(page, second.email)
    page.goto(event.get_absolute_url())
    page.get_by_text("You are going.").wait_for()
    page.get_by_role("button", name="Decline the seat").wait_for()
    assert page.locator("a.online-link").count() == 1
    page.goto("/members/dashboard/")
    page.get_by_role("link", name="Profiling night").wait_for()
    axe_check(page)
    log_out(page)

    # When Hana checks Sam in at the door
    log_in(page, host.email)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Open the check-in desk").click()
    axe_check(page)
    page.locator("#id_q").fill("Sam")  # a host searches by name only ("Name:")
    desk = page.get_by_role("search", name="Find a person to check in")
    desk.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_role("button", name="Check in Sam Second").first.click()
    page.get_by_text("Sam Second checked in.").wait_for()
    axe_check(page)
    # then the attendance is recorded once
    rsvp = Rsvp.objects.get(event=event, member=second)
    assert rsvp.status == RsvpStatus.GOING
    assert rsvp.checked_in_at is not None
    assert Activity.objects.filter(member=second, kind="event_attendance").count() == 1

    # and the group pages pass axe too
    page.goto("/groups/")
    axe_check(page)
    page.goto("/groups/kyiv-python/")
    axe_check(page)
