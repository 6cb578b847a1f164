"""The demo's surveys: a year of monthly satisfaction and NPS surveys with answers, this month's
survey open for the demo member, post-event surveys answered only by attendees, an ambassador
NPS survey once there are ambassadors; deterministic and safe to run twice."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Rsvp
from hub.core.extension_points import DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import month_bounds, month_of, previous_month
from members.models import User
from metrics.demo_surveys import seed_surveys
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.selectors.surveys import surveys_open_for_member

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int]:
    return Survey.objects.count(), SurveyAnswer.objects.count()


def test_the_demo_surveys(capsys):
    call_command("seed_demo", "--members", "24", "--seed", "7")
    now = timezone.now()
    # A satisfaction and an NPS survey closing in each of the past twelve months
    month = month_of(now)
    for _ in range(12):
        month = previous_month(month)
        start, end = month_bounds(month)
        kinds = set(
            Survey.objects.filter(closes_at__gte=start, closes_at__lt=end).values_list(
                "kind", flat=True
            )
        )
        assert {SurveyKind.SATISFACTION, SurveyKind.NPS} <= kinds, month
    # This month's survey is open, and the demo member has it waiting
    demo_member = User.objects.get(email=DEMO_MEMBER_EMAIL)
    assert [s.kind for s in surveys_open_for_member(member=demo_member, now=now)] == [
        SurveyKind.SATISFACTION
    ]
    # Post-event surveys exist and only checked-in attendees answered them
    event_answers = SurveyAnswer.objects.filter(survey__kind=SurveyKind.EVENT)
    assert event_answers.exists()
    for answer in event_answers.select_related("survey"):
        assert Rsvp.objects.filter(
            event_id=answer.survey.event_id, member_id=answer.member_id, checked_in_at__isnull=False
        ).exists()
    # A second run adds nothing
    before = counts()
    call_command("seed_demo", "--members", "24", "--seed", "7")
    assert counts() == before
    # The ambassadors' demo step made ambassadors, so last month's ambassador NPS survey is
    # there, answered, and a further run of the surveys step adds it no second time
    survey = Survey.objects.get(kind=SurveyKind.AMBASSADOR_NPS)
    assert survey.closes_at < now
    assert survey.answers.exists()
    context = DemoContext(rng=random.Random(7), now=now, member_count=24, progress=print)
    before = counts()
    assert "was there already" in seed_surveys(context=context)
    assert counts() == before
