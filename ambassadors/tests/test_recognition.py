"""Quarterly recognition: the proposals by content, referrals and engagement, the quarter's
badge (through the members app's badge service, once a quarter) and the compensation review."""

from datetime import UTC, date, datetime

import pytest

from ambassadors.models import CompensationReview
from ambassadors.selectors.recognition import (
    quarter_label,
    quarter_parse,
    recognition_proposals,
)
from ambassadors.services.recognition import compensation_review_record, recognition_badge_award
from ambassadors.tests.factories import AmbassadorTermFactory, SignupAttributionFactory
from hub.core.errors import DomainError
from members.models import BadgeAward
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

Q1 = date(2026, 1, 1)
JOINED = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture
def trio():
    people = {name: MemberFactory(name=name, joined_at=JOINED) for name in ["Ann", "Ben", "Cat"]}
    for person in people.values():
        AmbassadorTermFactory(member=person, starts_at=datetime(2025, 7, 1, tzinfo=UTC))
    ann, ben, cat = people.values()
    for _ in range(3):
        ActivityFactory(member=ann, kind="content", occurred_at=datetime(2026, 2, 1, tzinfo=UTC))
    ActivityFactory(member=ben, kind="content", occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
    ActivityFactory(member=ben, kind="code", occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
    ActivityFactory(member=cat, kind="content", occurred_at=datetime(2026, 4, 2, tzinfo=UTC))
    for _ in range(2):
        SignupAttributionFactory(
            member=MemberFactory(joined_at=datetime(2026, 2, 5, tzinfo=UTC)),
            referrer=ben,
            referral_code="BEN-222",
            referral_credited_at=datetime(2026, 2, 5, tzinfo=UTC),
        )
    return people


def test_the_proposals_rank_the_quarters_ambassadors(trio, django_assert_num_queries):
    with django_assert_num_queries(3):
        proposals = recognition_proposals(quarter=Q1)
    assert [p.display_name for p in proposals.by_content] == ["Ann", "Ben"]  # Cat's is April
    assert [p.display_name for p in proposals.by_referrals] == ["Ben"]
    assert [p.display_name for p in proposals.by_engagement] == ["Ann", "Ben"]


def test_the_badge_is_awarded_once_a_quarter(trio, manager):
    ann = trio["Ann"]
    now = datetime(2026, 4, 3, tzinfo=UTC)
    award = recognition_badge_award(
        member=ann, quarter=Q1, actor=manager, now=now, reason="Most content"
    )
    assert (award.badge.slug, award.occasion) == ("ambassador-of-the-quarter", "2026-Q1")
    with pytest.raises(DomainError, match="already has the badge"):
        recognition_badge_award(member=ann, quarter=Q1, actor=manager, now=now, reason="Again")
    assert BadgeAward.objects.count() == 1
    outsider = MemberFactory(joined_at=JOINED)
    with pytest.raises(DomainError, match="was not an ambassador in 2026-Q1"):
        recognition_badge_award(member=outsider, quarter=Q1, actor=manager, now=now, reason="x")


def test_one_compensation_review_per_ambassador_and_quarter(trio, manager, other_member):
    now = datetime(2026, 4, 3, tzinfo=UTC)
    ben = trio["Ben"]
    compensation_review_record(
        member=ben, quarter=Q1, outcome="increased", note="Stipend +10 %", actor=manager, now=now
    )
    compensation_review_record(
        member=ben, quarter=Q1, outcome="unchanged", note="", actor=manager, now=now
    )
    review = CompensationReview.objects.get()
    assert (review.outcome, review.quarter) == ("unchanged", Q1)
    with pytest.raises(DomainError, match="Only community managers"):
        compensation_review_record(
            member=ben, quarter=Q1, outcome="increased", note="", actor=other_member, now=now
        )


def test_quarter_labels_round_trip():
    assert quarter_label(date(2026, 10, 1)) == "2026-Q4"
    assert quarter_parse("2026-Q4") == date(2026, 10, 1)
    assert quarter_parse("2026-Q5") is None
    assert quarter_parse("nonsense") is None


def test_the_proposals_count_in_words(trio, client_for, manager):
    # "3 activity(s)" was on the page: each count now has its noun, singular or plural
    page = client_for(manager).get("/ambassadors/manage/recognition/?quarter=2026-Q1")
    text = " ".join(page.content.decode().split())
    assert "Ann: 3 pieces" in text
    assert "Ben: 1 piece<" in text
    assert "Ben: 2 referrals" in text
    assert "Ann: 3 activities" in text
    assert "Ben: 2 activities" in text
    assert "(s)" not in text
