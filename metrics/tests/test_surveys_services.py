"""Surveys: the constraints, creating, editing and closing (audited), answering once and only
when allowed, post-event surveys made for the follow-up email, and what leaving does."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambassadors.tests.factories import AmbassadorTermFactory
from events.models import EventStatus
from events.services.jobs import event_follow_ups_send
from events.tests.factories import EventFactory, RsvpFactory
from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.services.account import member_leave
from members.tests.factories import MemberFactory
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.selectors.surveys import (
    export_survey_answers,
    survey_refusal,
    surveys_open_for_member,
)
from metrics.services.surveys import (
    event_survey_get_or_create,
    event_survey_link,
    survey_answer,
    survey_close,
    survey_create,
    survey_update,
)
from metrics.tests.factories import NOW, SurveyAnswerFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def survey_values(**overrides) -> dict:
    return {
        "title": "March satisfaction",
        "kind": SurveyKind.SATISFACTION,
        "question": "How satisfied are you this month?",
        "comment_prompt": "What should we change?",
        "opens_at": NOW,
        "closes_at": NOW + timedelta(days=10),
        "event": None,
        **overrides,
    }


def held_event(**fields):
    fields = {
        "starts_at": NOW - timedelta(hours=3),
        "ends_at": NOW - timedelta(hours=1),
        **fields,
    }
    return EventFactory(**fields)


def checked_in(event, member):
    return RsvpFactory(event=event, member=member, checked_in_at=event.starts_at)


# --- Constraints ---------------------------------------------------------------------------------


def test_the_database_keeps_one_answer_per_member_and_survey(member):
    answer = SurveyAnswerFactory(member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswerFactory(survey=answer.survey, member=member)


@pytest.mark.parametrize(
    "fields",
    [
        {"closes_at": datetime(2026, 3, 1, tzinfo=UTC)},  # before it opens
        {"kind": SurveyKind.EVENT},  # a post-event survey without its event
    ],
)
def test_the_database_refuses_a_survey_that_makes_no_sense(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyFactory(**fields)


def test_the_database_refuses_scores_above_ten(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswerFactory(member=member, score=11)


def test_an_event_has_at_most_one_survey():
    event = held_event()
    SurveyFactory(kind=SurveyKind.EVENT, event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyFactory(kind=SurveyKind.EVENT, event=event)


# --- Managers' writes ----------------------------------------------------------------------------


def test_creating_a_survey_is_audited(manager):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    entry = AuditEntry.objects.get(action="survey.create")
    assert (entry.actor, entry.target_id) == (manager, str(survey.pk))
    assert audit_sentence(entry) == (
        "Marta Manager created the Monthly satisfaction (1-5) survey “March satisfaction”"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": NOW - timedelta(days=1)}, "A survey must close after it opens."),
        (
            {"opens_at": NOW - timedelta(days=10), "closes_at": NOW - timedelta(days=1)},
            "That closing time has already passed: a survey must close in the future.",
        ),
        (
            {"opens_at": NOW - timedelta(days=10), "closes_at": NOW},
            "That closing time has already passed",
        ),
        ({"kind": SurveyKind.EVENT}, "Choose the event a post-event survey is about."),
        ({"title": ""}, "Title: This field cannot be blank."),
    ],
)
def test_a_survey_that_makes_no_sense_gets_a_clear_message(manager, overrides, message):
    with pytest.raises(DomainError, match=message):
        survey_create(actor=manager, now=NOW, values=survey_values(**overrides))
    assert not Survey.objects.exists()
    assert not AuditEntry.objects.filter(action="survey.create").exists()


def test_an_event_gets_one_survey_even_from_a_manager(manager):
    event = held_event()
    survey_create(actor=manager, now=NOW, values=survey_values(kind=SurveyKind.EVENT, event=event))
    with pytest.raises(DomainError, match="That event already has its survey"):
        survey_create(
            actor=manager, now=NOW, values=survey_values(kind=SurveyKind.EVENT, event=event)
        )


def test_editing_names_the_changed_fields_in_the_audit_log(manager):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    survey_update(
        survey=survey,
        actor=manager,
        now=NOW,
        values=survey_values(title="Renamed", question="How is it going?"),
    )
    survey.refresh_from_db()
    assert (survey.title, survey.question) == ("Renamed", "How is it going?")
    entry = AuditEntry.objects.get(action="survey.edit")
    assert audit_sentence(entry) == ("Marta Manager changed the survey “Renamed” (title, question)")


def test_once_answered_the_kind_stays(manager, member):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    survey_answer(survey=survey, member=member, score=4, now=NOW + timedelta(hours=1))
    with pytest.raises(DomainError, match="its kind and event can no longer change"):
        survey_update(
            survey=survey, actor=manager, now=NOW, values=survey_values(kind=SurveyKind.NPS)
        )
    assert Survey.objects.get(pk=survey.pk).kind == SurveyKind.SATISFACTION


def test_an_open_survey_cannot_be_edited_to_close_in_the_past(manager):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    with pytest.raises(DomainError, match="That closing time has already passed"):
        survey_update(
            survey=survey,
            actor=manager,
            now=NOW + timedelta(days=2),
            values=survey_values(closes_at=NOW + timedelta(days=1)),
        )
    assert Survey.objects.get(pk=survey.pk).closes_at == NOW + timedelta(days=10)
    # while its other fields still change, its closing time untouched
    later = NOW + timedelta(days=2)
    survey_update(survey=survey, actor=manager, now=later, values=survey_values(title="Renamed"))
    assert Survey.objects.get(pk=survey.pk).title == "Renamed"


def test_a_closed_survey_cannot_be_edited(manager):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    later = survey.closes_at + timedelta(minutes=1)
    with pytest.raises(DomainError, match="its results are final"):
        survey_update(survey=survey, actor=manager, now=later, values=survey_values(title="X"))
    assert Survey.objects.get(pk=survey.pk).title == "March satisfaction"


def test_closing_early_ends_the_survey_now_and_is_audited(manager, member):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    when = NOW + timedelta(days=2)
    survey_close(survey=survey, actor=manager, now=when)
    survey.refresh_from_db()
    assert survey.closes_at == when
    assert audit_sentence(AuditEntry.objects.get(action="survey.close")) == (
        "Marta Manager closed the survey “March satisfaction” early"
    )
    with pytest.raises(DomainError, match="has closed"):
        survey_answer(survey=survey, member=member, score=5, now=when)
    with pytest.raises(DomainError, match="already closed"):
        survey_close(survey=survey, actor=manager, now=when + timedelta(hours=1))


def test_a_survey_that_has_not_opened_cannot_be_closed(manager):
    survey = survey_create(actor=manager, now=NOW, values=survey_values())
    with pytest.raises(DomainError, match="has not opened yet"):
        survey_close(survey=survey, actor=manager, now=NOW - timedelta(hours=1))
    assert Survey.objects.get(pk=survey.pk).closes_at == NOW + timedelta(days=10)


# --- Answering -----------------------------------------------------------------------------------


def test_a_member_answers_once_and_the_second_try_changes_nothing(member):
    survey = SurveyFactory()
    survey_answer(survey=survey, member=member, score=5, comment=" Great! ", now=NOW)
    with pytest.raises(DomainError, match="already answered this survey; your first answer"):
        survey_answer(survey=survey, member=member, score=1, comment="Bad", now=NOW)
    assert list(SurveyAnswer.objects.values_list("score", "comment")) == [(5, "Great!")]


def test_the_constraint_decides_when_the_check_was_passed_by_a_second_post(member):
    """The double post's race: the check saw no answer, the insert meets the first one."""
    survey = SurveyFactory()
    SurveyAnswerFactory(survey=survey, member=member, score=2)
    with pytest.raises(DomainError) as refused:
        survey_answer(survey=survey, member=member, score=5, now=NOW)
    assert refused.value.code == "already_answered"
    assert SurveyAnswer.objects.get().score == 2


@pytest.mark.parametrize(
    ("now", "code"),
    [
        (datetime(2026, 2, 28, tzinfo=UTC), "not_open"),
        (datetime(2026, 3, 25, 8, 0, tzinfo=UTC), "survey_closed"),  # the closing instant
    ],
)
def test_only_while_open(member, now, code):
    with pytest.raises(DomainError) as refused:
        survey_answer(survey=SurveyFactory(), member=member, score=4, now=now)
    assert refused.value.code == code
    assert not SurveyAnswer.objects.exists()


def test_only_current_members(member):
    member = member_leave(member=member, now=NOW - timedelta(days=1))
    with pytest.raises(DomainError, match="Only current members can answer surveys"):
        survey_answer(survey=SurveyFactory(), member=member, score=4, now=NOW)
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize(
    ("kind", "score", "message"),
    [
        (SurveyKind.SATISFACTION, 0, "Choose a score from 1 to 5."),
        (SurveyKind.SATISFACTION, 6, "Choose a score from 1 to 5."),
        (SurveyKind.NPS, 11, "Choose a score from 0 to 10."),
    ],
)
def test_the_score_must_be_on_the_survey_scale(member, kind, score, message):
    with pytest.raises(DomainError, match=message):
        survey_answer(survey=SurveyFactory(kind=kind), member=member, score=score, now=NOW)
    assert not SurveyAnswer.objects.exists()


def test_nps_takes_zero(member):
    survey_answer(survey=SurveyFactory(kind=SurveyKind.NPS), member=member, score=0, now=NOW)
    assert SurveyAnswer.objects.get().score == 0


def test_a_survey_without_a_comment_prompt_takes_no_comment(member):
    survey = SurveyFactory(comment_prompt="")
    with pytest.raises(DomainError, match="This survey takes no comment"):
        survey_answer(survey=survey, member=member, score=3, comment="Hi", now=NOW)
    survey_answer(survey=survey, member=member, score=3, comment="  ", now=NOW)
    assert SurveyAnswer.objects.get().comment == ""


def test_only_checked_in_attendees_answer_a_post_event_survey(member, other_member):
    # Given an event the member checked in at and the other member only RSVPed to
    event = held_event()
    checked_in(event, member)
    RsvpFactory(event=event, member=other_member)
    survey = SurveyFactory(kind=SurveyKind.EVENT, event=event)
    # Then only the member may answer
    with pytest.raises(DomainError, match="Only members who checked in at this event"):
        survey_answer(survey=survey, member=other_member, score=4, now=NOW)
    survey_answer(survey=survey, member=member, score=4, now=NOW)
    assert list(SurveyAnswer.objects.values_list("member", flat=True)) == [member.pk]
    assert [s.pk for s in surveys_open_for_member(member=other_member, now=NOW)] == []


def test_only_current_ambassadors_answer_an_ambassador_survey(member, other_member):
    # Given a current ambassador, a former one (term ended yesterday) and a plain member
    ambassador = MemberFactory()
    AmbassadorTermFactory(member=ambassador, starts_at=NOW - timedelta(days=30))
    AmbassadorTermFactory(
        member=other_member,
        starts_at=NOW - timedelta(days=400),
        ends_at=NOW - timedelta(days=1),
    )
    survey = SurveyFactory(kind=SurveyKind.AMBASSADOR_NPS)
    # Then only the current ambassador sees it and may answer it
    assert surveys_open_for_member(member=ambassador, now=NOW) == [survey]
    survey_answer(survey=survey, member=ambassador, score=9, now=NOW)
    for outsider in (member, other_member):
        refusal = survey_refusal(survey=survey, member=outsider, now=NOW)
        assert (refusal.code, refusal.status_code) == ("not_ambassador", 403)
        with pytest.raises(DomainError, match="Only current ambassadors can answer this survey"):
            survey_answer(survey=survey, member=outsider, score=9, now=NOW)
        assert surveys_open_for_member(member=outsider, now=NOW) == []
    assert list(SurveyAnswer.objects.values_list("member", flat=True)) == [ambassador.pk]


def test_an_ambassador_who_left_the_community_is_no_longer_asked(member):
    AmbassadorTermFactory(member=member, starts_at=NOW - timedelta(days=30))
    survey = SurveyFactory(kind=SurveyKind.AMBASSADOR_NPS)
    member = member_leave(member=member, now=NOW - timedelta(hours=1))
    assert survey_refusal(survey=survey, member=member, now=NOW).code == "not_member"


def test_members_see_the_open_surveys_they_may_answer_and_have_not(member):
    # Given an open survey, one answered, one closed, one upcoming and an NPS one
    first = SurveyFactory(closes_at=datetime(2026, 3, 10, tzinfo=UTC))
    answered = SurveyFactory()
    SurveyAnswerFactory(survey=answered, member=member)
    SurveyFactory(closes_at=datetime(2026, 3, 3, tzinfo=UTC))
    SurveyFactory(opens_at=datetime(2026, 3, 5, tzinfo=UTC))
    nps = SurveyFactory(kind=SurveyKind.NPS)
    # Then the open, unanswered ones are listed, closing soonest first
    assert surveys_open_for_member(member=member, now=NOW) == [first, nps]


# --- Post-event surveys for the follow-up email ---------------------------------------------


def test_a_held_event_gets_one_survey_however_often_it_is_asked():
    event = held_event()
    first = event_survey_get_or_create(event=event, now=NOW)
    again = event_survey_get_or_create(event=event, now=NOW + timedelta(hours=1))
    assert first == again
    assert (first.kind, first.opens_at, first.created_by) == (SurveyKind.EVENT, event.ends_at, None)
    assert first.closes_at == NOW + timedelta(days=14)
    assert Survey.objects.count() == 1
    assert audit_sentence(AuditEntry.objects.get(action="survey.create")) == (
        f"The system created the Post-event satisfaction (1-5) survey “After {event.title}”"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": EventStatus.CANCELLED},
        {"status": EventStatus.DRAFT},
        {"starts_at": NOW + timedelta(hours=1), "ends_at": NOW + timedelta(hours=2)},
    ],
)
def test_an_event_that_was_not_held_gets_no_survey(fields):
    assert event_survey_get_or_create(event=held_event(**fields), now=NOW) is None
    assert not Survey.objects.exists()


def test_a_managers_survey_of_the_event_is_the_one_linked(manager):
    event = held_event()
    own = survey_create(
        actor=manager,
        now=NOW,
        values=survey_values(kind=SurveyKind.EVENT, event=event, title="Workshop feedback"),
    )
    assert event_survey_get_or_create(event=event, now=NOW) == own


def test_the_follow_up_email_carries_the_absolute_survey_link(settings, member):
    # Given a checked-in attendee of an event that ended an hour ago (the link provider reads
    # the clock, as the follow-up job runs it)
    settings.SITE_URL = "https://hub.example.org"
    now = timezone.now()
    event = held_event(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    checked_in(event, member)
    # When the follow-up job runs
    event_follow_ups_send(now=now)
    # Then the email links the event's new survey, which the attendee may answer
    survey = Survey.objects.get(event=event)
    assert f"https://hub.example.org/metrics/surveys/{survey.pk}/" in mail.outbox[0].body
    assert survey_refusal(survey=survey, member=member, now=timezone.now()) is None


def test_no_link_for_an_event_whose_survey_has_closed(member):
    event = held_event(starts_at=NOW - timedelta(days=40), ends_at=NOW - timedelta(days=39))
    SurveyFactory(
        kind=SurveyKind.EVENT,
        event=event,
        opens_at=event.ends_at,
        closes_at=event.ends_at + timedelta(days=1),
    )
    assert event_survey_link(event=event, member=member) is None


# --- Your data and leaving ---------------------------------------------------------------------


def test_leaving_erases_comments_and_keeps_scores(member, other_member):
    survey = SurveyFactory()
    survey_answer(survey=survey, member=member, score=2, comment="Too few events", now=NOW)
    survey_answer(survey=survey, member=other_member, score=5, comment="Lovely", now=NOW)
    member_leave(member=member, now=NOW + timedelta(days=1))
    assert sorted(SurveyAnswer.objects.values_list("score", "comment")) == [
        (2, ""),
        (5, "Lovely"),
    ]


def test_the_export_lists_the_members_answers_and_comments(member, other_member):
    survey = SurveyFactory(title="March")
    survey_answer(survey=survey, member=member, score=4, comment="Good", now=NOW)
    survey_answer(survey=survey, member=other_member, score=1, comment="Not me", now=NOW)
    assert export_survey_answers(member) == [
        {
            "survey": "March",
            "kind": "satisfaction",
            "question": survey.question,
            "score": 4,
            "comment": "Good",
            "answered_at": NOW,
        }
    ]
