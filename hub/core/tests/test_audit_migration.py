"""Migration 0003 gives existing audit rows their subject and keeps their written sentence."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("hub", "0002_initial")]
AFTER = [("hub", "0003_auditentry_subject")]
AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def migrate(hub_target):
    """Migrate the hub app to `hub_target`, every other app staying at its latest; return the
    historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(hub_target)
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "hub"]
    return executor.loader.project_state(others + hub_target).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_their_subject_and_keep_their_sentence():
    old = migrate(BEFORE)
    User = old.get_model("members", "User")
    Profile = old.get_model("members", "Profile")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEntry = old.get_model("hub", "AuditEntry")
    Event = old.get_model("events", "Event")
    Rsvp = old.get_model("events", "Rsvp")
    host = User.objects.create(email="host@example.com", joined_at=AT)
    mia = User.objects.create(email="mia@example.com", joined_at=AT)
    ola = User.objects.create(email="ola@example.com", joined_at=AT)
    Profile.objects.create(user=mia, display_name="Mia Member")
    Profile.objects.create(user=ola, display_name="Ola Other")
    event = Event.objects.create(
        title="Meetup", slug="meetup", starts_at=AT, ends_at=AT + timedelta(hours=2), created_at=AT
    )
    # Two people checked in at the same instant: the summary says which entry is whose.
    for person in (mia, ola):
        Rsvp.objects.create(
            event=event,
            member=person,
            status="going",
            queued_at=AT,
            updated_at=AT,
            checked_in_at=AT,
        )
    user_type = ContentType.objects.get(app_label="members", model="user")
    event_type = ContentType.objects.get(app_label="events", model="event")
    tier = AuditEntry.objects.create(
        occurred_at=AT,
        actor=host,
        action="tier.change",
        summary="Mia Member: Contributors",
        target_type=user_type,
        target_id=str(mia.pk),
        data={"to": 2},
    )
    checkin = AuditEntry.objects.create(
        occurred_at=AT,
        actor=host,
        action="rsvp.checkin",
        summary="Ola Other checked in to Meetup",
        target_type=event_type,
        target_id=str(event.pk),
    )
    going = AuditEntry.objects.create(
        occurred_at=AT,
        actor=mia,
        action="rsvp.going",
        summary="Mia Member is going to Meetup",
        target_type=event_type,
        target_id=str(event.pk),
    )

    new = migrate(AFTER)

    entries = new.get_model("hub", "AuditEntry").objects
    assert entries.get(pk=tier.pk).subject_id == mia.pk
    assert entries.get(pk=tier.pk).data == {"to": 2, "legacy_summary": "Mia Member: Contributors"}
    assert entries.get(pk=checkin.pk).subject_id == ola.pk
    assert entries.get(pk=going.pk).subject_id == mia.pk
