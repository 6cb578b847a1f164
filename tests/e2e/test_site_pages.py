"""The public pages render in a real browser and pass axe-core."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"])
def test_public_page_is_accessible(browser_page, axe_check, path):
    # Given a visitor, when they open the page
    browser_page.goto(path)
    # then it has one main heading and no serious accessibility violation
    assert browser_page.locator("h1").count() == 1
    axe_check(browser_page)
