"""The admin console for events: pages open for managers, actions work and are audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventStatus, RsvpStatus, UserGroup
from events.services.series import series_generate
from events.tests.factories import (
    EventFactory,
    EventHostFactory,
    EventSeriesFactory,
    RsvpFactory,
    UserGroupFactory,
)
from hub.core.models import AuditEntry
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["event", "eventseries", "usergroup", "grouphealthsnapshot"])
def test_manager_opens_the_lists_and_forms(client_for, manager, model):
    client = client_for(manager)
    EventFactory(group=UserGroupFactory(co_organizers=[MemberFactory()]))
    assert client.get(reverse(f"admin:events_{model}_changelist")).status_code == 200
    if model != "grouphealthsnapshot":
        assert client.get(reverse(f"admin:events_{model}_add")).status_code == 200


def test_changelist_filters_by_group_kind_status_and_date(client_for, manager):
    group = UserGroupFactory()
    EventFactory(group=group, kind="workshop", title="Wanted")
    EventFactory(kind="meetup", title="Other")
    url = reverse("admin:events_event_changelist")
    page = client_for(manager).get(
        url, {"group__id__exact": group.pk, "kind": "workshop", "status": "published"}
    )
    assert "Wanted" in page.content.decode()
    assert "Other" not in page.content.decode()


def test_duplicate_action_makes_a_draft_copy_with_hosts(client_for, manager, host):
    event = EventFactory(title="Deep dive")
    EventHostFactory(event=event, member=host)
    RsvpFactory(event=event)
    client_for(manager).post(
        reverse("admin:events_event_changelist"),
        {"action": "duplicate_events", "_selected_action": [event.pk]},
    )
    copy = Event.objects.get(title="Deep dive (copy)")
    assert copy.status == EventStatus.DRAFT
    assert list(copy.hosts.values_list("member", flat=True)) == [host.pk]
    assert not copy.rsvps.exists()
    assert AuditEntry.objects.filter(action="event.duplicate").count() == 1


def test_email_action_asks_for_the_message_then_sends_to_going_only(
    client_for, manager, member, other_member
):
    event = EventFactory(title="Summit")
    RsvpFactory(event=event, member=member)
    RsvpFactory(event=event, member=other_member, status=RsvpStatus.WAITLISTED)
    url = reverse("admin:events_event_changelist")
    client = client_for(manager)
    form_page = client.post(
        url, {"action": "email_confirmed_attendees", "_selected_action": [event.pk]}
    )
    assert "Send the message" in form_page.content.decode()
    assert mail.outbox == []
    client.post(
        url,
        {
            "action": "email_confirmed_attendees",
            "_selected_action": [event.pk],
            "send": "1",
            "subject": "Room change",
            "message": "We moved to room 2.",
        },
    )
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "We moved to room 2." in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="event.email_attendees").exists()


def test_admin_edit_of_a_whole_series(client_for, manager):
    now = timezone.now()
    series = EventSeriesFactory(starts_on=now.date(), venue="Room A")
    series_generate(series=series, now=now)
    first = Event.objects.filter(series=series).order_by("starts_at").first()
    url = reverse("admin:events_event_change", args=[first.pk])
    client = client_for(manager)
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    local = timezone.localtime(first.starts_at)
    local_end = timezone.localtime(first.ends_at)
    data.update(
        {
            "venue": "Room Z",
            "apply_to": "series",
            "starts_at_0": local.strftime("%Y-%m-%d"),
            "starts_at_1": local.strftime("%H:%M:%S"),
            "ends_at_0": local_end.strftime("%Y-%m-%d"),
            "ends_at_1": local_end.strftime("%H:%M:%S"),
            "series": series.pk,
            "group": "",
            "min_tier": "",
            "capacity": "",
            "rsvp_deadline_0": "",
            "rsvp_deadline_1": "",
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("hosts", "rsvps")},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("hosts", "rsvps")},
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(Event.objects.filter(series=series).values_list("venue", flat=True)) == {"Room Z"}
    series.refresh_from_db()
    assert series.venue == "Room Z"


def test_group_form_enforces_one_to_three_co_organizers(client_for, manager):
    leader = MemberFactory()
    many = [MemberFactory() for _ in range(4)]
    response = client_for(manager).post(
        reverse("admin:events_usergroup_add"),
        {
            "name": "Too many",
            "slug": "too-many",
            "type": "local",
            "leader": leader.pk,
            "co_organizers": ",".join(str(m.pk) for m in many),
            "cadence_per_month": 1,
            "health_snapshots-TOTAL_FORMS": "0",
            "health_snapshots-INITIAL_FORMS": "0",
        },
    )
    assert "one to three co-organizers" in response.content.decode()
    assert not UserGroup.objects.filter(slug="too-many").exists()


def test_cancel_action_tells_attendees(
    client_for, manager, member, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    RsvpFactory(event=event, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(
            reverse("admin:events_event_changelist"),
            {"action": "cancel_events", "_selected_action": [event.pk]},
        )
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[member.email]]
