"""Two whole-series edits at once, one from the organizers' page and one from the admin, queue
on the series instead of deadlocking (PostgreSQL, real threads).

Both paths lock the series row first, then its occurrences by primary key. The admin's edit
is started first and holds the series lock for a moment (a pause after taking it, set with
monkeypatch): under the old order the organizers' edit took the occurrence's row first, then
waited for the series, while the admin, holding the series, waited for that occurrence, and
PostgreSQL killed one of them with "deadlock detected".
"""

import threading
import time

import pytest
from django.db import connection, connections

from events.models import Event, EventSeries
from events.services import organizers
from events.services.series import series_generate
from events.tests.factories import NOW, EventSeriesFactory, UserGroupFactory
from members.tests.factories import ManagerFactory, MemberFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

HOLD_SECONDS = 0.5


def _series_lock_that_holds(lock):
    def series_lock(*, series_id):
        series = lock(series_id=series_id)
        time.sleep(HOLD_SECONDS)  # the window in which the other edit arrives
        return series

    return series_lock


def test_an_organizer_and_a_manager_editing_one_series_at_once_both_succeed(monkeypatch):
    # Given a group's monthly series with its next occurrences, its leader and a manager
    assert connection.vendor == "postgresql"
    leader = MemberFactory()
    group = UserGroupFactory(leader=leader, co_organizers=[MemberFactory()])
    series = EventSeriesFactory(group=group, title="Monthly meetup", venue="Room A")
    series_generate(series=series, now=NOW)
    occurrence = Event.objects.filter(series=series).order_by("starts_at").first()
    manager = ManagerFactory()
    monkeypatch.setattr(organizers, "series_lock", _series_lock_that_holds(organizers.series_lock))
    errors: list = []

    def run(edit):
        try:
            edit()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def admin_edit():
        organizers.event_manager_update(
            event=Event.objects.get(pk=occurrence.pk),
            changes={"venue": "Room B"},
            apply_to="series",
            actor=manager,
            now=NOW,
        )

    def organizer_edit():
        organizers.event_edit(
            event=Event.objects.get(pk=occurrence.pk),
            values={"title": "Monthly meetup, new format"},
            hosts=None,
            scope="series",
            actor=leader,
            now=NOW,
        )

    # When the manager saves the whole series in the admin and, a moment later, the leader
    # saves it on the organizers' page
    threads = [threading.Thread(target=run, args=(admin_edit,))]
    threads.append(threading.Thread(target=run, args=(organizer_edit,)))
    threads[0].start()
    time.sleep(HOLD_SECONDS / 5)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=60)
    # Then neither failed, and both changes reached the series and every future occurrence
    assert errors == []
    series = EventSeries.objects.get(pk=series.pk)
    assert (series.title, series.venue) == ("Monthly meetup, new format", "Room B")
    assert set(Event.objects.filter(series=series).values_list("title", "venue")) == {
        ("Monthly meetup, new format", "Room B")
    }
