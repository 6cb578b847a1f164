"""The waitlist is a queue (PostgreSQL, real threads): the place a member is told is the place
they hold, and seats go in the order in which the requests took the event's lock.

Forty members ask the RSVP API for one of ten seats at the same instant, each from its own thread
and database connection. Every request reads the clock in the view, as a real one does, and then
waits a random few milliseconds before it takes the lock (as a request on a busy server would
between its first line and the lock), so the order of reading the clock and the order of taking
the lock differ. Then every seat is given up in turn, and each freed seat must go to the member
who was told the lowest place.
"""

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Rsvp, RsvpStatus
from events.services import rsvps
from events.tests.factories import EventFactory
from members.tests.factories import MemberFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

SEATS = 10
PEOPLE = 40


#: How long the request running in each thread dawdles before it takes the lock.
DELAY_OF_THREAD: dict[int, float] = {}


def _ask_all_at_once(event, members, delays: dict[int, float]) -> dict[int, dict]:
    """Each member's answer from the RSVP API, by member id."""
    barrier = threading.Barrier(len(members))
    answers: dict[int, dict] = {}
    errors: list = []

    def ask(member):
        DELAY_OF_THREAD[threading.get_ident()] = delays[member.pk]
        client = APIClient()
        client.force_authenticate(member)
        try:
            barrier.wait(timeout=30)
            response = client.post(f"/api/v1/events/{event.pk}/rsvp/")
            assert response.status_code == 201, response.content
            answers[member.pk] = response.json()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return answers


def _held_positions(event) -> dict[int, int]:
    """The waitlist as it stands: member id -> place (1 for the first in line)."""
    waiting = Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED).order_by(
        "queue_number", "id"
    )
    return {rsvp.member_id: place for place, rsvp in enumerate(waiting, start=1)}


def test_every_told_waitlist_place_is_the_place_held_and_seats_free_up_in_that_order(
    monkeypatch,
):
    # Given a ten-seat event and forty members, and requests that dawdle a random few
    # milliseconds between reading the clock and taking the event's lock
    event = EventFactory(capacity=SEATS, starts_at=timezone.now() + timedelta(days=2))
    crowd = [MemberFactory(email=f"queue{n}@example.com") for n in range(PEOPLE)]
    lock = rsvps.event_lock
    jitter = random.Random(20261122)
    delays = {member.pk: jitter.uniform(0, 0.03) for member in crowd}

    def dawdling_lock(*, event_id):
        time.sleep(DELAY_OF_THREAD.get(threading.get_ident(), 0))
        return lock(event_id=event_id)

    monkeypatch.setattr(rsvps, "event_lock", dawdling_lock)

    # When they all RSVP at once
    answers = _ask_all_at_once(event, crowd, delays)
    monkeypatch.undo()

    # Then ten are going, and each of the thirty waiting holds exactly the place they were told
    told = {pk: body["position"] for pk, body in answers.items() if body["status"] == "waitlisted"}
    going = [pk for pk, body in answers.items() if body["status"] == "going"]
    assert len(going) == SEATS
    held = _held_positions(event)
    wrong = {pk: (told[pk], held[pk]) for pk in told if told[pk] != held[pk]}
    assert wrong == {}, f"{len(wrong)} told a place they do not hold (told, held): {wrong}"
    assert sorted(told.values()) == list(range(1, PEOPLE - SEATS + 1))

    # When the seats are given up one by one
    by_place = sorted(told, key=told.get)
    member_of = {member.pk: member for member in crowd}
    now = timezone.now()
    for number, seated_pk in enumerate(going, start=1):
        rsvps.rsvp_cancel(event=event, member=member_of[seated_pk], now=now)
        # Then each freed seat goes to the first in line, never to someone told a later place
        promoted = set(
            Rsvp.objects.filter(
                event=event, status=RsvpStatus.GOING, promoted_at__isnull=False
            ).values_list("member_id", flat=True)
        )
        assert promoted == set(by_place[:number])
    assert _held_positions(event) == {pk: told[pk] - SEATS for pk in by_place[SEATS:]}
