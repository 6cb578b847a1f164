"""The programme's monthly metrics and `ambassadors_current`, on a hand-computed community.

March 2026 in Kyiv. Ambassadors of March: Alice (since Sept 2025), Bob (from 20 March), Frank
(since Sept 2025, did nothing) and Gina (renewed in Sept 2025). Carol's term ended 15 Feb, Eve
stepped down on 1 Jan, Dan was never an ambassador.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ambassadors.models import TermEnd
from ambassadors.selectors import ambassadors_current
from ambassadors.selectors.programme import ambassador_month_metrics, ambassador_month_rows
from ambassadors.selectors.terms import ambassadors_in_month
from ambassadors.tests.factories import (
    AmbassadorActivityFactory,
    AmbassadorTermFactory,
    SignupAttributionFactory,
)
from members.models import User
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
JOINED = datetime(2024, 1, 10, tzinfo=UTC)
MARCH = date(2026, 3, 1)


def kyiv(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


def term(member, starts_at, ends_at=None, **kwargs):
    return AmbassadorTermFactory(
        member=member,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + timedelta(days=365),
        **kwargs,
    )


def ledger(member, kind, when, count=1):
    return [ActivityFactory(member=member, kind=kind, occurred_at=when) for _ in range(count)]


@pytest.fixture
def community():
    people = {
        name: MemberFactory(name=name, joined_at=JOINED)
        for name in ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gina"]
    }
    alice, bob, carol, dan, eve, frank, gina = people.values()
    term(alice, kyiv(2025, 9, 10))
    term(bob, kyiv(2026, 3, 20), tier_level=2)
    term(carol, kyiv(2025, 6, 1), kyiv(2026, 2, 15), end_reason=TermEnd.ENDED)
    term(eve, kyiv(2025, 9, 20), kyiv(2026, 1, 1), end_reason=TermEnd.STEPPED_DOWN)
    term(frank, kyiv(2025, 9, 25))
    first = term(gina, kyiv(2024, 9, 15), kyiv(2025, 9, 15), end_reason=TermEnd.RENEWED)
    term(gina, kyiv(2025, 9, 15), previous=first)

    alice_content = ledger(alice, "content", kyiv(2026, 3, 2, 10), 3)
    ledger(alice, "code", kyiv(2026, 3, 31, 23, 30))  # still March in Kyiv
    ledger(alice, "content", kyiv(2026, 2, 20))
    ledger(alice, "content", kyiv(2026, 4, 1, 0, 30))  # April in Kyiv, March in UTC
    ledger(bob, "content", kyiv(2026, 3, 5))  # before his term began, in his first month
    ledger(dan, "content", kyiv(2026, 3, 5), 5)
    ledger(carol, "content", kyiv(2026, 2, 3), 2)
    # Logged in the programme: the blog post is in the ledger already, the rest is not.
    AmbassadorActivityFactory(
        member=alice,
        type="blog_post",
        occurred_on=date(2026, 3, 2),
        ledger_activity=alice_content[0],
    )
    AmbassadorActivityFactory(member=alice, type="beta_testing", occurred_on=date(2026, 3, 9))
    AmbassadorActivityFactory(member=bob, type="speaking", occurred_on=date(2026, 3, 25))

    for referrer, credited in [
        (alice, kyiv(2026, 3, 3)),
        (bob, kyiv(2026, 3, 31, 23, 30)),
        (alice, kyiv(2026, 4, 1, 0, 10)),
        (alice, None),
    ]:
        SignupAttributionFactory(
            member=MemberFactory(joined_at=credited or JOINED),
            referral_code="X",
            referrer=referrer,
            referral_credited_at=credited,
        )
    return people


def test_ambassadors_current_are_current_members_inside_a_term(community):
    # Given Hank, whose term runs but who left the community
    hank = MemberFactory(name="Hank", joined_at=JOINED)
    term(hank, kyiv(2025, 10, 1))
    User.objects.filter(pk=hank.pk).update(left_at=kyiv(2026, 3, 1))
    # When we ask who is an ambassador on 15 March
    names = {m.display_name for m in ambassadors_current(now=kyiv(2026, 3, 15, 12))}
    # then Bob (from the 20th), Carol, Eve, Dan and Hank are not
    assert names == {"Alice", "Frank", "Gina"}
    # and on 20 March at the minute Bob's term begins, he is
    names = {m.display_name for m in ambassadors_current(now=kyiv(2026, 3, 20))}
    assert names == {"Alice", "Bob", "Frank", "Gina"}


def test_ambassadors_of_a_month_are_those_with_a_term_overlapping_it(community):
    assert {m.display_name for m in ambassadors_in_month(month=MARCH)} == {
        "Alice",
        "Bob",
        "Frank",
        "Gina",
    }
    assert {m.display_name for m in ambassadors_in_month(month=date(2026, 2, 1))} == {
        "Alice",
        "Carol",
        "Frank",
        "Gina",
    }


def test_march_metrics_match_the_hand_computed_figures(community, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        march = ambassador_month_metrics(month=date(2026, 3, 17))
    assert march.month == MARCH
    assert march.ambassadors == 4
    # Alice 3 + Bob 1; Dan's five are not an ambassador's, Alice's April piece is April's
    assert march.content_pieces == 4
    assert march.content_pieces_per_ambassador == 1.0
    assert march.content_on_target is False
    # Alice's on 3 March and Bob's late on the 31st (Kyiv); not April's, not the unconfirmed one
    assert march.referrals == 2
    assert march.referrals_per_ambassador == 0.5
    # Alice: 3 content + 1 code + beta testing = 5; Bob: 1 content + speaking = 2
    assert march.engagement == 7
    # February's ambassadors (Alice, Carol, Frank, Gina): Alice 1 + Carol 2
    assert march.engagement_previous == 3
    assert march.engagement_change_percent == pytest.approx(400 / 3)
    # Began in September 2025: Alice (active in March), Eve (stepped down), Frank (idle);
    # Gina's September term is a renewal, not a beginning
    assert (march.retention_cohort, march.retention_active) == (3, 1)
    assert march.six_month_retention_percent == pytest.approx(100 / 3)
    assert march.retention_on_target is False


def test_a_month_without_ambassadors_has_no_ratios():
    empty = ambassador_month_metrics(month=MARCH)
    assert (empty.ambassadors, empty.content_pieces, empty.referrals) == (0, 0, 0)
    assert empty.content_pieces_per_ambassador is None
    assert empty.referrals_per_ambassador is None
    assert empty.engagement_change_percent is None
    assert empty.six_month_retention_percent is None


def test_each_ambassadors_own_figures(community, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {
            row.display_name: (row.content_pieces, row.referrals, row.engagement, row.hours)
            for row in ambassador_month_rows(month=MARCH)
        }
    assert rows == {
        "Alice": (3, 1, 5, 4),
        "Bob": (1, 1, 2, 2),
        "Frank": (0, 0, 0, 0),
        "Gina": (0, 0, 0, 0),
    }
