"""The admin console for events: pages open for managers, actions work and are audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import (
    Event,
    EventHost,
    EventSeries,
    EventStatus,
    GroupMembership,
    Rsvp,
    RsvpStatus,
    UserGroup,
)
from events.services.series import series_generate
from events.tests.admin_forms import admin_form_data
from events.tests.factories import (
    NOW,
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
    client_for, manager, member, other_member, django_capture_on_commit_callbacks
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
    with django_capture_on_commit_callbacks(execute=True):
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


# --- The admin goes through the services ------------------------------------------------------


def _saved(response) -> bool:
    """The admin saved and redirected; otherwise say why (the form's and inlines' errors)."""
    if response.status_code == 302:
        return True
    errors = [response.context["adminform"].form.errors]
    errors += [formset.formset.errors for formset in response.context["inline_admin_formsets"]]
    raise AssertionError(f"Not saved: {errors}")


def _group_add_data(**overrides) -> dict:
    return {
        "name": "Lviv Rust",
        "slug": "lviv-rust",
        "type": "local",
        "description": "",
        "region": "Lviv",
        "cadence_per_month": 1,
        "health_snapshots-TOTAL_FORMS": "0",
        "health_snapshots-INITIAL_FORMS": "0",
        **overrides,
    }


def test_adding_a_group_makes_its_organizers_members_and_is_audited(client_for, manager):
    leader, helper = MemberFactory(), MemberFactory()
    response = client_for(manager).post(
        reverse("admin:events_usergroup_add"),
        _group_add_data(leader=leader.pk, co_organizers=str(helper.pk)),
    )
    assert response.status_code == 302
    group = UserGroup.objects.get(slug="lviv-rust")
    assert set(
        GroupMembership.objects.filter(group=group, left_at=None).values_list("member", flat=True)
    ) == {leader.pk, helper.pk}
    entry = AuditEntry.objects.get(action="group.create")
    assert (entry.actor_id, entry.data["leader"]) == (manager.pk, leader.pk)


def test_a_new_leader_chosen_in_the_admin_joins_the_group(client_for, manager, group):
    new_leader = MemberFactory()
    url = reverse("admin:events_usergroup_change", args=[group.pk])
    client = client_for(manager)
    data = admin_form_data(client.get(url), leader=str(new_leader.pk))
    assert client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.leader == new_leader
    assert GroupMembership.objects.filter(group=group, member=new_leader, left_at=None).exists()
    entry = AuditEntry.objects.get(action="group.edit")
    assert (entry.data["fields"], entry.data["leader"]) == ("leader", new_leader.pk)


def test_a_former_member_cannot_become_leader_in_the_admin(client_for, manager, group):
    from members.services.account import member_leave

    gone = MemberFactory()
    member_leave(member=gone, now=NOW)
    url = reverse("admin:events_usergroup_change", args=[group.pk])
    client = client_for(manager)
    response = client.post(url, admin_form_data(client.get(url), leader=str(gone.pk)))
    assert "The leader must be a current member." in response.content.decode()
    group.refresh_from_db()
    assert group.leader != gone


def test_the_rsvp_table_is_read_only_and_links_the_check_in_desk(
    client_for, manager, member, event
):
    # Given an event with one person going
    RsvpFactory(event=event, member=member)
    url = reverse("admin:events_event_change", args=[event.pk])
    client = client_for(manager)
    page = client.get(url)
    body = page.content.decode()
    # Then the RSVPs show without inputs, and the desk is one link away
    assert 'name="rsvps-0-status"' not in body
    assert reverse("events:event_checkin", args=[event.pk]) in body
    # When a crafted post tries to check them in through the table anyway
    data = admin_form_data(page)
    data.update({"rsvps-TOTAL_FORMS": "1", "rsvps-0-status": "waitlisted"})
    data["rsvps-0-checked_in_at_0"] = "2026-03-04"
    client.post(url, data)
    # Then nothing about the RSVP changed
    rsvp = Rsvp.objects.get(event=event, member=member)
    assert (rsvp.status, rsvp.checked_in_at) == (RsvpStatus.GOING, None)


def test_hosts_changed_in_the_admin_are_audited_and_must_be_members(
    client_for, manager, event, host
):
    from members.services.account import member_leave

    speaker, gone = MemberFactory(), MemberFactory()
    member_leave(member=gone, now=NOW)
    url = reverse("admin:events_event_change", args=[event.pk])
    client = client_for(manager)
    data = admin_form_data(client.get(url))
    data.update(
        {
            "hosts-TOTAL_FORMS": "2",
            "hosts-1-member": str(speaker.pk),
            "hosts-1-role": "speaker",
            "hosts-1-event": str(event.pk),
        }
    )
    assert _saved(client.post(url, data))
    assert dict(EventHost.objects.filter(event=event).values_list("member", "role")) == {
        host.pk: "host",
        speaker.pk: "speaker",
    }
    assert AuditEntry.objects.get(action="event.hosts").data["hosts"] == sorted(
        [host.pk, speaker.pk]
    )
    # A former member is refused, and nothing of the save is kept
    data.update({"hosts-1-member": str(gone.pk), "title": "Renamed"})
    response = client.post(url, data, follow=True)
    assert "Nothing was saved: Hosts must be current members." in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Profiling night"
    assert EventHost.objects.filter(event=event, member=speaker).exists()


def test_publishing_a_draft_in_the_admin_publishes_it(client_for, manager):
    draft = EventFactory(status=EventStatus.DRAFT, title="Soon")
    url = reverse("admin:events_event_change", args=[draft.pk])
    client = client_for(manager)
    assert _saved(client.post(url, admin_form_data(client.get(url), status="published")))
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED
    assert AuditEntry.objects.get(action="event.update").data["fields"] == "status"


def test_a_capacity_below_the_seats_taken_is_refused_and_nothing_saved(client_for, manager, event):
    for _ in range(3):
        RsvpFactory(event=event)
    url = reverse("admin:events_event_change", args=[event.pk])
    client = client_for(manager)
    data = admin_form_data(client.get(url), capacity="2", title="Renamed")
    response = client.post(url, data, follow=True)
    assert "Nothing was saved: 3 people already have a seat" in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.title) == (10, "Profiling night")
    assert not AuditEntry.objects.filter(action="event.update").exists()


def test_deleting_in_the_admin_is_audited(client_for, manager):
    event = EventFactory(title="Typo event")
    client_for(manager).post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=event.pk).exists()
    entry = AuditEntry.objects.get(action="event.delete")
    assert entry.actor_id == manager.pk
    assert entry.data["title"].startswith("Typo event")


def test_the_series_admin_checks_the_rule_and_changes_future_occurrences(client_for, manager):
    now = timezone.now()
    client = client_for(manager)
    add = reverse("admin:events_eventseries_add")
    data = admin_form_data(
        client.get(add),
        title="Weekly office hours",
        slug="weekly-office-hours",
        rrule="FREQ=SOMETIMES",
        starts_on=now.date().isoformat(),
        local_start_time="18:00",
        duration_minutes="60",
        time_zone="Europe/Kyiv",
    )
    response = client.post(add, data)
    assert "Not a valid recurrence rule" in response.content.decode()
    assert not EventSeries.objects.exists()
    data["rrule"] = "FREQ=WEEKLY;BYDAY=TU"
    assert _saved(client.post(add, data))
    series = EventSeries.objects.get()
    assert AuditEntry.objects.filter(action="series.create").count() == 1
    series_generate(series=series, now=now)
    # When the venue changes on the series' own page
    change = reverse("admin:events_eventseries_change", args=[series.pk])
    assert (
        client.post(change, admin_form_data(client.get(change), venue="Room 5")).status_code == 302
    )
    # Then every future occurrence moved with it, and the change is audited
    assert set(Event.objects.filter(series=series).values_list("venue", flat=True)) == {"Room 5"}
    assert AuditEntry.objects.get(action="series.update").data["fields"] == "venue"
