"""Signups by source per month and referred against organic retention, on hand-computed
communities (Kyiv time: a join late on 31 March is March's)."""

from datetime import UTC, date, datetime

import pytest

from ambassadors.selectors.attribution import (
    referred_retention,
    signups_by_source,
    signups_by_source_totals,
)
from ambassadors.tests.factories import SignupAttributionFactory
from ambassadors.tests.test_programme_metrics import kyiv
from members.models import User
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def joined(at, name="", **attribution):
    member = MemberFactory(joined_at=at, name=name or "Someone")
    if attribution:
        SignupAttributionFactory(member=member, signed_up_at=at, **attribution)
    return member


def test_each_signup_has_one_source_in_order_referral_utm_survey_none(
    django_assert_num_queries,
):
    ambassador = joined(datetime(2025, 1, 5, tzinfo=UTC), "Alice")
    bob = joined(datetime(2025, 1, 5, tzinfo=UTC), "Bob")
    # March 2026: two referrals by Alice (one also with UTMs: the code wins), one by Bob
    joined(kyiv(2026, 3, 3), referral_code="ALICE-7K2", referrer=ambassador)
    joined(
        kyiv(2026, 3, 31, 23, 30),
        referral_code="ALICE-7K2",
        referrer=ambassador,
        utm_campaign="spring",
    )
    joined(kyiv(2026, 3, 12), referral_code="BOB-4QX", referrer=bob, how_heard="A friend")
    # two UTM campaigns (one with only a source), a survey answer at signup, one on the profile
    joined(kyiv(2026, 3, 4), utm_source="telegram", utm_campaign="spring")
    joined(kyiv(2026, 3, 5), utm_source="newsletter", how_heard="Newsletter")
    joined(kyiv(2026, 3, 6), how_heard="A friend")
    from_profile = joined(kyiv(2026, 3, 7))
    from_profile.profile.how_heard = "Meetup"
    from_profile.profile.save()
    joined(kyiv(2026, 3, 8))
    # April (in Kyiv; still 31 March in UTC)
    joined(kyiv(2026, 4, 1, 0, 10), referral_code="ALICE-7K2", referrer=ambassador)

    with django_assert_num_queries(1):
        rows = signups_by_source(first=date(2026, 3, 1), last=date(2026, 4, 30))
    assert [(r.month, r.source, r.detail, r.referrer_id, r.signups) for r in rows] == [
        (date(2026, 3, 1), "none", "", None, 1),
        (date(2026, 3, 1), "referral", "ALICE-7K2", ambassador.pk, 2),
        (date(2026, 3, 1), "referral", "BOB-4QX", bob.pk, 1),
        (date(2026, 3, 1), "survey", "A friend", None, 1),
        (date(2026, 3, 1), "survey", "Meetup", None, 1),
        (date(2026, 3, 1), "utm", "newsletter", None, 1),
        (date(2026, 3, 1), "utm", "spring", None, 1),
        (date(2026, 4, 1), "referral", "ALICE-7K2", ambassador.pk, 1),
    ]
    totals = signups_by_source_totals(rows, first=date(2026, 2, 1), last=date(2026, 4, 1))
    assert [(t.month, t.by_source, t.total) for t in totals] == [
        (date(2026, 2, 1), {"referral": 0, "utm": 0, "survey": 0, "none": 0}, 0),
        (date(2026, 3, 1), {"referral": 3, "utm": 2, "survey": 2, "none": 1}, 8),
        (date(2026, 4, 1), {"referral": 1, "utm": 0, "survey": 0, "none": 0}, 1),
    ]


def test_referred_members_retention_against_organic_over_three_months(
    django_assert_num_queries,
):
    alice = joined(datetime(2025, 1, 5, tzinfo=UTC), "Alice")

    def left(member, at):
        User.objects.filter(pk=member.pk).update(left_at=at)

    # January cohort: referred R1 stays, R2 leaves in February
    joined(kyiv(2026, 1, 10), referral_code="A", referrer=alice)
    left(joined(kyiv(2026, 1, 11), referral_code="A", referrer=alice), kyiv(2026, 2, 10))
    # organic O1 stays, O2 leaves in March, O3 in April (O3 came through a UTM: still organic)
    joined(kyiv(2026, 1, 12))
    left(joined(kyiv(2026, 1, 13)), kyiv(2026, 3, 5))
    left(joined(kyiv(2026, 1, 14), utm_campaign="winter"), kyiv(2026, 4, 20))
    # February cohort: organic O4 stays
    joined(kyiv(2026, 2, 10))

    with django_assert_num_queries(1):
        groups = referred_retention(
            first=date(2026, 1, 1), last=date(2026, 2, 1), now=kyiv(2026, 5, 2)
        )
    referred, organic = groups["referred"], groups["organic"]
    assert (referred.members, organic.members) == (2, 4)
    assert [(p.months_after, p.eligible, p.retained) for p in referred.points] == [
        (1, 2, 1),
        (2, 2, 1),
        (3, 2, 1),
    ]
    # k=3 of the February cohort is May, not over on 2 May: only January counts there
    assert [(p.months_after, p.eligible, p.retained) for p in organic.points] == [
        (1, 4, 4),
        (2, 4, 3),
        (3, 3, 1),
    ]
    assert referred.points[0].percent == 50
    assert organic.points[2].percent == pytest.approx(100 / 3)


def test_no_members_no_percent():
    groups = referred_retention(first=date(2026, 1, 1), last=date(2026, 1, 1), now=kyiv(2026, 5, 1))
    assert all(point.percent is None for point in groups["referred"].points)
