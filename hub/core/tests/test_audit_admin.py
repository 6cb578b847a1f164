"""Managers read the audit log in the admin console; nobody can edit or delete it there."""

from datetime import UTC, datetime

import pytest

from hub.core.audit import audit_record

pytestmark = pytest.mark.django_db


def test_managers_read_the_audit_log_but_cannot_change_it(client_for, manager, member):
    entry = audit_record(
        actor=manager,
        action="tier.change",
        subject=member,
        target=member,
        now=datetime(2026, 5, 1, tzinfo=UTC),
        data={"from_tier": "Contributors", "to_tier": "Active Members", "why": "Busy month"},
    )
    client = client_for(manager)
    listing = client.get("/admin/hub/auditentry/")
    assert listing.status_code == 200
    assert (
        "Marta Manager moved Mia Member from Contributors to Active Members (Busy month)"
        in listing.content.decode()
    )
    assert client.get(f"/admin/hub/auditentry/{entry.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/hub/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert client.get("/admin/hub/auditentry/add/").status_code == 403
    entry.refresh_from_db()
    # members do not reach it at all
    assert client_for(member).get("/admin/hub/auditentry/").status_code == 302


def test_audit_log_list_query_count_is_flat(client_for, manager, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)

    def queries_for_listing() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/hub/auditentry/").status_code == 200
        return len(captured)

    def add_entries(count: int) -> None:
        for number in range(count):
            audit_record(
                actor=manager,
                action="tier.change" if number % 2 else "badge.award",
                subject=member,
                target=member,
                now=datetime(2026, 5, 1, tzinfo=UTC),
                data={"number": number},
            )

    add_entries(3)
    with_three = queries_for_listing()
    add_entries(27)
    assert queries_for_listing() == with_three
