"""The month's satisfaction and NPS (`survey_month_scores`) and the ambassador NPS, on
hand-computed fixtures: which kinds count, the month a survey belongs to (the one it closes in,
in Europe/Kyiv, across daylight-saving changes) and the edge cases of NPS."""

from datetime import UTC, date, datetime, timedelta

import pytest

from events.tests.factories import EventFactory
from hub.core.timeutils import month_bounds
from members.services.account import member_leave
from members.tests.factories import MemberFactory
from metrics.models import SurveyKind
from metrics.selectors.surveys import (
    net_promoter_score,
    survey_ambassador_nps,
    survey_month_scores,
)
from metrics.tests.factories import SurveyFactory, answer_scores

pytestmark = pytest.mark.django_db

MARCH = month_bounds(date(2026, 3, 1))
EMPTY = {"satisfaction": None, "satisfaction_answers": 0, "nps": None, "nps_answers": 0}


def closing(kind: str, closes_at: datetime, **fields):
    return SurveyFactory(
        kind=kind, opens_at=closes_at - timedelta(days=10), closes_at=closes_at, **fields
    )


def test_a_month_without_surveys_has_no_figures():
    assert survey_month_scores(start=MARCH[0], end=MARCH[1]) == EMPTY


def test_satisfaction_counts_monthly_and_post_event_answers_of_four_or_five():
    # Given a monthly survey (5, 4, 3, 1) and a post-event survey (4, 2) closing in March
    monthly = closing(SurveyKind.SATISFACTION, datetime(2026, 3, 20, tzinfo=UTC))
    answer_scores(monthly, [5, 4, 3, 1])
    after_event = closing(SurveyKind.EVENT, datetime(2026, 3, 10, tzinfo=UTC), event=EventFactory())
    answer_scores(after_event, [4, 2])
    # When March's figures are read
    scores = survey_month_scores(start=MARCH[0], end=MARCH[1])
    # Then 3 of the 6 answers score 4 or 5, and there is no NPS
    assert scores == {"satisfaction": 0.5, "satisfaction_answers": 6, "nps": None, "nps_answers": 0}


def test_nps_is_promoters_minus_detractors_with_passives_in_the_total():
    # Given 10 NPS answers: promoters 10, 9, 9, 10 (4); passives 7, 8 (2); detractors 6, 0, 3, 6 (4)
    survey = closing(SurveyKind.NPS, datetime(2026, 3, 31, tzinfo=UTC))
    answer_scores(survey, [10, 9, 9, 10, 7, 8, 6, 0, 3, 6])
    # Then NPS = 40 % - 40 % = 0; with one more promoter: 5/11 - 4/11 = 9.09…
    assert survey_month_scores(start=MARCH[0], end=MARCH[1])["nps"] == 0
    answer_scores(survey, [9])
    scores = survey_month_scores(start=MARCH[0], end=MARCH[1])
    assert scores["nps"] == pytest.approx(100 / 11)
    assert scores["nps_answers"] == 11
    assert scores["satisfaction"] is None


def test_all_passives_give_zero_and_all_promoters_a_hundred():
    passives = closing(SurveyKind.NPS, datetime(2026, 3, 15, tzinfo=UTC))
    answer_scores(passives, [7, 8, 7])
    assert survey_month_scores(start=MARCH[0], end=MARCH[1])["nps"] == 0
    assert net_promoter_score(promoters=3, detractors=0, answers=3) == 100
    assert net_promoter_score(promoters=0, detractors=2, answers=2) == -100
    assert net_promoter_score(promoters=0, detractors=0, answers=0) is None


def test_ambassador_nps_is_kept_apart_from_the_community_figures():
    # Given an ambassador NPS survey (10, 10, 5) and a community NPS survey (10, 0) in March
    ambassadors = closing(SurveyKind.AMBASSADOR_NPS, datetime(2026, 3, 12, tzinfo=UTC))
    answer_scores(ambassadors, [10, 10, 5])
    community = closing(SurveyKind.NPS, datetime(2026, 3, 12, tzinfo=UTC))
    answer_scores(community, [10, 0])
    # Then each NPS rests only on its own answers
    assert survey_month_scores(start=MARCH[0], end=MARCH[1])["nps"] == 0
    assert survey_month_scores(start=MARCH[0], end=MARCH[1])["nps_answers"] == 2
    ambassador = survey_ambassador_nps(start=MARCH[0], end=MARCH[1])
    assert ambassador == {"nps": pytest.approx(100 / 3), "nps_answers": 3}


@pytest.mark.parametrize(
    ("month", "last_instant_utc"),
    [
        # Kyiv moves to summer time on 29 March 2026: March ends at 00:00 EEST = 21:00 UTC.
        (date(2026, 3, 1), datetime(2026, 3, 31, 20, 59, 59, tzinfo=UTC)),
        # Back to winter time on 25 October 2026: October ends at 00:00 EET = 22:00 UTC.
        (date(2026, 10, 1), datetime(2026, 10, 31, 21, 59, 59, tzinfo=UTC)),
    ],
)
def test_a_survey_counts_in_the_kyiv_month_it_closes_in_across_daylight_saving(
    month, last_instant_utc
):
    # Given one survey closing at the month's last second and one at the next month's first
    first_of_next = last_instant_utc + timedelta(seconds=1)
    answer_scores(closing(SurveyKind.SATISFACTION, last_instant_utc), [5, 5])
    answer_scores(closing(SurveyKind.SATISFACTION, first_of_next), [1])
    start, end = month_bounds(month)
    assert end == first_of_next
    # Then the month counts the first survey only, and the next month the second only
    assert survey_month_scores(start=start, end=end)["satisfaction"] == 1.0
    assert survey_month_scores(start=start, end=end)["satisfaction_answers"] == 2
    following = month_bounds(end)
    assert survey_month_scores(start=following[0], end=following[1])["satisfaction"] == 0.0


def test_a_survey_opened_in_one_month_counts_in_the_month_it_closes():
    survey = SurveyFactory(
        opens_at=datetime(2026, 2, 20, tzinfo=UTC), closes_at=datetime(2026, 3, 5, tzinfo=UTC)
    )
    answer_scores(survey, [5])
    february = month_bounds(date(2026, 2, 1))
    assert survey_month_scores(start=february[0], end=february[1]) == EMPTY
    assert survey_month_scores(start=MARCH[0], end=MARCH[1])["satisfaction_answers"] == 1


def test_scores_are_one_query(django_assert_num_queries):
    answer_scores(closing(SurveyKind.NPS, datetime(2026, 3, 12, tzinfo=UTC)), [9, 3])
    with django_assert_num_queries(1):
        survey_month_scores(start=MARCH[0], end=MARCH[1])


def test_a_past_month_does_not_change_when_an_answerer_leaves():
    # Given a March NPS survey answered 10 by a member who then leaves
    survey = closing(SurveyKind.NPS, datetime(2026, 3, 12, tzinfo=UTC))
    leaver = MemberFactory()
    answer_scores(survey, [0])
    survey.answers.create(member=leaver, score=10, comment="Great", answered_at=survey.opens_at)
    before = survey_month_scores(start=MARCH[0], end=MARCH[1])
    member_leave(member=leaver, now=datetime(2026, 4, 2, tzinfo=UTC))
    # Then March's figures are the same
    assert (
        survey_month_scores(start=MARCH[0], end=MARCH[1])
        == before
        == {
            "satisfaction": None,
            "satisfaction_answers": 0,
            "nps": 0.0,
            "nps_answers": 2,
        }
    )
