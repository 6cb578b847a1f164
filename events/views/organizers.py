"""The organizers' event pages: a group's leader, co-organizers and the community managers
create, edit and cancel the group's events; an event's hosts may edit it but not cancel it.

Anyone else gets 404 (the pages do not say they exist), anonymous visitors the login page.
Views parse, check permission, call one service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from events.forms.organizers import EventCancelForm, EventForm
from events.models import EventStatus
from events.selectors.events import event_host_emails, event_seat_counts
from events.selectors.organizers import user_can_manage_event, user_runs_group
from events.services import organizers
from events.views.shared import event_or_404, group_or_404
from hub.core.errors import DomainError

#: Which form field a service's DomainError code belongs to (others go on top of the form).
ERROR_FIELDS = {
    "capacity_below_going": "capacity",
    "starts_at": "starts_at",
    "status": "status",
    "hosts": "hosts",
    "scope": "scope",
}


def _form_error(form: EventForm, error: DomainError) -> None:
    field = ERROR_FIELDS.get(error.code)
    form.add_error(field if field in form.fields else None, error.message)


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_or_404(slug)
    if not user_runs_group(user=request.user, group=group):
        raise Http404("No such page.")
    now = timezone.now()
    if request.method == "POST":
        form = EventForm(request.POST, now=now)
        if form.is_valid():
            try:
                event = organizers.event_create(
                    group=group,
                    values=form.event_values(),
                    hosts=form.cleaned_data["hosts"],
                    actor=request.user,
                    now=now,
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                state = "published" if event.status == EventStatus.PUBLISHED else "saved as a draft"
                messages.success(request, f"{event.title} is {state}.")
                return redirect(event)
    else:
        form = EventForm(initial={"hosts": request.user.email}, now=now)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "group": group, "event": None, "title": f"New event for {group.name}"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    if not user_can_manage_event(user=request.user, event=event):
        raise Http404("No such page.")
    if event.status == EventStatus.CANCELLED:
        messages.error(request, "This event is cancelled, so it can no longer change.")
        return redirect(event)
    if request.method == "POST":
        form = EventForm(request.POST, event=event, now=now)
        if form.is_valid():
            try:
                organizers.event_edit(
                    event=event,
                    values=form.event_values(),
                    hosts=form.cleaned_data["hosts"],
                    scope=form.cleaned_data.get("scope", "occurrence"),
                    actor=request.user,
                    now=now,
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                whole = form.cleaned_data.get("scope") == "series"
                messages.success(
                    request,
                    f"Saved {event.title} and the future occurrences of its series."
                    if whole
                    else f"Saved {event.title}.",
                )
                return redirect(event)
    else:
        form = EventForm(
            initial=EventForm.initial_for(event, event_host_emails(event=event)),
            event=event,
            now=now,
        )
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "group": event.group,
            "event": event,
            "title": f"Edit {event.title}",
            "seats": event_seat_counts(event=event),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_cancel_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the cancellation service (which emails the attendees)."""
    now = timezone.now()
    event = event_or_404(request, pk, now=now)
    if not user_runs_group(user=request.user, group=event.group):
        raise Http404("No such page.")
    if event.status == EventStatus.CANCELLED:
        messages.info(request, "This event is already cancelled.")
        return redirect(event)
    form = EventCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organizers.event_cancel(event=event, actor=request.user, now=now)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{event.title} is cancelled; everyone with a seat or a waitlist place is "
                "being emailed.",
            )
        return redirect(event)
    return render(
        request,
        "events/event_cancel.html",
        {"event": event, "form": form, "seats": event_seat_counts(event=event)},
    )
