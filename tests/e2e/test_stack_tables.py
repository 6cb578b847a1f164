"""The managers' tables that become one card per row on a phone (`.stack-table`: the group
health table, the messages sent to segments) keep a readable caption at 390 px: as wide as the
table, not a column one letter wide."""

import pytest
from django.utils import timezone

from events.services.health import group_health_compute_now
from events.tests.factories import GroupMembershipFactory, UserGroupFactory
from hub.site.segments import segment_message_send, segment_parse
from members.tests.factories import ManagerFactory, MemberFactory
from tests.e2e.steps import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/groups/health/", "/manage/messages/"])
def test_a_stacked_tables_caption_is_as_wide_as_its_table_at_390_px(browser_page, axe_check, path):
    # Given a group with its health computed and a message sent to its members
    now = timezone.now()
    manager = ManagerFactory(email="stack.manager@example.com", name="Mira Manager")
    group = UserGroupFactory(name="Kyiv Python", slug="kyiv-python")
    GroupMembershipFactory(group=group, member=MemberFactory(name="Anna In"))
    group_health_compute_now(now=now)
    segment_message_send(
        choice=segment_parse(f"group:{group.pk}", now=now),
        subject="Venue change",
        body="We meet at the library.",
        actor=manager,
        now=now,
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, manager.email)

    # When the manager opens the page on a phone
    page.goto(path)

    # Then the caption reads on a few lines across the table, and nothing scrolls sideways
    table = page.locator("table.stack-table")
    caption = table.locator("caption")
    caption_box, table_box = caption.bounding_box(), table.bounding_box()
    assert caption_box["width"] >= table_box["width"] - 1, (caption_box, table_box)
    assert caption_box["height"] < 120, caption_box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page)
