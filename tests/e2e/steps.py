"""Steps the browser tests share: logging in and out through the real forms."""

import re

from members.tests.factories import TEST_PASSWORD

#: Where logging in lands: a member on their dashboard ("Hello …"), a manager on the console.
LANDING_HEADINGS = re.compile("Hello|What needs you today")


def log_in(page, email: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login form and wait for the page it lands on."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.get_by_role("heading", level=1, name=LANDING_HEADINGS).wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").wait_for()
