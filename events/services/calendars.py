"""Writes about private calendar feeds: making a member's token and resetting it."""

from datetime import datetime

from django.db import transaction

from events.models import CalendarFeed, new_feed_token
from hub.core.audit import audit_record


def calendar_feed_get_or_create(*, member, now: datetime) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(member=member, defaults={"created_at": now})
    return feed


@transaction.atomic
def calendar_feed_reset(*, member, now: datetime) -> CalendarFeed:
    """A new secret: the old feed URL stops working at once."""
    feed = calendar_feed_get_or_create(member=member, now=now)
    feed.token, feed.created_at = new_feed_token(), now
    feed.save(update_fields=["token", "created_at"])
    audit_record(
        actor=member,
        action="calendar_feed.reset",
        subject=member,
        target=feed,
        now=now,
    )
    return feed
