"""The RSVP buttons of an event's page (take a seat or a waitlist place, cancel, decline a
seat that came from the waitlist) and the member's own list of their events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from events.models import RsvpStatus
from events.selectors import rsvps as rsvp_selectors
from events.selectors.rsvps import rsvp_of
from events.services import rsvps
from events.views.shared import event_or_404
from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError


@require_POST
@login_required_for_action
def event_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    try:
        result = rsvps.rsvp_create(event=event, member=request.user, now=now)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    if result.status == RsvpStatus.GOING:
        text = "You have a seat. See you there!" if result.created else "You already have a seat."
        messages.success(request, text)
    else:
        messages.info(
            request,
            f"The event is full, so you are on the waitlist at position {result.position}. "
            "We will email you if a seat frees up.",
        )
    return redirect(event)


@require_POST
@login_required_for_action
def event_rsvp_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    try:
        rsvp = rsvp_of(event=event, user=request.user)
        was_waiting = rsvp is not None and rsvp.status == RsvpStatus.WAITLISTED
        rsvps.rsvp_cancel(event=event, member=request.user, now=now)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    if was_waiting:
        text = "You left the waitlist."
    elif rsvp_selectors.rsvp_promoted_at(event=event, at=now):
        text = "Your RSVP is cancelled; your seat went to the next person waiting."
    else:
        text = "Your RSVP is cancelled; your seat is free for someone else."
    messages.success(request, text)
    return redirect(event)


@require_POST
@login_required_for_action
def event_rsvp_decline(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    try:
        rsvps.rsvp_decline(event=event, member=request.user, now=now)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    if rsvp_selectors.rsvp_promoted_at(event=event, at=now):
        text = "You declined the seat; it went to the next person waiting."
    else:
        text = "You declined the seat; it is free for someone else."
    messages.success(request, text)
    return redirect(event)


MY_EVENTS_PAGE_SIZE = 25


@require_GET
@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    """The member's events: what is coming (all of it) and what is past (a page at a time),
    each with what became of the RSVP."""
    now = timezone.now()
    upcoming = list(rsvp_selectors.member_rsvps(member=request.user, now=now, past=False))
    page = Paginator(
        rsvp_selectors.member_rsvps(member=request.user, now=now, past=True), MY_EVENTS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for rsvp in [*upcoming, *page.object_list]:
        rsvp.attendance = rsvp_selectors.rsvp_attendance(rsvp, now=now)
    return render(request, "events/my_events.html", {"upcoming": upcoming, "page": page})
