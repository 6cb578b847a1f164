"""The event pages everyone reads: the list with its filters and one event's page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.forms.events import EventFilterForm
from events.models import EventStatus, EventVisibility
from events.selectors import events as event_selectors
from events.selectors.organizers import user_can_manage_event, user_runs_group
from events.selectors.rsvps import rsvp_of, rsvp_waitlist_position
from events.services.rsvps import rsvp_check_open
from events.views.shared import event_or_404, page_of, query_without_page
from hub.core.errors import DomainError


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    events = event_selectors.event_list(user=request.user, now=timezone.now(), **filters)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page_of(request, events),
            "showing_past": not filters["upcoming"],
            "query": query_without_page(request),
        },
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    if not request.user.is_authenticated and event_selectors.event_is_for_members_only(pk=pk):
        messages.info(request, "This event is for members of the community: log in to see it.")
        return redirect_to_login(request.get_full_path())
    event = event_or_404(request, pk, now=now)
    rsvp = rsvp_of(event=event, user=request.user)
    can_rsvp, closed_reason = True, ""
    if request.user.is_authenticated:
        try:
            rsvp_check_open(event=event, member=request.user, now=now)
        except DomainError as error:
            can_rsvp, closed_reason = False, error.message
    else:
        can_rsvp = event.status == EventStatus.PUBLISHED and now < event.starts_at
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "rsvp": rsvp,
            "position": rsvp_waitlist_position(rsvp=rsvp) if rsvp else None,
            "seats": event_selectors.event_seat_counts(event=event),
            "hosts": event_selectors.event_hosts(event=event),
            "show_online_link": event_selectors.user_sees_online_link(
                user=request.user, event=event
            ),
            "can_manage": user_can_manage_event(user=request.user, event=event),
            # Organizers and managers cancel; hosts may edit (can_manage) but not cancel.
            "can_cancel": user_runs_group(user=request.user, group=event.group),
            "no_shows": event_selectors.event_no_show_count(event=event, now=now),
            "can_rsvp": can_rsvp,
            "closed_reason": closed_reason,
            "has_started": now >= event.starts_at,
            "has_ended": now >= event.ends_at,
            "is_tier_event": event.visibility == EventVisibility.TIER,
        },
    )
