"""Vote on an idea in a real browser: log in, post an idea, vote, take the vote back; every
page passes axe-core."""

import pytest
from django.utils import timezone

from members.models import Activity, IdeaVote
from members.services.ideas import idea_create
from members.tests.factories import MemberFactory
from tests.e2e.steps import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_posts_an_idea_votes_and_takes_the_vote_back(browser_page, axe_check):
    author = MemberFactory(email="idea.author@example.com", name="Ida Author")
    idea_create(
        author=author, title="Quarterly challenges", body="One a quarter.", now=timezone.now()
    )
    MemberFactory(email="browser.voter@example.com", name="Vic Voter")
    page = browser_page

    # Given a member who logs in through the login form
    log_in(page, "browser.voter@example.com")

    # When they open the ideas from the navigation
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    page.get_by_role("heading", level=1, name="Ideas").wait_for()
    axe_check(page)

    # and post an idea, first forgetting the description
    page.get_by_role("link", name="Post an idea").click()
    page.get_by_role("heading", level=1, name="Post an idea").wait_for()
    axe_check(page)
    page.get_by_label("Title").fill("Dark mode for the dashboard")
    page.get_by_role("button", name="Post the idea").click()
    page.get_by_text("Describe your idea in a few sentences.").first.wait_for()
    axe_check(page)
    page.get_by_label("Description").fill("Easier on the eyes for late-night contributors.")
    page.get_by_role("button", name="Post the idea").click()

    # then they land on the idea, told it is posted and counted as a contribution
    page.get_by_role("heading", level=1, name="Dark mode for the dashboard").wait_for()
    page.get_by_text("Your idea “Dark mode for the dashboard” is posted.").wait_for()
    axe_check(page)
    assert Activity.objects.filter(member__email="browser.voter@example.com", kind="idea").exists()

    # When they go back to the list and vote for someone else's idea
    page.get_by_role("link", name="All ideas").click()
    page.get_by_role("button", name="Vote for Quarterly challenges").click()

    # then the list says so and offers to take the vote back
    page.get_by_text("You voted for “Quarterly challenges”.").wait_for()
    page.get_by_role("button", name="Take back your vote for Quarterly challenges").wait_for()
    axe_check(page)
    assert IdeaVote.objects.filter(member__email="browser.voter@example.com").count() == 1

    # When they take the vote back
    page.get_by_role("button", name="Take back your vote for Quarterly challenges").click()

    # then the vote is gone and they can vote again
    page.get_by_text("You took back your vote for “Quarterly challenges”.").wait_for()
    page.get_by_role("button", name="Vote for Quarterly challenges").wait_for()
    axe_check(page)
    assert not IdeaVote.objects.filter(member__email="browser.voter@example.com").exists()
