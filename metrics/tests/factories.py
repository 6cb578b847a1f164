"""Factories for metrics: surveys (a monthly satisfaction survey open through March 2026 by
default) and answers."""

from datetime import UTC, datetime

import factory

from members.tests.factories import UserFactory
from metrics.models import Survey, SurveyAnswer, SurveyKind

#: Tests pin time here: Wednesday 4 March 2026, 12:00 UTC (14:00 in Kyiv), as the events tests.
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Survey {n}")
    kind = SurveyKind.SATISFACTION
    question = "How satisfied are you with the community this month?"
    comment_prompt = "What should we change?"
    opens_at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    closes_at = datetime(2026, 3, 25, 8, 0, tzinfo=UTC)
    created_at = datetime(2026, 2, 27, 8, 0, tzinfo=UTC)


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    """An answer written straight to the table (the service is tested on its own); its member
    is an account that need not have joined, which is all the aggregates look at."""

    class Meta:
        model = SurveyAnswer

    survey = factory.SubFactory(SurveyFactory)
    member = factory.SubFactory(UserFactory)
    score = 4
    comment = ""
    answered_at = factory.LazyAttribute(lambda o: o.survey.opens_at)


def answer_scores(survey: Survey, scores: list[int]) -> list[SurveyAnswer]:
    """One answer per score, each by a different account."""
    return [SurveyAnswerFactory(survey=survey, score=score) for score in scores]
