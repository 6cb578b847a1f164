"""Log a contribution in a real browser: log in, fix a bad date, log it, see it on the
dashboard; every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hub.core.timeutils import community_zone
from members.tests.factories import MemberFactory
from tests.e2e.steps import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_logs_a_contribution_and_sees_it_on_the_dashboard(browser_page, axe_check):
    MemberFactory(email="browser.member@example.com", name="Bea Browser")
    today = timezone.localtime(timezone.now(), community_zone()).date()
    page = browser_page
    # Given a member who logs in through the login form
    log_in(page, "browser.member@example.com")
    axe_check(page)

    # When they open the form and pick a date in the future
    page.get_by_role("link", name="Log a contribution").first.click()
    page.get_by_role("heading", level=1, name="Log a contribution").wait_for()
    axe_check(page)
    page.get_by_label("Docs").check()
    page.get_by_label("Title").fill("Guide to profiling Django views")
    page.get_by_label("Link (optional)").fill("https://example.com/guides/profiling")
    page.get_by_label("Date").fill((today + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Log contribution").click()
    # then they are told why, next to the date, and nothing is logged
    page.get_by_text("The date is in the future").wait_for()
    axe_check(page)

    # When they correct the date and submit again
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_role("button", name="Log contribution").click()
    # then the dashboard says so and shows it in the timeline with its points
    page.get_by_role("heading", level=1, name=re.compile("Hello")).wait_for()
    assert page.get_by_role("status").filter(has_text="Logged your docs contribution").count() == 1
    timeline = page.locator("ol.timeline")
    assert "Guide to profiling Django views" in timeline.inner_text()
    assert "+8 points" in timeline.inner_text()
    axe_check(page)


def test_profile_directory_and_manager_pages_are_accessible(browser_page, axe_check):
    from members.models import Profile
    from members.tests.factories import ManagerFactory

    listed = MemberFactory(name="Lena Listed")
    Profile.objects.filter(user=listed).update(directory_opt_in=True, headline="Data engineer")
    ManagerFactory(email="browser.manager@example.com", name="Max Manager")
    page = browser_page
    log_in(page, "browser.manager@example.com")
    for path, heading in [
        ("/members/", "Member directory"),
        ("/members/?name=nobody-at-all", "Member directory"),
        (f"/members/{listed.pk}/", "Lena Listed"),
        ("/members/profile/", "Edit your profile"),
        ("/members/manage/slipping/", "Members slipping away"),
    ]:
        page.goto(path)
        page.get_by_role("heading", level=1, name=heading).wait_for()
        axe_check(page)
    # A profile saved with a bad website shows the error, still accessible
    page.goto("/members/profile/")
    page.get_by_label("Website").fill("not-a-site")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile was not saved").wait_for()
    axe_check(page)
