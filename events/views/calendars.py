"""Calendar files: one event's, a group's public feed, and a member's private feed with the
page that shows (and resets) its secret address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from events.selectors.calendars import (
    calendar_build,
    calendar_feed_by_token,
    ics_filename,
    member_confirmed_events,
)
from events.selectors.events import events_visible_to, user_sees_online_link
from events.services import calendars as calendar_services
from events.views.shared import event_or_404, group_or_404, ics_response
from hub.core.decorators import login_required_for_action


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    body = calendar_build(
        events=[event],
        name=event.title,
        base_url=request.build_absolute_uri("/"),
        now=now,
        show_online_link=lambda e: user_sees_online_link(user=request.user, event=e),
    )
    return ics_response(body, filename=ics_filename(event.slug or f"event-{event.pk}"))


@require_GET
@login_required
def calendar_feed(request: HttpRequest) -> HttpResponse:
    feed = calendar_services.calendar_feed_get_or_create(member=request.user, now=timezone.now())
    url = request.build_absolute_uri(reverse("events:member_feed", kwargs={"token": feed.token}))
    # webcal:// opens the calendar app's "subscribe" dialog (it fetches over http(s) itself).
    webcal_url = "webcal://" + url.split("://", 1)[1]
    return render(request, "events/calendar_feed.html", {"feed_url": url, "webcal_url": webcal_url})


@require_POST
@login_required_for_action
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    calendar_services.calendar_feed_reset(member=request.user, now=timezone.now())
    messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
    return redirect("events:calendar_feed")


@require_GET
def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret URL is the credential (calendar apps send no cookies)."""
    now = timezone.now()
    feed = calendar_feed_by_token(token=token, now=now)
    if feed is None:
        raise Http404("No such calendar feed.")
    body = calendar_build(
        events=member_confirmed_events(member=feed.member),
        name="My Hub events",
        base_url=request.build_absolute_uri("/"),
        now=now,
        show_online_link=lambda event: True,  # every event here is one they have a seat at
    )
    return ics_response(body, filename="my-hub-events.ics")


@require_GET
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's public feed: its public events, never an online link."""
    now = timezone.now()
    group = group_or_404(slug)
    events = events_visible_to(user=None, now=now).filter(group=group).order_by("starts_at")
    body = calendar_build(
        events=events,
        name=f"{group.name} (Hub)",
        base_url=request.build_absolute_uri("/"),
        now=now,
        show_online_link=lambda event: False,
    )
    return ics_response(body, filename=ics_filename(group.slug))
