"""Terms: renewing, moving tier, ending, stepping down, the daily job (lapsed terms expire,
managers hear once of terms ending within 30 days), commitment two months running; the full
history is kept."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from ambassadors.models import AmbassadorTerm, TermEnd
from ambassadors.selectors import ambassadors_current
from ambassadors.selectors.terms import (
    ambassadors_under_commitment,
    terms_ending_soon,
)
from ambassadors.services.terms import (
    term_end,
    term_move,
    term_renew,
    term_step_down,
    terms_daily,
)
from ambassadors.tests.factories import AmbassadorActivityFactory, AmbassadorTermFactory, tier
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 2, 1, 9, tzinfo=UTC)


def history(member):
    return list(
        AmbassadorTerm.objects.filter(member=member)
        .order_by("starts_at", "pk")
        .values_list("tier__level", "starts_at", "ends_at", "end_reason")
    )


@pytest.fixture
def olena(member):
    AmbassadorTermFactory(member=member, starts_at=START)
    return member


def test_renewal_opens_the_next_year_where_the_term_ends(olena, manager):
    end = START + timedelta(days=365)
    term_renew(member=olena, actor=manager, now=end - timedelta(days=20))
    assert history(olena) == [
        (1, START, end, TermEnd.RENEWED),
        (1, end, end + timedelta(days=365), TermEnd.RUNNING),
    ]
    with pytest.raises(DomainError, match="renewed already"):
        term_renew(member=olena, actor=manager, now=end - timedelta(days=19))
    # still the first term's ambassador until it ends, then the renewal's
    assert olena in ambassadors_current(now=end - timedelta(seconds=1))
    assert olena in ambassadors_current(now=end)


def test_a_lapsed_term_renews_from_now(olena, manager):
    later = START + timedelta(days=400)
    terms_daily(now=later)
    term_renew(member=olena, actor=manager, now=later)
    assert [row[1:] for row in history(olena)][-1] == (
        later,
        later + timedelta(days=365),
        TermEnd.RUNNING,
    )
    assert history(olena)[0][3] == TermEnd.EXPIRED


def test_moving_tier_keeps_the_end_and_the_renewal_follows(olena, manager):
    end = START + timedelta(days=365)
    term_renew(member=olena, actor=manager, now=end - timedelta(days=10))
    moved_at = end - timedelta(days=5)
    term_move(member=olena, tier=tier(2), actor=manager, now=moved_at, note="Runs a meetup")
    assert history(olena) == [
        (1, START, moved_at, TermEnd.MOVED),
        (2, moved_at, end, TermEnd.RENEWED),
        (2, end, end + timedelta(days=365), TermEnd.RUNNING),
    ]
    with pytest.raises(DomainError, match="in Ambassadors already"):
        term_move(member=olena, tier=tier(2), actor=manager, now=moved_at)


def test_ending_drops_a_renewal_not_begun_and_keeps_the_rest(olena, manager):
    end = START + timedelta(days=365)
    term_renew(member=olena, actor=manager, now=end - timedelta(days=10))
    ended_at = end - timedelta(days=3)
    term_end(member=olena, actor=manager, now=ended_at, note="Moved abroad")
    assert history(olena) == [(1, START, ended_at, TermEnd.ENDED)]
    assert AmbassadorTerm.objects.get(member=olena).end_note == "Moved abroad"
    assert olena not in ambassadors_current(now=ended_at)
    with pytest.raises(DomainError, match="no current term"):
        term_end(member=olena, actor=manager, now=ended_at)
    with pytest.raises(DomainError, match="apply to the programme again"):
        term_renew(member=olena, actor=manager, now=ended_at)


def test_an_ambassador_steps_down(olena):
    at = START + timedelta(days=100)
    term_step_down(member=olena, now=at)
    assert history(olena) == [(1, START, at, TermEnd.STEPPED_DOWN)]
    assert AuditEntry.objects.filter(action="ambassador_term.step_down", subject=olena).exists()


def test_the_daily_job_expires_lapsed_terms_and_tells_managers_once(manager):
    now = datetime(2026, 6, 1, 7, tzinfo=UTC)
    soon = AmbassadorTermFactory(
        member=MemberFactory(name="Soon"), starts_at=now - timedelta(days=340)
    )
    lapsed = AmbassadorTermFactory(
        member=MemberFactory(name="Lapsed"), starts_at=now - timedelta(days=370)
    )
    AmbassadorTermFactory(member=MemberFactory(name="Later"), starts_at=now - timedelta(days=100))
    assert list(terms_ending_soon(now=now)) == [soon]

    assert terms_daily(now=now) == {"expired": 1, "renewal_notices": 1}
    lapsed.refresh_from_db()
    assert lapsed.end_reason == TermEnd.EXPIRED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Soon" in mail.outbox[0].body
    assert "Later" not in mail.outbox[0].body

    # A second run changes nothing and sends nothing
    entries = AuditEntry.objects.count()
    assert terms_daily(now=now + timedelta(hours=1)) == {"expired": 0, "renewal_notices": 0}
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.count() == entries


def test_under_commitment_two_months_running():
    # June 2026: the two months before are April and May; Champions commit to 2 hours
    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    people = {
        name: MemberFactory(name=name, joined_at=datetime(2025, 1, 1, tzinfo=UTC))
        for name in ["Under", "OneGoodMonth", "Met", "New", "AdvisorUnder"]
    }
    for name, person in people.items():
        started = (
            datetime(2026, 5, 10, tzinfo=UTC) if name == "New" else datetime(2026, 1, 5, tzinfo=UTC)
        )
        AmbassadorTermFactory(
            member=person, starts_at=started, tier_level=3 if name == "AdvisorUnder" else 1
        )

    def log(name, day, hours):
        AmbassadorActivityFactory(member=people[name], occurred_on=day, hours=hours)

    log("Under", date(2026, 4, 3), 1)
    log("Under", date(2026, 5, 3), 1.5)
    log("OneGoodMonth", date(2026, 4, 3), 3)
    log("Met", date(2026, 4, 3), 2)
    log("Met", date(2026, 5, 30), 2)
    log("AdvisorUnder", date(2026, 4, 3), 19)
    log("AdvisorUnder", date(2026, 5, 3), 12)
    log("AdvisorUnder", date(2026, 5, 4), 7.5)
    log("Under", date(2026, 6, 1), 10)  # this month does not count yet
    names = {person.display_name for person in ambassadors_under_commitment(now=now)}
    # "New" began in May: not two full months yet
    assert names == {"Under", "AdvisorUnder"}
