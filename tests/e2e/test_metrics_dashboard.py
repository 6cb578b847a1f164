"""The managers' metrics dashboard in a real browser, at desktop width and at 390 px: its
charts and their tables, the cohort heat map in its own scrolling region, a month's page with
the restatement form, attribution, a monthly report, and the public numbers page; every page
passes axe-core and none scrolls sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hub.core.timeutils import month_bounds
from members.tests.factories import TEST_PASSWORD, ManagerFactory
from metrics.models import ProgrammeSettings
from metrics.selectors.cohorts import months_before
from metrics.services.reports import monthly_report_for_month
from metrics.services.snapshots import snapshots_compute_range
from metrics.tests.helpers import did, person

pytestmark = pytest.mark.django_db(transaction=True)


def _community() -> list:
    """Eight months: people joining, contributing and answering, all computed."""
    now = timezone.now()
    this = month_bounds(now)[0].date()
    months = [months_before(this, 7 - index) for index in range(8)]
    for index, month in enumerate(months):
        start = month_bounds(month)[0]
        for number in range(index + 2):
            joined = person(start + timedelta(hours=number + 1), name=f"Member {index}-{number}")
            did(joined, "code" if number % 2 else "answer", start + timedelta(days=1))
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"programme_start": months[2]})
    list(
        snapshots_compute_range(
            first=months[0], last=months[-1], now=now - timedelta(seconds=5), computed_by="job"
        )
    )
    monthly_report_for_month(month=months[-2], now=now)
    return months


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_shows_charts_and_tables_without_accessibility_violations(
    browser_page, axe_check, width
):
    months = _community()
    ManagerFactory(email="metrics.manager@example.com", name="Mira Manager")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})

    # Log in through the form (a manager lands on the managers' console or the dashboard)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("metrics.manager@example.com")
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.get_by_role("button", name="Log out").wait_for()
    page.get_by_role("link", name="Metrics", exact=True).click()
    page.get_by_role("heading", level=1, name="Community metrics").wait_for()

    # Five trend charts, each drawn and each beside its table; the cohort heat map
    assert page.locator("figure.line-chart svg").count() == 5
    assert page.get_by_role("table", name=re.compile("and target by month")).count() == 5
    heatmap = page.get_by_role(
        "region", name="Share of each cohort active, by months since joining"
    )
    heatmap.wait_for()
    assert heatmap.get_attribute("tabindex") == "0"
    # Its headers stay on one line, and no table's column header breaks a word ("Joine d",
    # "Satisf acti on"): a table too wide scrolls in its region instead
    header_lines = page.locator(".scroll-region thead th").evaluate_all(
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return [cell.textContent.trim(), range.getClientRects().length,
                    cell.closest("table").classList.contains("heatmap")];
        })"""
    )
    assert [text for text, lines, heatmap in header_lines if heatmap and lines != 1] == []
    assert [text for text, lines, _ in header_lines if lines > len(text.split())] == []
    page.get_by_role("heading", name="Satisfaction and NPS").wait_for()
    # No horizontal scrolling of the page: wide tables scroll inside their own region
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)

    # A month's page, with the restatement form
    page.get_by_role("link", name=re.compile("Every figure of")).click()
    page.get_by_role("heading", level=1, name=re.compile("Figures of")).wait_for()
    page.get_by_role("button", name=re.compile("Restate")).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)

    # Attribution and movement, and the monthly reports
    page.goto("/metrics/attribution/")
    page.get_by_role("heading", level=1, name="Attribution and movement").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    page.goto("/metrics/reports/")
    page.get_by_role("link", name=f"{months[-2]:%B %Y}").click()
    page.get_by_role("heading", level=1, name=f"The community in {months[-2]:%B %Y}").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)

    # The public page, as anyone sees it
    page.goto("/metrics/community/")
    page.get_by_role("heading", level=1, name="The community in numbers").wait_for()
    assert page.locator("figure.line-chart svg").count() == 4
    assert page.get_by_text(f"{months[-2]:%B %Y}").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
