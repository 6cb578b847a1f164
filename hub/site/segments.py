"""Managers' messages to a segment of the community: who is in a segment (a group's current
members, an event's waitlist, a tier's current members), the choices of segments, composing a
message (recipients fixed, audited, sent after commit) and delivering it once per recipient.

The site owns this because a segment crosses apps (groups and waitlists are the events app's,
tiers the members app's); it reads them through their models and never writes them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import Event, EventStatus, GroupMembership, Rsvp, RsvpStatus, UserGroup
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.site.models import Segment, SegmentDelivery, SegmentMessage
from hub.site.tasks import segment_message_deliver_task
from members.models import Tier, TierMembership, User

SEPARATOR = ":"


@dataclass(frozen=True)
class SegmentChoice:
    """`name` is what the message, its email and the list of messages call the segment, so it
    is stored as sent and has no count that changes; `offered_as` is how the form offers it,
    with today's count where one helps the manager choose."""

    segment: str
    segment_id: int
    name: str
    offered_as: str = ""

    @property
    def label(self) -> str:
        return self.offered_as or self.name

    @property
    def value(self) -> str:
        return f"{self.segment}{SEPARATOR}{self.segment_id}"


def segment_recipients(*, segment: str, segment_id: int, now: datetime) -> QuerySet[User]:
    """The current members in the segment now, one query; only current members get mail."""
    if segment == Segment.GROUP:
        inside = GroupMembership.objects.filter(group_id=segment_id, left_at__isnull=True)
    elif segment == Segment.WAITLIST:
        inside = Rsvp.objects.filter(event_id=segment_id, status=RsvpStatus.WAITLISTED)
    elif segment == Segment.TIER:
        inside = TierMembership.objects.filter(tier_id=segment_id, ended_at__isnull=True)
    else:
        raise DomainError("Choose who the message goes to.", code="invalid")
    return User.objects.current(now).filter(pk__in=inside.values("member")).order_by("pk")


def segment_choices(*, now: datetime) -> dict[str, list[SegmentChoice]]:
    """Every segment a manager may write to, by kind, in three queries: each group, the
    waitlist of each event to come that has one, each tier."""
    groups = [
        SegmentChoice(Segment.GROUP, pk, f"Members of {name}")
        for pk, name in UserGroup.objects.order_by("name").values_list("pk", "name")
    ]
    waiting = (
        Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gt=now)
        .annotate(waiting=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)))
        .filter(waiting__gt=0)
        .order_by("starts_at", "pk")
    )
    waitlists = [
        SegmentChoice(
            Segment.WAITLIST,
            event.pk,
            f"Waitlist of {event.title} ({_day(event)})",
            offered_as=f"Waitlist of {event.title} ({_day(event)}, {event.waiting} waiting)",
        )
        for event in waiting
    ]
    tiers = [
        SegmentChoice(Segment.TIER, pk, f"Tier: {name}")
        for pk, name in Tier.objects.order_by("level").values_list("pk", "name")
    ]
    return {"Groups": groups, "Event waitlists": waitlists, "Tiers": tiers}


def _day(event: Event) -> str:
    return f"{timezone.localtime(event.starts_at, event.zone):%d %b %Y}"


def segment_parse(value: str, *, now: datetime) -> SegmentChoice:
    """ "group:3" -> the choice, if it is one a manager may pick now; else DomainError."""
    for choices in segment_choices(now=now).values():
        for choice in choices:
            if choice.value == value:
                return choice
    raise DomainError(
        "That group, waitlist or tier is not there any more: choose again.", code="invalid"
    )


def segment_message_send(
    *, choice: SegmentChoice, subject: str, body: str, actor: User, now: datetime
) -> SegmentMessage:
    """Write the message, fix its recipients (the segment's current members now, as the
    preview counted), audit it and send it after commit, one email each."""

    with transaction.atomic():
        recipients = list(
            segment_recipients(
                segment=choice.segment, segment_id=choice.segment_id, now=now
            ).values_list("pk", flat=True)
        )
        if not recipients:
            raise DomainError(f"Nobody is in {choice.name} now: no message was sent.", code="empty")
        message = SegmentMessage(
            segment=choice.segment,
            segment_id=choice.segment_id,
            segment_name=choice.name,
            subject=subject,
            body=body,
            author=actor,
            created_at=now,
        )
        message.full_clean()
        message.save()
        SegmentDelivery.objects.bulk_create(
            [SegmentDelivery(message=message, member_id=pk) for pk in recipients],
            batch_size=500,
        )
        audit_record(
            actor=actor,
            action="segment_message.send",
            now=now,
            target=message,
            data={
                "segment": choice.name,
                "count": len(recipients),
                "email_subject": subject,
            },
        )
        transaction.on_commit(lambda: segment_message_deliver_task.delay(message.pk))
    return message


def segment_message_deliver(*, message: SegmentMessage, now: datetime) -> int:
    """Email every recipient not emailed yet, each in its own transaction with its row marked
    sent, so a failure midway leaves the rest to the retry and nobody gets it twice. Someone
    who stopped being a member since is skipped. Returns how many were emailed by this run."""
    pending = list(
        message.deliveries.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    author = message.author.display_name if message.author_id else "The community team"
    sent = 0
    for delivery_id in pending:
        with transaction.atomic():
            delivery = (
                SegmentDelivery.objects.select_for_update(of=("self",))
                .select_related("member__profile")
                .filter(pk=delivery_id, sent_at__isnull=True)
                .first()
            )
            if delivery is None or not delivery.member.is_member_at(now):
                continue
            send_mail(
                f"[Hub] {message.subject}",
                render_to_string(
                    "hub/email/segment_message.txt",
                    {
                        "member": delivery.member,
                        "message": message,
                        "author": author,
                        "site_url": settings.SITE_URL,
                    },
                ),
                settings.DEFAULT_FROM_EMAIL,
                [delivery.member.email],
            )
            delivery.sent_at = now
            delivery.save(update_fields=["sent_at"])
            sent += 1
    return sent


def segment_messages_sent() -> QuerySet[SegmentMessage]:
    """The managers' list of messages, newest first, with their recipient and sent counts."""
    return (
        SegmentMessage.objects.select_related("author__profile")
        .annotate(
            recipients=Count("deliveries"),
            delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")
    )
