"""Reads of surveys: the month's satisfaction and NPS (for the monthly snapshot), the ambassador
NPS, and who may answer what.

Which kinds count where (the definitions the monthly snapshot and docs/metrics.md use):

- *Community surveys* are the kinds `satisfaction` (the monthly question, 1-5), `event` (after an
  event, 1-5, answered only by its checked-in attendees) and `nps` (0-10).
- A month's **satisfaction** rests on the answers to its `satisfaction` and `event` surveys; its
  **NPS** on the answers to its `nps` surveys.
- `ambassador_nps` surveys (0-10, answered only by current ambassadors) measure the ambassador
  programme and count in neither: `survey_ambassador_nps` reports them apart.
- A survey belongs to the month in which it *closes* (`start <= closes_at < end`), whenever its
  answers arrived: a month's figures rest on its surveys' answers, however late they came.
"""

from datetime import datetime

from django.db.models import Count, Q

from metrics.models.surveys import SATISFACTION_KINDS, SurveyAnswer, SurveyKind

#: Scores that make an answer "satisfied" (of 1-5) and an NPS promoter or detractor (of 0-10).
SATISFIED_FROM = 4
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


def satisfaction_share(*, satisfied: int, answers: int) -> float | None:
    """The share (0..1) of answers scoring 4 or 5 of 5; None without answers."""
    return satisfied / answers if answers else None


def net_promoter_score(*, promoters: int, detractors: int, answers: int) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), passives (7-8) counted in the total:
    -100..100; None without answers. All passives give 0."""
    return 100 * (promoters - detractors) / answers if answers else None


def _nps_counts(kind_filter: Q) -> dict:
    return {
        "nps_answers": Count("pk", filter=kind_filter),
        "nps_promoters": Count("pk", filter=kind_filter & Q(score__gte=PROMOTER_FROM)),
        "nps_detractors": Count("pk", filter=kind_filter & Q(score__lte=DETRACTOR_UP_TO)),
    }


def _closing_between(start: datetime, end: datetime):
    return SurveyAnswer.objects.filter(survey__closes_at__gte=start, survey__closes_at__lt=end)


def survey_month_scores(*, start: datetime, end: datetime) -> dict:
    """The community's satisfaction and NPS for the surveys closing in [start, end).

    The caller passes the month's bounds in the community's time zone
    (`hub.core.timeutils.month_bounds`). One aggregate query over the answers:

    - `satisfaction`: of the answers to `satisfaction` and `event` surveys closing in the
      window, the share (0..1) scoring 4 or 5 of 5; None when there are none.
    - `satisfaction_answers`: how many such answers.
    - `nps`: of the answers to `nps` surveys closing in the window, % promoters (9-10) minus %
      detractors (0-6), passives (7-8) in the total, so -100..100; None when there are none.
    - `nps_answers`: how many such answers.

    A member who has left keeps their scores here (only their comments are erased), so a past
    month never changes when someone leaves.
    """
    satisfaction_filter = Q(survey__kind__in=SATISFACTION_KINDS)
    row = _closing_between(start, end).aggregate(
        satisfaction_answers=Count("pk", filter=satisfaction_filter),
        satisfied=Count("pk", filter=satisfaction_filter & Q(score__gte=SATISFIED_FROM)),
        **_nps_counts(Q(survey__kind=SurveyKind.NPS)),
    )
    return {
        "satisfaction": satisfaction_share(
            satisfied=row["satisfied"], answers=row["satisfaction_answers"]
        ),
        "satisfaction_answers": row["satisfaction_answers"],
        "nps": net_promoter_score(
            promoters=row["nps_promoters"],
            detractors=row["nps_detractors"],
            answers=row["nps_answers"],
        ),
        "nps_answers": row["nps_answers"],
    }


def survey_ambassador_nps(*, start: datetime, end: datetime) -> dict:
    """The ambassador programme's NPS for the `ambassador_nps` surveys closing in [start, end):
    `{"nps": float | None, "nps_answers": int}`, defined as in `survey_month_scores` (%
    promoters 9-10 minus % detractors 0-6, -100..100, None without answers)."""
    row = _closing_between(start, end).aggregate(
        **_nps_counts(Q(survey__kind=SurveyKind.AMBASSADOR_NPS))
    )
    return {
        "nps": net_promoter_score(
            promoters=row["nps_promoters"],
            detractors=row["nps_detractors"],
            answers=row["nps_answers"],
        ),
        "nps_answers": row["nps_answers"],
    }
