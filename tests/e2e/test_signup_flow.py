"""Sign-up to logout in a real browser: the email link, confirming, logging in and out."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-2026"


def test_sign_up_confirm_log_in_and_out_in_the_browser(browser_page, axe_check):
    page = browser_page
    # Given a visitor on the sign-up page
    page.goto("/accounts/signup/")
    axe_check(page)
    page.locator("#id_email").fill("browser.person@example.com")
    page.locator("#id_display_name").fill("Browser Person")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Join$", re.I)).click()
    # then they are told to check their email
    page.get_by_role("heading", name="Check your email").wait_for()
    axe_check(page)

    # When they log in before confirming, they are refused and told what to do
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("browser.person@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    assert "not confirmed" in page.content()

    # When they open the link from the email and confirm
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    page.goto(link.group(1))
    axe_check(page)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()

    # then they are logged in, on their dashboard, under the name they gave
    page.get_by_role("heading", name="Hello, Browser Person").wait_for()
    assert "Contributors" in page.content()
    axe_check(page)

    # and after logging out they can log in again
    log_out(page)
    log_in(page, "browser.person@example.com", PASSWORD)
    assert "Contributors" in page.content()

    # and logging out brings them back to the home page, logged out
    log_out(page)
    assert urlparse(page.url).path == "/"
