"""Event and group pages: lists, details, RSVP buttons, the check-in desk, calendars and the
managers' group health list. Views parse, check permission, call one service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import selectors
from events.calendars import calendar_build, ics_filename
from events.forms import (
    CheckinSearchForm,
    EventFilterForm,
    GroupFilterForm,
    HealthFilterForm,
)
from events.models import CalendarFeed, EventStatus, EventVisibility, RsvpStatus, UserGroup
from events.services import calendars as calendar_services
from events.services import checkins, groups, health, rsvps
from hub.core.errors import DomainError, NotFound

PAGE_SIZE = 20


def _event_or_404(request: HttpRequest, pk: int):
    try:
        return selectors.event_get_visible(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error


def _group_or_404(slug: str) -> UserGroup:
    try:
        return selectors.group_get(slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _page(request: HttpRequest, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Events -------------------------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    events = selectors.event_list(user=request.user, now=timezone.now(), **filters)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": _page(request, events),
            "showing_past": not filters["upcoming"],
            "query": _query_without_page(request),
        },
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    now = timezone.now()
    rsvp = selectors.rsvp_of(event=event, user=request.user)
    can_rsvp, closed_reason = True, ""
    if request.user.is_authenticated:
        try:
            rsvps.rsvp_check_open(event=event, member=request.user, now=now)
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
            "position": selectors.rsvp_waitlist_position(rsvp=rsvp) if rsvp else None,
            "seats": selectors.event_seat_counts(event=event),
            "hosts": selectors.event_hosts(event=event),
            "show_online_link": selectors.user_sees_online_link(user=request.user, event=event),
            "can_manage": selectors.user_can_manage_event(user=request.user, event=event),
            # Organizers and managers cancel; hosts may edit (can_manage) but not cancel.
            "can_cancel": selectors.user_is_manager(request.user)
            or selectors.user_organizes_group(user=request.user, group=event.group),
            "no_shows": selectors.event_no_show_count(event=event, now=now),
            "can_rsvp": can_rsvp,
            "closed_reason": closed_reason,
            "has_started": now >= event.starts_at,
            "is_tier_event": event.visibility == EventVisibility.TIER,
        },
    )


@require_POST
@login_required
def event_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    try:
        result = rsvps.rsvp_create(event=event, member=request.user, now=timezone.now())
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
@login_required
def event_rsvp_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    try:
        rsvp = selectors.rsvp_of(event=event, user=request.user)
        was_waiting = rsvp is not None and rsvp.status == RsvpStatus.WAITLISTED
        rsvps.rsvp_cancel(event=event, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    messages.success(
        request,
        "You left the waitlist."
        if was_waiting
        else "Your RSVP is cancelled; your seat goes to the next person waiting.",
    )
    return redirect(event)


@require_POST
@login_required
def event_rsvp_decline(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    try:
        rsvps.rsvp_decline(event=event, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(event)
    messages.success(request, "You declined the seat; it goes to the next person waiting.")
    return redirect(event)


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    body = calendar_build(
        events=[event],
        name=event.title,
        base_url=request.build_absolute_uri("/"),
        now=timezone.now(),
        show_online_link=lambda e: selectors.user_sees_online_link(user=request.user, event=e),
    )
    return _ics_response(body, filename=ics_filename(event.slug or f"event-{event.pk}"))


def _ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Check-in -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def event_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The door: hosts, the group's organizers and managers search people and check them in."""
    event = _event_or_404(request, pk)
    if not selectors.user_can_manage_event(user=request.user, event=event):
        raise PermissionDenied("Only the event's hosts, group organizers and managers check in.")
    if request.method == "POST":
        return _checkin_post(request, event)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "events/event_checkin.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "results": selectors.checkin_search(event=event, query=query) if query else None,
            "attendees": selectors.event_attendees(event=event),
            "seats": selectors.event_seat_counts(event=event),
            "no_shows": selectors.event_no_show_count(event=event, now=timezone.now()),
        },
    )


def _checkin_post(request: HttpRequest, event) -> HttpResponse:
    from members.models import User

    back = reverse("events:event_checkin", kwargs={"pk": event.pk})
    query = request.POST.get("q", "").strip()[:100]
    if query:
        back += "?" + urlencode({"q": query})
    member_id = request.POST.get("member", "")
    person = (
        User.objects.select_related("profile").filter(pk=member_id).first()
        if member_id.isdigit()
        else None
    )
    if person is None:
        messages.error(request, "Choose a person to check in from the search results.")
        return redirect(back)
    try:
        result = checkins.checkin_record(
            event=event, member=person, actor=request.user, now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    if not result.created:
        messages.info(request, f"{person.display_name} was already checked in.")
    elif result.rsvp.walk_in:
        messages.success(request, f"{person.display_name} checked in as a walk-in.")
    else:
        messages.success(request, f"{person.display_name} checked in.")
    return redirect(back)


# --- Calendar feeds -----------------------------------------------------------------------------


@require_GET
@login_required
def calendar_feed(request: HttpRequest) -> HttpResponse:
    feed = calendar_services.calendar_feed_get_or_create(member=request.user, now=timezone.now())
    url = request.build_absolute_uri(reverse("events:member_feed", kwargs={"token": feed.token}))
    return render(request, "events/calendar_feed.html", {"feed_url": url})


@require_POST
@login_required
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    calendar_services.calendar_feed_reset(member=request.user, now=timezone.now())
    messages.success(request, "Your calendar feed has a new address; the old one no longer works.")
    return redirect("events:calendar_feed")


@require_GET
def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret URL is the credential (calendar apps send no cookies)."""
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None or feed.member.left_at is not None or not feed.member.is_active:
        raise Http404("No such calendar feed.")
    events = selectors.member_confirmed_events(member=feed.member)
    body = calendar_build(
        events=events,
        name="My Hub events",
        base_url=request.build_absolute_uri("/"),
        now=timezone.now(),
        show_online_link=lambda event: True,  # every event here is one they have a seat at
    )
    return _ics_response(body, filename="my-hub-events.ics")


@require_GET
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's public feed: its public events, never an online link."""
    group = _group_or_404(slug)
    events = selectors.events_visible_to(user=None).filter(group=group).order_by("starts_at")
    body = calendar_build(
        events=events,
        name=f"{group.name} (Hub)",
        base_url=request.build_absolute_uri("/"),
        now=timezone.now(),
        show_online_link=lambda event: False,
    )
    return _ics_response(body, filename=ics_filename(group.slug))


# --- Groups -------------------------------------------------------------------------------------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    form = GroupFilterForm(request.GET or None, regions=selectors.group_regions())
    groups_page = _page(request, selectors.group_list(now=timezone.now(), **form.filters()))
    return render(
        request,
        "events/group_list.html",
        {"form": form, "page": groups_page, "query": _query_without_page(request)},
    )


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(slug)
    now = timezone.now()
    user = request.user
    is_organizer = selectors.user_organizes_group(user=user, group=group)
    sees_health = is_organizer or selectors.user_is_manager(user)
    upcoming = selectors.event_list(user=user, now=now, upcoming=True, group=group)
    past = selectors.event_list(user=user, now=now, upcoming=False, group=group)
    return render(
        request,
        "events/group_detail.html",
        {
            "group": group,
            "member_count": selectors.group_member_count(group=group),
            "is_member": selectors.group_is_member(group=group, user=user),
            "is_organizer": is_organizer,
            "upcoming": upcoming[:20],
            "past": past[:10],
            "health": selectors.group_latest_health(group=group) if sees_health else None,
            "sees_health": sees_health,
            "can_add_events": sees_health,  # the same people: organizers and managers
            "health_definitions": health.COMPONENT_DEFINITIONS,
        },
    )


@require_POST
@login_required
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(slug)
    try:
        _, created = groups.group_join(group=group, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(group)
    messages.success(
        request,
        f"Welcome to {group.name}!" if created else f"You are already in {group.name}.",
    )
    return redirect(group)


@require_POST
@login_required
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(slug)
    try:
        groups.group_leave(group=group, member=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(group)
    messages.success(request, f"You left {group.name}.")
    return redirect(group)


@require_POST
@login_required
def group_health_recompute(request: HttpRequest, slug: str) -> HttpResponse:
    """On demand: the group's score over the three months up to now."""
    group = _group_or_404(slug)
    if not (
        selectors.user_is_manager(request.user)
        or selectors.user_organizes_group(user=request.user, group=group)
    ):
        raise PermissionDenied("Only the group's organizers and managers recompute its health.")
    now = timezone.now()
    health.group_health_compute_now(now=now, group_ids=[group.pk])
    messages.success(request, f"The health score of {group.name} is up to date.")
    return redirect(group)


@require_http_methods(["GET", "POST"])
@login_required
def group_health_list(request: HttpRequest) -> HttpResponse:
    """Managers: every group's latest health, at-risk and inactive first, and the stage."""
    if not selectors.user_is_manager(request.user):
        raise PermissionDenied("Only community managers see every group's health.")
    if request.method == "POST":
        count = len(health.group_health_compute_now(now=timezone.now()))
        messages.success(request, f"Recomputed the health of {count} groups.")
        return redirect("events:group_health")
    form = HealthFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    group_count = UserGroup.objects.count()
    return render(
        request,
        "events/group_health.html",
        {
            "form": form,
            "groups": selectors.groups_with_latest_health(status=status),
            "stage": selectors.programme_stage(group_count=group_count),
            "stages": selectors.PROGRAMME_STAGES,
        },
    )
