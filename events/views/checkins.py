"""The check-in desk: hosts, the group's organizers and managers search people and check
them in (walk-ins too), and download the attendance as CSV."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from events.forms.checkins import CheckinSearchForm
from events.models import Event
from events.selectors.checkins import checkin_search, event_attendees
from events.selectors.events import event_no_show_count, event_seat_counts
from events.selectors.organizers import user_can_manage_event, user_is_manager
from events.services.checkins import checkin_record, event_attendance_csv_export
from events.views.shared import event_or_404
from hub.core.errors import DomainError
from hub.core.validation import strict_id
from members.models import User


@require_http_methods(["GET", "POST"])
@login_required
def event_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    if not user_can_manage_event(user=request.user, event=event):
        raise PermissionDenied("Only the event's hosts, group organizers and managers check in.")
    if request.method == "POST":
        return _checkin_post(request, event, now=now)
    by_email = user_is_manager(request.user)
    form = CheckinSearchForm(request.GET or None, by_email=by_email)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = (
        checkin_search(event=event, query=query, now=now, by_email=by_email) if query else None
    )
    return render(
        request,
        "events/event_checkin.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "show_emails": by_email,
            "results": results,
            "attendees": event_attendees(event=event),
            "seats": event_seat_counts(event=event),
            "no_shows": event_no_show_count(event=event, now=now),
        },
    )


def _checkin_post(request: HttpRequest, event: Event, *, now) -> HttpResponse:
    back = reverse("events:event_checkin", kwargs={"pk": event.pk})
    search = CheckinSearchForm(request.POST)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if query:
        back += "?" + urlencode({"q": query})
    member_id = strict_id(request.POST.get("member", ""))
    person = (
        User.objects.select_related("profile").filter(pk=member_id).first()
        if member_id is not None
        else None
    )
    if person is None:
        messages.error(request, "Choose a person to check in from the search results.")
        return redirect(back)
    try:
        result = checkin_record(event=event, member=person, actor=request.user, now=now)
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


@require_GET
@login_required
def event_attendance_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance as CSV, for whoever runs the check-in desk; email addresses only for
    managers (hosts and group leaders see names, as at the desk)."""
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    if not user_can_manage_event(user=request.user, event=event):
        raise PermissionDenied("Only the event's hosts, group organizers and managers export it.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"attendance-{event.starts_at:%Y-%m-%d}-{event.slug or event.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    event_attendance_csv_export(
        event=event,
        stream=response,
        actor=request.user,
        with_emails=user_is_manager(request.user),
        now=now,
    )
    return response
