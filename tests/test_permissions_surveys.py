"""Who may open or do what on every URL of the surveys and the weekly digest.

Roles: anonymous, a member (checked in at the event whose survey is open, and a current
ambassador), an outsider (a member who may not answer that post-event survey, since they did not
check in, nor the ambassadors' survey), and a community manager (neither checked in nor an
ambassador). The format and its outcomes ("login", "302=", …) are described in
`tests/permissions.py`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassadors.tests.factories import AmbassadorTermFactory
from events.tests.factories import EventFactory, RsvpFactory
from members.models import Profile
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.services.digests import digest_unsubscribe_token
from metrics.tests.factories import SurveyAnswerFactory, SurveyFactory
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "outsider", "manager")


def build() -> World:
    people = people_build(ROLES)
    now = timezone.now()
    day = timedelta(days=1)
    open_survey = SurveyFactory(title="Open", opens_at=now - day, closes_at=now + 5 * day)
    event = EventFactory(starts_at=now - 3 * day, ends_at=now - 3 * day + timedelta(hours=2))
    RsvpFactory(event=event, member=people["member"], checked_in_at=event.starts_at)
    RsvpFactory(event=event, member=people["outsider"])
    event_survey = SurveyFactory(
        kind=SurveyKind.EVENT, event=event, opens_at=event.ends_at, closes_at=now + 5 * day
    )
    AmbassadorTermFactory(member=people["member"], starts_at=now - 30 * day)
    ambassador_survey = SurveyFactory(
        kind=SurveyKind.AMBASSADOR_NPS, opens_at=now - day, closes_at=now + 5 * day
    )
    closed = SurveyFactory(title="Closed", opens_at=now - 9 * day, closes_at=now - day)
    SurveyAnswerFactory(survey=closed, member=people["member"], score=4, comment="Fine")
    upcoming = SurveyFactory(opens_at=now + day, closes_at=now + 5 * day)
    Profile.objects.filter(user=people["member"]).update(newsletter_opt_in=True)
    return World(
        people=people,
        placeholders={
            "open": open_survey.pk,
            "event_survey": event_survey.pk,
            "ambassador_survey": ambassador_survey.pk,
            "closed": closed.pk,
            "upcoming": upcoming.pk,
            "token": digest_unsubscribe_token(people["member"]),
        },
        open=open_survey,
        event_survey=event_survey,
        ambassador_survey=ambassador_survey,
        closed=closed,
        member=people["member"],
    )


world = world_fixture(build)


# --- Effects -------------------------------------------------------------------------------------


def answers(name: str):
    def effect(world):
        return sorted(
            SurveyAnswer.objects.filter(survey=getattr(world, name)).values_list(
                "member__email", "score"
            )
        )

    return effect


def surveys(world):
    return sorted(Survey.objects.values_list("title", flat=True))


def survey_fields(name: str, *fields: str):
    def effect(world):
        return Survey.objects.filter(pk=getattr(world, name).pk).values_list(*fields).get()

    return effect


def member_opted_in(world):
    return Profile.objects.get(user=world.member).newsletter_opt_in


def _local(instant) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%dT%H:%M}"


def new_survey_form(world) -> dict:
    now = timezone.now()
    return {
        "title": "Brand new",
        "kind": SurveyKind.NPS,
        "question": "Would you recommend us?",
        "opens_at": _local(now),
        "closes_at": _local(now + timedelta(days=7)),
    }


def edit_open_form(world) -> dict:
    survey = world.open
    return {
        "title": "Renamed",
        "kind": survey.kind,
        "question": survey.question,
        "comment_prompt": survey.comment_prompt,
        "opens_at": _local(survey.opens_at),
        "closes_at": _local(survey.closes_at),
    }


ROWS = [
    # Members: the list and the answer pages
    Row("survey list", "GET", "/metrics/surveys/", "login 200 200 200"),
    Row("open survey", "GET", "/metrics/surveys/{open}/", "login 200 200 200"),
    Row(
        "answer open survey",
        "POST",
        "/metrics/surveys/{open}/",
        "login 302 302 302",
        data={"score": "4"},
        effect=answers("open"),
    ),
    Row("post-event survey", "GET", "/metrics/surveys/{event_survey}/", "login 200 200 200"),
    Row(
        "answer post-event survey",
        "POST",
        "/metrics/surveys/{event_survey}/",
        # Only the member checked in at the event; the manager did not attend either.
        "login 302 403 403",
        data={"score": "5"},
        effect=answers("event_survey"),
    ),
    Row(
        "ambassadors' survey",
        "GET",
        "/metrics/surveys/{ambassador_survey}/",
        "login 200 200 200",
    ),
    Row(
        "answer ambassadors' survey",
        "POST",
        "/metrics/surveys/{ambassador_survey}/",
        "login 302 403 403",
        data={"score": "9"},
        effect=answers("ambassador_survey"),
    ),
    Row("closed survey", "GET", "/metrics/surveys/{closed}/", "login 200 200 200"),
    Row(
        "answer closed survey",
        "POST",
        "/metrics/surveys/{closed}/",
        "login 400 400 400",
        data={"score": "2"},
        effect=answers("closed"),
    ),
    Row("upcoming survey", "GET", "/metrics/surveys/{upcoming}/", "login 404 404 404"),
    Row("unknown survey", "GET", "/metrics/surveys/999999/", "login 404 404 404"),
    # Managers' pages
    Row("manage list", "GET", "/metrics/surveys/manage/", "login 403 403 200"),
    Row("new survey", "GET", "/metrics/surveys/manage/new/", "login 403 403 200"),
    Row(
        "new survey post",
        "POST",
        "/metrics/surveys/manage/new/",
        "login 403 403 302",
        data=new_survey_form,
        effect=surveys,
    ),
    Row(
        "new survey, empty form",
        "POST",
        "/metrics/surveys/manage/new/",
        "login 403 403 400",
        data={},
        effect=surveys,
    ),
    Row("results", "GET", "/metrics/surveys/manage/{closed}/", "login 403 403 200"),
    Row("results, unknown", "GET", "/metrics/surveys/manage/999999/", "login 403 403 404"),
    Row("edit", "GET", "/metrics/surveys/manage/{open}/edit/", "login 403 403 200"),
    Row(
        "edit post",
        "POST",
        "/metrics/surveys/manage/{open}/edit/",
        "login 403 403 302",
        data=edit_open_form,
        effect=survey_fields("open", "title"),
    ),
    Row(
        "edit closed post",
        "POST",
        "/metrics/surveys/manage/{closed}/edit/",
        "login 403 403 400",
        data=edit_open_form,
        effect=survey_fields("closed", "title"),
    ),
    Row(
        "close",
        "POST",
        "/metrics/surveys/manage/{open}/close/",
        "login 403 403 302",
        effect=survey_fields("open", "closes_at"),
    ),
    Row(
        "close a closed survey",
        "POST",
        "/metrics/surveys/manage/{closed}/close/",
        "login 403 403 302=",
        effect=survey_fields("closed", "closes_at"),
    ),
    Row("close by get", "GET", "/metrics/surveys/manage/{open}/close/", "405 405 405 405"),
    # The admin's read-only list of surveys: managers only
    Row("admin surveys", "GET", "/admin/metrics/survey/", "login login login 200"),
    Row("admin survey", "GET", "/admin/metrics/survey/{closed}/change/", "login login login 200"),
    Row("admin add survey", "GET", "/admin/metrics/survey/add/", "login login login 403"),
    # The digest's unsubscribe link: the signed token is the only key, whoever follows it
    Row("unsubscribe page", "GET", "/metrics/digest/unsubscribe/{token}/", "200 200 200 200"),
    Row(
        "unsubscribe",
        "POST",
        "/metrics/digest/unsubscribe/{token}/",
        "200 200 200 200",
        effect=member_opted_in,
    ),
    Row("unsubscribe, bad token", "GET", "/metrics/digest/unsubscribe/x:y:z/", "400 400 400 400"),
    Row(
        "unsubscribe post, bad token",
        "POST",
        "/metrics/digest/unsubscribe/{token}x/",
        "400 400 400 400",
        effect=member_opted_in,
    ),
]

test_permission_matrix = matrix_test(ROLES, ROWS)
