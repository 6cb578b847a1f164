"""The admin console's list pages fit a 1280 px screen with the columns that matter in view (no
table wider than its box, no sideways scrolling), as a manager sees them with real data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.tests.factories import EventFactory, RsvpFactory, UserGroupFactory
from members.models import TierSuggestion
from members.services.membership import tier_suggestions_evaluate
from members.tests.factories import ActivityFactory, ManagerFactory, MemberFactory, UserFactory
from tests.e2e.steps import log_in

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
LISTS = {
    "members": "/admin/members/user/",
    "events": "/admin/events/event/",
    "tier suggestions": "/admin/members/tiersuggestion/",
    "audit log": "/admin/hub/auditentry/",
    "scheduled jobs": "/admin/django_celery_beat/periodictask/",
    "user groups": "/admin/events/usergroup/",
}


def _community():
    now = timezone.now()
    manager = ManagerFactory(email="maya@example.com", name="Maya Manager")
    group = UserGroupFactory(name="Kharkiv Data Engineering and Analytics Practitioners")
    for number in range(6):
        member = MemberFactory(
            email=f"oleksandra.kovalenko-shevchenko.{number}@long-domain-example.com.ua",
            name=f"Oleksandra Kovalenko-Shevchenko {number}",
            joined_at=now - timedelta(days=200),
        )
        for day in range(8):
            ActivityFactory(member=member, occurred_at=now - timedelta(days=day + 1))
        event = EventFactory(
            title=f"Deep dive into streaming pipelines with Kafka and Flink, part {number}",
            group=group,
            capacity=40,
            starts_at=now + timedelta(days=number),
            ends_at=now + timedelta(days=number, hours=2),
        )
        RsvpFactory(event=event, member=member)
    UserFactory(email="still.waiting.for.the.confirmation.link@example.org")
    tier_suggestions_evaluate(now=now)
    assert TierSuggestion.objects.exists()
    return manager


def test_the_admins_list_pages_fit_1280_px(browser_page):
    manager = _community()
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, manager.email)
    failures = []
    for name, path in LISTS.items():
        response = page.goto(path)
        if response is None or response.status != 200:
            failures.append(f"{name}: status {response and response.status}")
            continue
        table, box, document, window = page.evaluate(
            """() => {
                const table = document.querySelector('#result_list');
                const box = table ? table.closest('.results') : null;
                return [table ? table.scrollWidth : 0, box ? box.clientWidth : 0,
                        document.documentElement.scrollWidth, window.innerWidth];
            }"""
        )
        if table > box:
            failures.append(f"{name}: the table is {table} px in a {box} px box")
        if document > window:
            failures.append(f"{name}: the page is {document} px wide at {window} px")
    page.goto("/admin/")
    assert page.get_by_text("Members and tiers").count() == 1
    assert not failures, "\n".join(failures)
