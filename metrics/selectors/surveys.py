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

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower

from ambassadors.selectors.terms import ambassadors_current
from events.models import Rsvp
from hub.core.errors import DomainError, NotFound
from members.selectors.membership import NotAMember, member_is_current
from metrics.models.surveys import SATISFACTION_KINDS, Survey, SurveyAnswer, SurveyKind

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


# --- Who may answer what -----------------------------------------------------------------------


def _ambassador_condition(*, member, now: datetime) -> Q:
    """Surveys of kind `ambassador_nps` are open to current ambassadors only: the ambassadors
    app's one definition (`ambassadors_current`: a current member with a term covering now)."""
    return Q(Exists(ambassadors_current(now=now).filter(pk=member.pk)))


def _audience_condition(*, member, now: datetime) -> Q:
    """The surveys whose audience includes `member` (a current member): everyone for monthly
    satisfaction and NPS, the event's checked-in attendees for a post-event survey, current
    ambassadors for ambassador NPS. One condition, used by the list and the single check."""
    checked_in = Exists(
        Rsvp.objects.filter(event=OuterRef("event"), member=member, checked_in_at__isnull=False)
    )
    return (
        Q(kind__in=[SurveyKind.SATISFACTION, SurveyKind.NPS])
        | (Q(kind=SurveyKind.EVENT) & Q(checked_in))
        | (Q(kind=SurveyKind.AMBASSADOR_NPS) & _ambassador_condition(member=member, now=now))
    )


def surveys_open_at(now: datetime):
    return Survey.objects.filter(opens_at__lte=now, closes_at__gt=now)


def surveys_open_for_member(*, member, now: datetime, limit: int | None = None) -> list[Survey]:
    """Open surveys `member` may answer and has not answered, closing soonest first; none for
    someone who is not a current member. One query."""
    if not member_is_current(member, now=now):
        return []
    surveys = (
        surveys_open_at(now)
        .filter(_audience_condition(member=member, now=now))
        .exclude(answers__member=member)
        .select_related("event")
        .order_by("closes_at", "pk")
    )
    return list(surveys[:limit] if limit else surveys)


class NotInAudience(DomainError):
    """The survey is for other people (another event's attendees, the ambassadors)."""

    status_code = 403


def survey_refusal(*, survey: Survey, member, now: datetime) -> DomainError | None:
    """Why `member` may not answer `survey` now (a DomainError to show or raise), or None."""
    if not member_is_current(member, now=now):
        return NotAMember("answer surveys")
    if now < survey.opens_at:
        return DomainError("This survey is not open yet.", code="not_open")
    if now >= survey.closes_at:
        return DomainError(
            "This survey has closed: it no longer takes answers.", code="survey_closed"
        )
    in_audience = (
        Survey.objects.filter(pk=survey.pk)
        .filter(_audience_condition(member=member, now=now))
        .exists()
    )
    if not in_audience:
        if survey.kind == SurveyKind.EVENT:
            return NotInAudience(
                "Only members who checked in at this event can answer its survey.",
                code="not_attendee",
            )
        return NotInAudience(
            "Only current ambassadors can answer this survey.", code="not_ambassador"
        )
    if SurveyAnswer.objects.filter(survey=survey, member=member).exists():
        return already_answered()
    return None


def already_answered() -> DomainError:
    return DomainError(
        "You have already answered this survey; your first answer stands.",
        code="already_answered",
    )


def member_answer(*, survey: Survey, member) -> SurveyAnswer | None:
    """The member's own answer to the survey, to show them what they said."""
    if not getattr(member, "is_authenticated", False):
        return None
    return SurveyAnswer.objects.filter(survey=survey, member=member).first()


def member_recent_answers(*, member, limit: int = 10) -> list[SurveyAnswer]:
    return list(
        SurveyAnswer.objects.filter(member=member)
        .select_related("survey")
        .order_by("-answered_at", "-pk")[:limit]
    )


def survey_visible_to_member(*, pk: int, now: datetime) -> Survey:
    """A survey members may look at: one that has opened (an upcoming one is the managers'
    draft, so it answers 404 like one that does not exist)."""
    survey = Survey.objects.select_related("event").filter(pk=pk, opens_at__lte=now).first()
    if survey is None:
        raise NotFound("No such survey.")
    return survey


# --- Results for the managers ------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreCount:
    score: int
    count: int
    share: float  # of all the survey's answers, 0..1


@dataclass(frozen=True)
class SurveyResults:
    """What managers see of a survey: counts, the distribution over the whole scale, the
    satisfaction share or NPS, and the comments, with nothing that says who wrote them."""

    survey: Survey
    answers: int
    distribution: list[ScoreCount]
    satisfaction: float | None
    nps: float | None
    promoters: int
    passives: int
    detractors: int
    comments: list[str]


def _score_counts() -> dict:
    return {
        "answer_count": Count("answers"),
        "satisfied_count": Count("answers", filter=Q(answers__score__gte=SATISFIED_FROM)),
        "promoter_count": Count("answers", filter=Q(answers__score__gte=PROMOTER_FROM)),
        "detractor_count": Count("answers", filter=Q(answers__score__lte=DETRACTOR_UP_TO)),
    }


def survey_headline(survey: Survey) -> float | None:
    """The survey's one figure from counts annotated by `surveys_for_managers`: the
    satisfaction share of a 1-5 survey, the NPS of a 0-10 one."""
    if survey.is_nps:
        return net_promoter_score(
            promoters=survey.promoter_count,
            detractors=survey.detractor_count,
            answers=survey.answer_count,
        )
    return satisfaction_share(satisfied=survey.satisfied_count, answers=survey.answer_count)


def surveys_for_managers():
    """Every survey, newest closing first, with its answer counts: one query for any number."""
    return (
        Survey.objects.select_related("event")
        .annotate(**_score_counts())
        .order_by("-closes_at", "-pk")
    )


def survey_results(*, survey: Survey) -> SurveyResults:
    """Two queries: the distribution (grouped by score) and the comments. Comments are sorted
    alphabetically, with no date and no name, so their order says nothing about who wrote
    them or when."""
    counts = dict(
        SurveyAnswer.objects.filter(survey=survey)
        .values_list("score")
        .annotate(count=Count("pk"))
        .values_list("score", "count")
    )
    answers = sum(counts.values())
    distribution = [
        ScoreCount(
            score=score,
            count=counts.get(score, 0),
            share=counts.get(score, 0) / answers if answers else 0.0,
        )
        for score in survey.scale
    ]
    promoters = sum(counts.get(score, 0) for score in range(PROMOTER_FROM, 11))
    detractors = sum(counts.get(score, 0) for score in range(DETRACTOR_UP_TO + 1))
    satisfied = sum(counts.get(score, 0) for score in range(SATISFIED_FROM, 6))
    comments = list(
        SurveyAnswer.objects.filter(survey=survey)
        .exclude(comment="")
        .order_by(Lower("comment"), "comment")
        .values_list("comment", flat=True)
    )
    return SurveyResults(
        survey=survey,
        answers=answers,
        distribution=distribution,
        satisfaction=None
        if survey.is_nps
        else satisfaction_share(satisfied=satisfied, answers=answers),
        nps=net_promoter_score(promoters=promoters, detractors=detractors, answers=answers)
        if survey.is_nps
        else None,
        promoters=promoters if survey.is_nps else 0,
        passives=answers - promoters - detractors if survey.is_nps else 0,
        detractors=detractors if survey.is_nps else 0,
        comments=comments,
    )


def ambassador_survey_last_closed(*, now: datetime) -> Survey | None:
    """The ambassador NPS survey that closed last before `now`, with its counts annotated."""
    return (
        surveys_for_managers()
        .filter(kind=SurveyKind.AMBASSADOR_NPS, closes_at__lte=now)
        .order_by("-closes_at", "-pk")
        .first()
    )


# --- A member's own data -----------------------------------------------------------------------


def export_survey_answers(member) -> list[dict]:
    """The member's answers with their comments, for "Your data"."""
    return [
        {
            "survey": answer.survey.title,
            "kind": answer.survey.kind,
            "question": answer.survey.question,
            "score": answer.score,
            "comment": answer.comment,
            "answered_at": answer.answered_at,
        }
        for answer in SurveyAnswer.objects.filter(member=member)
        .select_related("survey")
        .order_by("answered_at", "pk")
    ]
