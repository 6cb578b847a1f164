"""Reads for calendars: the events of a member's private feed, the feed a secret token opens,
and the iCalendar (RFC 5545) file of any list of events (one event, a member's feed, a group's).

Times keep the event's own zone (DTSTART;TZID=Europe/Kyiv with a VTIMEZONE), so a calendar
shows 19:00 Kyiv as 19:00 Kyiv on both sides of a daylight-saving change. The online link
goes into a file only for an event where `show_online_link(event)` says so.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import CalendarFeed, Event, EventStatus, RsvpStatus
from hub.core.validation import control_characters_strip
from members.selectors.membership import member_is_current

UID_DOMAIN = "hub.bakhmach.business"


def member_confirmed_events(*, member) -> QuerySet[Event]:
    """For the private calendar feed: events the member has a seat at or hosts."""
    return (
        Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        .filter(Q(rsvps__member=member, rsvps__status=RsvpStatus.GOING) | Q(hosts__member=member))
        .distinct()
        .order_by("starts_at", "id")
    )


def calendar_feed_by_token(*, token: str, now: datetime) -> CalendarFeed | None:
    """The feed the secret token opens: only a current member's (calendar apps send no
    cookies, so the token is the credential)."""
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None or not feed.member.is_active or not member_is_current(feed.member, now=now):
        return None
    return feed


def calendar_build(
    *,
    events: Iterable[Event],
    name: str,
    base_url: str,
    now: datetime,
    show_online_link: Callable[[Event], bool],
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Bakhmach Business Hub//Hub events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _one_line(name))
    first, last = None, None
    for event in events:
        calendar.add_component(
            _calendar_event(event, base_url=base_url, now=now, online=show_online_link(event))
        )
        first = min(first or event.starts_at, event.starts_at)
        last = max(last or event.ends_at, event.ends_at)
    if first is not None:
        calendar.add_missing_timezones(
            first_date=(first - timedelta(days=366)).date(),
            last_date=(last + timedelta(days=366)).date(),
        )
    return calendar.to_ical()


def _one_line(text: str) -> str:
    """iCalendar texts hold no control characters, and a line break in a title or a place
    breaks the file: titles saved before the input rule, or through a path that does not
    check, are mended here rather than failing the whole feed."""
    return " ".join(control_characters_strip(text).split())


def _calendar_event(event: Event, *, base_url: str, now: datetime, online: bool):
    url = base_url.rstrip("/") + event.get_absolute_url()
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    item.add("dtstamp", now.astimezone(UTC))
    item.add("dtstart", timezone.localtime(event.starts_at, event.zone))
    item.add("dtend", timezone.localtime(event.ends_at, event.zone))
    item.add("summary", _one_line(event.title))
    description = control_characters_strip(event.description, multiline=True).strip()
    lines = [description] if description else []
    if online and event.online_url:
        lines.append(f"Join online: {event.online_url}")
    lines.append(f"Event page: {url}")
    item.add("description", "\n\n".join(lines))
    item.add("url", url)
    location = _one_line(event.venue or (event.online_url if online else ""))
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def ics_filename(text: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)[:60]
    return f"{safe or 'events'}.ics"
