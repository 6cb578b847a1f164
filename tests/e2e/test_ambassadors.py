"""The ambassador programme in a real browser, every page checked with axe and for horizontal
scrolling at 390 px: a member nominates another, the nominee applies, a manager scores and
approves, and a visitor signs up through the new ambassador's share link and shows up in
their referrals once they confirm their email."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from ambassadors.models import AmbassadorApplication
from members.tests.factories import ManagerFactory, MemberFactory
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-2026"


@pytest.fixture
def check(axe_check):
    """axe, one h1, and no horizontal scrolling at the page's 390 px."""

    def run(page) -> None:
        axe_check(page)
        assert page.locator("h1").count() == 1, page.url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 390 px"

    return run


def submit(page, name: str) -> None:
    page.get_by_role("button", name=re.compile(name, re.I)).click()
    page.wait_for_load_state()


def test_nominate_apply_score_approve_and_a_referred_signup(browser_page, check):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 900})
    ManagerFactory(email="maya@example.com", name="Maya Manager")
    MemberFactory(email="nina@example.com", name="Nina Nominator")
    MemberFactory(email="olena@example.com", name="Olena Shevchenko")

    # Nina nominates Olena
    log_in(page, "nina@example.com")
    page.goto("/ambassadors/")
    check(page)
    page.get_by_role("link", name="Nominate a member").first.click()
    check(page)
    submit(page, "Send the nomination")
    assert "Give the email address" in page.content()
    check(page)
    page.get_by_label("Their email address").fill("olena@example.com")
    page.get_by_label("Why they would make a good ambassador").fill(
        "Olena answers every newcomer's question in the forum."
    )
    submit(page, "Send the nomination")
    assert "If olena@example.com belongs to a current member" in page.content()
    check(page)
    assert [m.to for m in mail.outbox] == [["olena@example.com"]]
    log_out(page)

    # Olena applies
    log_in(page, "olena@example.com")
    page.goto("/ambassadors/apply/")
    check(page)
    submit(page, "Send the application")
    assert "Tell us why you want to be an ambassador" in page.content()
    check(page)
    page.get_by_label("Champions").check()
    page.get_by_label("Why do you want to be an ambassador?").fill("I love explaining Hub.")
    page.get_by_label("Links to your work").fill("https://example.com/olena")
    page.get_by_label("Your audience and channels").fill("A blog and a Telegram channel")
    page.get_by_label("Hours a month you can give").fill("4")
    submit(page, "Send the application")
    assert "Waiting for review" in page.content()
    check(page)
    page.goto("/members/dashboard/")
    assert "Waiting for review" in page.content()
    log_out(page)

    # Maya scores and approves
    log_in(page, "maya@example.com")
    page.goto("/ambassadors/manage/")
    check(page)
    page.goto("/ambassadors/manage/applications/")
    check(page)
    page.get_by_role("link", name="Olena Shevchenko").click()
    check(page)
    for label, score in [
        ("Product expertise", "4"),
        ("Audience and reach", "3"),
        ("Authenticity", "5"),
        ("Availability", "2"),
    ]:
        page.get_by_role("group", name=label).get_by_label(score, exact=True).check()
    page.get_by_label("Note on authenticity").fill("Answers with care.")
    submit(page, "Save my scores")
    assert "Your scores are saved" in page.content()
    assert "3.50" in page.content()
    check(page)
    page.get_by_role("group", name="Decision").get_by_label("Approve").check()
    page.get_by_label("Tier (when approving)").select_option(label="Champions")
    submit(page, "Record the decision")
    assert "Olena Shevchenko is approved into Champions" in page.content()
    check(page)
    application = AmbassadorApplication.objects.get(applicant__email="olena@example.com")
    for path in [
        "/ambassadors/manage/ambassadors/",
        f"/ambassadors/manage/ambassadors/{application.applicant_id}/",
        "/ambassadors/manage/recognition/",
        "/ambassadors/manage/attribution/",
    ]:
        page.goto(path)
        check(page)
    welcome = [m for m in mail.outbox if m.subject == "Welcome to the Hub ambassador programme"]
    assert len(welcome) == 1
    log_out(page)

    # Olena finds her share link
    log_in(page, "olena@example.com")
    page.goto("/ambassadors/me/")
    check(page)
    share_url = page.get_by_label("Your link").first.input_value()
    assert re.search(r"/join/\?ref=OLENA-[A-Z0-9]{3}$", share_url)
    page.goto("/ambassadors/me/activities/")
    check(page)
    page.get_by_label("What you did").select_option(label="Tutorial")
    page.get_by_label("Title").fill("Hub's API in ten minutes")
    page.get_by_label("Hours it took").fill("2.5")
    submit(page, "Log it")
    assert "also in your activity ledger" in page.content()
    check(page)
    log_out(page)

    # A visitor signs up through it and confirms their email
    link = urlsplit(share_url)
    page.goto(f"{link.path}?{link.query}")
    check(page)
    assert "One of our ambassadors invited you" in page.content()
    page.get_by_label("Email address").fill("friend.of.olena@example.com")
    page.get_by_label("Your name").fill("Fedir Friend")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("How did you hear about us?").select_option(label="An ambassador invited me")
    submit(page, "^Join$")
    page.get_by_role("heading", name="Check your email").wait_for()
    message = next(m for m in mail.outbox if m.to == ["friend.of.olena@example.com"])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    submit(page, "Confirm")
    log_out(page)  # confirming signed them in

    # and Olena sees them in her referrals, by date only
    log_in(page, "olena@example.com")
    page.goto("/ambassadors/me/referrals/")
    check(page)
    joined = page.locator(".stat", has_text="Joined (confirmed)").locator("dd")
    assert joined.inner_text() == "1"
    assert "friend.of.olena" not in page.content()
