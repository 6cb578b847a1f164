"""The emails about events: seat from the waitlist, cancelled occurrence, reminder, follow-up,
a manager's message to confirmed attendees, and the managers' notice that a group lost an
organizer. Every link is absolute (`settings.SITE_URL`).

An email that goes to many people is sent once per recipient (`email_once`): its EventEmail row
is written in the same transaction as the email is sent, so a run that fails midway (the mail
server goes away after the tenth recipient) is retried and skips the ten.

The online link goes only into emails to people who have a seat (or host); the templates get
`online_url` empty otherwise, so a template cannot leak it by mistake.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from events.models import AttendeesMessage, Event, EventEmail, Rsvp, RsvpStatus, UserGroup
from hub.core.extension_points import event_survey_link
from members.models import User
from members.selectors.membership import managers_current_emails


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


def email_attendees_message(*, message: AttendeesMessage, member) -> None:
    _send(
        template="attendees_message",
        subject=message.subject,
        member=member,
        context={**_event_context(message.event, with_online_link=True), "message": message.body},
    )


def email_once(
    *,
    event_id: int,
    member,
    kind: str,
    now: datetime,
    send: Callable[[], None],
    message: AttendeesMessage | None = None,
) -> bool:
    """Send one email and record that it went, together: True when it went now, False when a
    row says it had gone already (another run, or an earlier try of this one). A failed send
    raises, and leaves no row."""
    try:
        with transaction.atomic():
            EventEmail.objects.create(
                event_id=event_id, member=member, kind=kind, message=message, sent_at=now
            )
            send()
    except IntegrityError:
        return False
    return True


def event_cancelled_emails_send(*, event: Event, member_ids: list[int], now: datetime) -> int:
    """Tell everyone who had a seat or a waitlist place that the event is cancelled, once
    each; returns how many were emailed by this run."""
    recipients = (
        User.objects.filter(pk__in=member_ids)
        .exclude(
            pk__in=EventEmail.objects.filter(event=event, kind=EventEmail.Kind.CANCELLED).values(
                "member"
            )
        )
        .select_related("profile")
        .order_by("pk")
    )
    return sum(
        email_once(
            event_id=event.pk,
            member=member,
            kind=EventEmail.Kind.CANCELLED,
            now=now,
            send=lambda member=member: email_event_cancelled(event=event, member=member),
        )
        for member in recipients
    )


def attendees_message_emails_send(*, message: AttendeesMessage, now: datetime) -> int:
    """Send a manager's message to everyone going to its event who has not had it yet;
    returns how many were emailed by this run."""
    rsvps = (
        Rsvp.objects.filter(event_id=message.event_id, status=RsvpStatus.GOING)
        .exclude(member__in=message.deliveries.values("member"))
        .select_related("member__profile")
        .order_by("pk")
    )
    return sum(
        email_once(
            event_id=message.event_id,
            member=rsvp.member,
            kind=EventEmail.Kind.MESSAGE,
            message=message,
            now=now,
            send=lambda member=rsvp.member: email_attendees_message(message=message, member=member),
        )
        for rsvp in rsvps
    )


def email_group_organizer_left(*, group: UserGroup, role: str, now: datetime) -> int:
    """Tell every current manager that `group` lost its leader (`role` "leader") or a
    co-organizer; returns how many managers were told."""
    recipients = managers_current_emails(now=now)
    if not recipients:
        return 0
    body = render_to_string(
        "events/email/group_organizer_left.txt",
        {
            "group": group,
            "role": role,
            "co_organizer_count": group.co_organizers.count(),
            "group_url": site_url() + group.get_absolute_url(),
            "admin_url": site_url() + reverse("admin:events_usergroup_change", args=[group.pk]),
        },
    )
    what = "has no leader" if role == "leader" else "lost a co-organizer"
    send_mail(f"[Hub] {group.name} {what}", body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
