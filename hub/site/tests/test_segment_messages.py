"""A manager's message to a segment of the community (a group's members, an event's waitlist, a
tier): composed, previewed with the recipient count, sent once per recipient, audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import RsvpStatus
from events.tests.factories import (
    EventFactory,
    GroupMembershipFactory,
    RsvpFactory,
    UserGroupFactory,
)
from hub.core.audit import audit_sentence
from hub.core.models import AuditEntry
from hub.site.models import SegmentDelivery, SegmentMessage
from hub.site.segments import segment_message_deliver
from members.models import Tier, User
from members.tests.factories import MemberFactory, member_move_to_tier

pytestmark = pytest.mark.django_db

NEW = "/manage/messages/new/"


@pytest.fixture
def group():
    """Kyiv Python: two current members, one who left the group, one who left the community."""
    group = UserGroupFactory(name="Kyiv Python")
    now = timezone.now()
    for name in ("Anna In", "Bohdan In"):
        GroupMembershipFactory(group=group, member=MemberFactory(name=name))
    GroupMembershipFactory(group=group, left_at=now - timedelta(days=1))
    gone = MemberFactory(name="Gone Member")
    GroupMembershipFactory(group=group, member=gone)
    gone.left_at = now - timedelta(days=2)
    gone.save(update_fields=["left_at"])
    return group


def _post(client, group, action, **extra):
    return client.post(
        NEW,
        {
            "segment": f"group:{group.pk}",
            "subject": "Venue change",
            "body": "We meet at the library.\nSee you!",
            "action": action,
            **extra,
        },
    )


def test_the_preview_says_how_many_current_members_get_it_and_sends_nothing(
    client_for, manager, group
):
    response = _post(client_for(manager), group, "preview")
    page = response.content.decode()
    assert "Send this message to 2 members?" in page
    assert "Members of Kyiv Python" in page
    assert not SegmentMessage.objects.exists()
    assert mail.outbox == []


def test_sending_emails_each_current_member_once_and_audits_it(
    client_for, manager, group, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, group, "send")
    assert response.status_code == 302
    assert response["Location"] == "/manage/messages/"
    assert "is on its way to 2 members: Members of Kyiv Python." in (
        client.get(response["Location"]).content.decode()
    )
    # then the group's two current members got it, not the one who left the group nor the
    # one who left the community
    expected = User.objects.filter(profile__display_name__in=["Anna In", "Bohdan In"])
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        expected.values_list("email", flat=True)
    )
    first = mail.outbox[0]
    assert first.subject == "[Hub] Venue change"
    assert first.body.startswith("Hello ")
    assert "We meet at the library.\nSee you!" in first.body
    assert "— Marta Manager, for Hub" in first.body
    assert "https://hub.example.org" in first.body
    # the footer names the segment once, as the manager chose it
    assert (
        "You got this email as one of “Members of Kyiv Python” at Hub, the community of "
        "Bakhmach Business Hub."
    ) in first.body
    assert "the members of a group" not in first.body
    message = SegmentMessage.objects.get()
    assert message.deliveries.filter(sent_at__isnull=False).count() == 2
    entry = AuditEntry.objects.get(action="segment_message.send")
    assert audit_sentence(entry) == (
        "Marta Manager emailed 2 members, Members of Kyiv Python: “Venue change”"
    )


def test_delivering_again_sends_nobody_a_second_email(
    client_for, manager, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(manager), group, "send")
    message = SegmentMessage.objects.get()
    assert segment_message_deliver(message=message, now=timezone.now()) == 0
    assert len(mail.outbox) == 2


def test_a_failure_midway_is_retried_without_repeating_anyone(
    client_for, manager, group, monkeypatch
):
    from hub.site import segments

    _post(client_for(manager), group, "send")  # on_commit not run: nothing sent yet
    message = SegmentMessage.objects.get()
    real_send, calls = segments.send_mail, []

    def flaky(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 2:
            raise ConnectionError("the mail server went away")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(segments, "send_mail", flaky)
    with pytest.raises(ConnectionError):
        segment_message_deliver(message=message, now=timezone.now())
    assert message.deliveries.filter(sent_at__isnull=False).count() == 1
    monkeypatch.setattr(segments, "send_mail", real_send)
    assert segment_message_deliver(message=message, now=timezone.now()) == 1
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 2


def test_an_events_waitlist_and_a_tier_are_segments(client_for, manager):
    event = EventFactory(
        title="Profiling clinic",
        capacity=1,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    RsvpFactory(event=event)
    RsvpFactory(event=event, status=RsvpStatus.WAITLISTED, queue_number=2)
    core = MemberFactory()
    member_move_to_tier(core, 3)
    client = client_for(manager)
    form = client.get(NEW).content.decode()
    assert "Waitlist of Profiling clinic" in form
    assert "Tier: Core Team" in form
    waitlist = client.post(
        NEW, {"segment": f"waitlist:{event.pk}", "subject": "S", "body": "B", "action": "preview"}
    )
    assert "to 1 member?" in waitlist.content.decode()
    tier = Tier.objects.get(level=3)
    by_tier = client.post(
        NEW, {"segment": f"tier:{tier.pk}", "subject": "S", "body": "B", "action": "preview"}
    )
    assert "to 1 member?" in by_tier.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"segment": "", "subject": "S", "body": "B"}, "Choose who the message goes to."),
        ({"segment": "group:999999", "subject": "S", "body": "B"}, "Select a valid choice."),
        ({"segment": "group:1", "subject": "", "body": "B"}, "Write a subject"),
        ({"segment": "group:1", "subject": "S", "body": ""}, "Write the message."),
    ],
)
def test_bad_input_says_what_is_wrong_and_sends_nothing(client_for, manager, group, data, error):
    data = {**data, "action": "send"}
    if data["segment"] == "group:1":
        data["segment"] = f"group:{group.pk}"
    response = client_for(manager).post(NEW, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SegmentMessage.objects.exists()


def test_an_empty_segment_is_refused_with_a_message(client_for, manager):
    empty = UserGroupFactory(name="Nobody here")
    response = client_for(manager).post(
        NEW, {"segment": f"group:{empty.pk}", "subject": "S", "body": "B", "action": "send"}
    )
    assert "Nobody is in Members of Nobody here now" in response.content.decode()
    assert not SegmentMessage.objects.exists()


def test_changing_the_message_from_the_preview_keeps_what_was_written(client_for, manager, group):
    response = _post(client_for(manager), group, "edit")
    assert response.status_code == 200
    assert "We meet at the library." in response.content.decode()
    assert not SegmentMessage.objects.exists()


def test_the_list_of_messages_costs_the_same_for_3_or_30(client_for, manager, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/manage/messages/").status_code == 200
        return len(captured)

    def send(count):
        for number in range(count):
            _post(client, group, "send", subject=f"Message {number}")

    send(3)
    with_3 = queries()
    send(27)
    assert queries() == with_3
    assert SegmentDelivery.objects.count() == 60


def test_a_waitlists_email_and_stored_name_leave_out_the_count_the_form_offered(
    client_for, manager, django_capture_on_commit_callbacks
):
    # Given an event to come with one person on its waitlist
    starts = timezone.localtime(timezone.now() + timedelta(days=3))
    event = EventFactory(
        title="Review clinic", capacity=1, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    RsvpFactory(event=event)
    RsvpFactory(event=event, status=RsvpStatus.WAITLISTED, queue_number=2)
    client = client_for(manager)
    day = f"{timezone.localtime(event.starts_at, event.zone):%d %b %Y}"
    # the form offers it with today's count
    assert f"Waitlist of Review clinic ({day}, 1 waiting)" in client.get(NEW).content.decode()

    # When the manager sends it a message
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW,
            {"segment": f"waitlist:{event.pk}", "subject": "S", "body": "B", "action": "send"},
            follow=True,
        )

    # then the success message counts one member, and the message and its email name the
    # waitlist once, without a count that no longer holds
    assert f"is on its way to 1 member: Waitlist of Review clinic ({day})." in (
        response.content.decode().replace("&ldquo;", "“")
    )
    assert SegmentMessage.objects.get().segment_name == f"Waitlist of Review clinic ({day})"
    (email,) = mail.outbox
    assert f"as one of “Waitlist of Review clinic ({day})” at Hub" in email.body
    assert "waiting" not in email.body
