"""The emails about events: seat from the waitlist, cancelled occurrence, reminder, follow-up,
and a manager's message to confirmed attendees.

The online link goes only into emails to people who have a seat (or host); the templates get
`online_url` empty otherwise, so a template cannot leak it by mistake.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from events.models import Event
from hub.core.extension_points import event_survey_link


def site_url() -> str:
    """Absolute links in emails; SITE_URL in the settings when a deploy sets it."""
    return settings.SITE_URL


def _send(*, template: str, subject: str, member, context: dict) -> None:
    body = render_to_string(
        f"events/email/{template}.txt",
        {"member": member, "site_url": site_url(), **context},
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])


def _event_context(event: Event, *, with_online_link: bool) -> dict:
    return {
        "event": event,
        "event_url": site_url() + event.get_absolute_url(),
        "online_url": event.online_url if with_online_link else "",
    }


def email_seat_from_waitlist(*, event: Event, member) -> None:
    _send(
        template="seat_from_waitlist",
        subject=f"A seat is yours: {event.title}",
        member=member,
        context=_event_context(event, with_online_link=True),
    )


def email_event_cancelled(*, event: Event, member) -> None:
    _send(
        template="event_cancelled",
        subject=f"Cancelled: {event.title}",
        member=member,
        context=_event_context(event, with_online_link=False),
    )


def email_reminder(*, event: Event, member) -> None:
    _send(
        template="reminder",
        subject=f"Tomorrow: {event.title}",
        member=member,
        context=_event_context(event, with_online_link=True),
    )


def email_follow_up(*, event: Event, member) -> None:
    _send(
        template="follow_up",
        subject=f"Thank you for coming to {event.title}",
        member=member,
        context={
            **_event_context(event, with_online_link=False),
            "survey_url": event_survey_link(event=event, member=member) or "",
        },
    )


def email_attendees_message(*, event: Event, member, subject: str, message: str) -> None:
    _send(
        template="attendees_message",
        subject=subject,
        member=member,
        context={**_event_context(event, with_online_link=True), "message": message},
    )
