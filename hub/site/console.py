"""The managers' console (/manage/): what needs a community manager today, one card each with
a count and a link, from the sections every app registered at
`hub.core.extension_points.console_sections`; and messages to a segment of the community
(compose, preview the recipient count, send; the list of those sent)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hub.core.errors import DomainError
from hub.core.extension_points import console_sections
from hub.core.text import counted
from hub.site.forms import SegmentMessageForm
from hub.site.segments import (
    segment_choices,
    segment_message_send,
    segment_messages_sent,
    segment_parse,
    segment_recipients,
)

MESSAGES_PAGE_SIZE = 20


def require_manager(request: HttpRequest) -> None:
    if not request.user.is_manager:
        raise PermissionDenied("Only community managers can open the console.")


@require_GET
@login_required
def console(request: HttpRequest) -> HttpResponse:
    """Every registered section in its order; each collects its cards in a fixed number of
    queries, so the page costs the same for ten members or ten thousand."""
    require_manager(request)
    now = timezone.now()
    sections = [
        {"name": section.name, "title": section.title, "cards": section.collect(now=now)}
        for section in console_sections.items()
    ]
    attention = sum(card.needs_attention for section in sections for card in section["cards"])
    return render(
        request, "hub/console.html", {"sections": sections, "attention": attention, "now": now}
    )


@require_http_methods(["GET", "POST"])
@login_required
def message_new(request: HttpRequest) -> HttpResponse:
    """Compose (GET), preview with the recipient count ("preview"), send ("send"). Going back
    from the preview ("edit") shows the form with what was written. Nothing is sent before
    the manager has seen how many people it goes to."""
    require_manager(request)
    now = timezone.now()
    action = request.POST.get("action", "")
    form = SegmentMessageForm(
        request.POST if request.method == "POST" else None, choices=segment_choices(now=now)
    )
    if request.method == "POST" and action in {"preview", "send"} and form.is_valid():
        data = form.cleaned_data
        try:
            choice = segment_parse(data["segment"], now=now)
            if action == "send":
                message = segment_message_send(
                    choice=choice,
                    subject=data["subject"],
                    body=data["body"],
                    actor=request.user,
                    now=now,
                )
                count = message.deliveries.count()
                messages.success(
                    request,
                    f"“{message.subject}” is on its way to {counted(count, 'member')}: "
                    f"{choice.name}.",
                )
                return redirect("console_messages")
            count = segment_recipients(
                segment=choice.segment, segment_id=choice.segment_id, now=now
            ).count()
        except DomainError as error:
            form.add_error("segment", error.message)
        else:
            return render(
                request,
                "hub/console_message_preview.html",
                {"form": form, "choice": choice, "count": count, "data": data},
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "hub/console_message_form.html", {"form": form}, status=status)


@require_GET
@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    page = Paginator(segment_messages_sent(), MESSAGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hub/console_messages.html", {"page": page})
