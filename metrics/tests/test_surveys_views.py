"""The survey pages as people use them: a member answers with a plain form and sees their
answer; managers create, edit and close surveys and read the results without names; the
dashboard and the ambassador programme's panels; flat query counts on every list."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core.extension_points import panels_for
from hub.core.models import AuditEntry
from members.tests.factories import MemberFactory
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.tests.factories import SurveyAnswerFactory, SurveyFactory, answer_scores

pytestmark = pytest.mark.django_db


def open_survey(**fields) -> Survey:
    now = timezone.now()
    fields = {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=5), **fields}
    return SurveyFactory(**fields)


def closed_survey(**fields) -> Survey:
    now = timezone.now()
    fields = {"opens_at": now - timedelta(days=10), "closes_at": now - timedelta(days=1), **fields}
    return SurveyFactory(**fields)


def local_input(instant) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%dT%H:%M}"


# --- Members -------------------------------------------------------------------------------------


def test_a_member_answers_with_a_plain_form_and_then_sees_their_answer(client_for, member):
    survey = open_survey(question="How satisfied are you this month?")
    client = client_for(member)
    # The form: a fieldset whose legend is the question, one radio button per score
    page = client.get(f"/metrics/surveys/{survey.pk}/").content.decode()
    assert "<legend>How satisfied are you this month?</legend>" in page
    assert page.count('type="radio" name="score"') == 5
    # When they answer
    response = client.post(
        f"/metrics/surveys/{survey.pk}/", {"score": "4", "comment": "More workshops"}, follow=True
    )
    # Then they are told, and the page shows their answer instead of the form
    body = response.content.decode()
    assert "Thank you: your answer is saved." in body
    assert "already answered" not in body  # not told off for the answer just given
    assert "Each member answers a survey once." in body
    assert "You answered <strong>4</strong> of 5" in body
    assert "More workshops" in body
    assert 'type="radio"' not in body
    assert SurveyAnswer.objects.get().member == member


def test_a_second_post_is_refused_with_a_message_and_changes_nothing(client_for, member):
    survey = open_survey()
    client = client_for(member)
    client.post(f"/metrics/surveys/{survey.pk}/", {"score": "5"})
    response = client.post(f"/metrics/surveys/{survey.pk}/", {"score": "1"})
    assert response.status_code == 400
    assert "You have already answered this survey; your first answer stands." in (
        response.content.decode()
    )
    assert list(SurveyAnswer.objects.values_list("score", flat=True)) == [5]


@pytest.mark.parametrize("score", ["", "9", "abc"])
def test_a_score_off_the_scale_gets_a_message(client_for, member, score):
    survey = open_survey()
    response = client_for(member).post(f"/metrics/surveys/{survey.pk}/", {"score": score})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert not SurveyAnswer.objects.exists()


def test_a_member_who_may_not_answer_is_told_why(client_for, member):
    from events.tests.factories import EventFactory

    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    survey = open_survey(kind=SurveyKind.EVENT, event=event)
    page = client_for(member).get(f"/metrics/surveys/{survey.pk}/").content.decode()
    assert "Only members who checked in at this event can answer its survey." in page
    assert 'type="radio"' not in page
    response = client_for(member).post(f"/metrics/surveys/{survey.pk}/", {"score": "5"})
    assert response.status_code == 403
    assert not SurveyAnswer.objects.exists()


def test_a_closed_survey_shows_the_members_answer_and_takes_no_more(client_for, member):
    survey = closed_survey()
    SurveyAnswerFactory(survey=survey, member=member, score=3)
    page = client_for(member).get(f"/metrics/surveys/{survey.pk}/").content.decode()
    assert "You answered <strong>3</strong> of 5" in page
    assert "This survey has closed" in page
    assert "Closed on" in page


def test_an_upcoming_survey_is_not_shown_to_members(client_for, member):
    survey = SurveyFactory(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=2)
    )
    assert client_for(member).get(f"/metrics/surveys/{survey.pk}/").status_code == 404


def test_the_dashboard_lists_open_surveys(client_for, member):
    open_survey(title="How was March?")
    page = client_for(member).get("/members/dashboard/").content.decode()
    assert "Surveys for you" in page
    assert "How was March?" in page


def test_the_member_list_is_flat_in_queries(client_for, member, django_assert_max_num_queries):
    client = client_for(member)

    def make(count: int) -> None:
        for _ in range(count):
            open_survey()
            SurveyAnswerFactory(survey=closed_survey(), member=member)

    make(3)
    with django_assert_max_num_queries(8) as few:
        client.get("/metrics/surveys/")
    make(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/metrics/surveys/").content.decode()
    assert page.count("closes <time") == 30


# --- Managers ------------------------------------------------------------------------------------


def test_a_manager_creates_a_survey(client_for, manager):
    now = timezone.now()
    response = client_for(manager).post(
        "/metrics/surveys/manage/new/",
        {
            "title": "Recommend us?",
            "kind": SurveyKind.NPS,
            "question": "How likely are you to recommend us?",
            "comment_prompt": "",
            "opens_at": local_input(now),
            "closes_at": local_input(now + timedelta(days=7)),
            "event": "",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == f"/metrics/surveys/manage/{survey.pk}/"
    assert (survey.kind, survey.created_by) == (SurveyKind.NPS, manager)
    assert AuditEntry.objects.filter(action="survey.create", actor=manager).count() == 1


def test_a_survey_form_that_makes_no_sense_says_why(client_for, manager):
    now = timezone.now()
    response = client_for(manager).post(
        "/metrics/surveys/manage/new/",
        {
            "title": "Backwards",
            "kind": SurveyKind.SATISFACTION,
            "question": "Q?",
            "opens_at": local_input(now),
            "closes_at": local_input(now - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "A survey must close after it opens." in response.content.decode()
    assert not Survey.objects.exists()


def test_a_survey_closing_in_the_past_is_refused_with_a_message(client_for, manager):
    response = client_for(manager).post(
        "/metrics/surveys/manage/new/",
        {
            "title": "Long ago",
            "kind": SurveyKind.SATISFACTION,
            "question": "Q?",
            "opens_at": "2020-03-01T09:00",
            "closes_at": "2020-03-25T18:00",
        },
    )
    assert response.status_code == 400
    assert "That closing time has already passed: a survey must close in the future." in (
        response.content.decode()
    )
    assert not Survey.objects.exists()


@pytest.mark.parametrize("opens_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_survey_date_out_of_range_is_refused_with_a_message(client_for, manager, opens_at):
    # Year 1 overflowed when the database checked the survey's dates: a 500
    response = client_for(manager).post(
        "/metrics/surveys/manage/new/",
        {
            "title": "Out of range",
            "kind": SurveyKind.SATISFACTION,
            "question": "Q?",
            "opens_at": opens_at,
            "closes_at": local_input(timezone.now() + timedelta(days=7)),
        },
    )
    assert response.status_code == 400
    assert "between the years 1900 and 2999" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_manager_edits_and_closes_a_survey(client_for, manager):
    survey = open_survey(title="Old title")
    client = client_for(manager)
    form = client.get(f"/metrics/surveys/manage/{survey.pk}/edit/").context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        title="New title",
        opens_at=local_input(survey.opens_at),
        closes_at=local_input(survey.closes_at),
        event="",
    )
    client.post(f"/metrics/surveys/manage/{survey.pk}/edit/", data)
    survey.refresh_from_db()
    assert survey.title == "New title"
    response = client.post(f"/metrics/surveys/manage/{survey.pk}/close/", follow=True)
    assert "is closed: it takes no answers" in response.content.decode()
    survey.refresh_from_db()
    assert survey.closes_at <= timezone.now()
    assert set(
        AuditEntry.objects.filter(action__startswith="survey.").values_list("action", flat=True)
    ) == {
        "survey.edit",
        "survey.close",
    }


def test_results_show_the_distribution_figure_and_comments_without_names(client_for, manager):
    # Given a closed satisfaction survey answered 5, 4, 4, 2 by named members, with comments
    survey = closed_survey(title="February")
    answers = [
        (MemberFactory(name="Zoe Zed"), 5, "wonderful talks"),
        (MemberFactory(name="Adam Ant"), 4, "Better coffee please"),
        (MemberFactory(name="Bea Bee"), 4, ""),
        (MemberFactory(name="Cid Sea"), 2, "too loud"),
    ]
    for person, score, comment in answers:
        SurveyAnswerFactory(survey=survey, member=person, score=score, comment=comment)
    # When a manager opens its results
    response = client_for(manager).get(f"/metrics/surveys/manage/{survey.pk}/")
    page = response.content.decode()
    # Then: 3 of 4 satisfied, the table has every score, comments are in alphabetical order
    assert "75 %" in page
    assert "<svg" in page
    assert "<caption>Answers by score</caption>" in page
    table_rows = [(bar.score, bar.count, bar.percent) for bar in response.context["bars"]]
    assert table_rows == [(1, 0, 0.0), (2, 1, 25.0), (3, 0, 0.0), (4, 2, 50.0), (5, 1, 25.0)]
    assert response.context["results"].comments == [
        "Better coffee please",
        "too loud",
        "wonderful talks",
    ]
    # and no name of anyone who answered appears anywhere on the page
    for person, _, _ in answers:
        assert person.display_name not in page
        assert person.email not in page


def test_nps_results(client_for, manager):
    survey = closed_survey(kind=SurveyKind.NPS, comment_prompt="")
    answer_scores(survey, [10, 9, 8, 7, 3])
    response = client_for(manager).get(f"/metrics/surveys/manage/{survey.pk}/")
    results = response.context["results"]
    assert (results.nps, results.promoters, results.passives, results.detractors) == (20, 2, 2, 1)
    assert len(response.context["bars"]) == 11


def test_the_manager_list_and_results_are_flat_in_queries(
    client_for, manager, django_assert_max_num_queries
):
    client = client_for(manager)

    def make(count: int) -> Survey:
        for _ in range(count):
            survey = closed_survey()
            answer_scores(survey, [5, 3])
        return survey

    survey = make(3)
    with django_assert_max_num_queries(10) as few:
        client.get("/metrics/surveys/manage/")
    with django_assert_max_num_queries(10) as few_results:
        client.get(f"/metrics/surveys/manage/{survey.pk}/")
    survey = make(22)
    answer_scores(survey, [1] * 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/metrics/surveys/manage/").content.decode()
    assert page.count("% satisfied") == 25
    with django_assert_max_num_queries(len(few_results.captured_queries)):
        client.get(f"/metrics/surveys/manage/{survey.pk}/")


# --- The ambassador programme's panel ------------------------------------------------------------


def test_the_ambassador_panel_shows_the_last_closed_ambassador_nps(manager):
    now = timezone.now()
    older = closed_survey(
        kind=SurveyKind.AMBASSADOR_NPS,
        opens_at=now - timedelta(days=50),
        closes_at=now - timedelta(days=40),
    )
    answer_scores(older, [0, 0])
    last = closed_survey(kind=SurveyKind.AMBASSADOR_NPS, title="Ambassadors, Q3")
    answer_scores(last, [10, 10, 9, 8])  # 75 - 0 = 75, above the target of 70
    open_survey(kind=SurveyKind.AMBASSADOR_NPS)
    [panel] = [
        panel
        for panel in panels_for("ambassadors.programme_manage", now=now)
        if panel["template"] == "metrics/_survey_ambassador_nps_panel.html"
    ]
    assert (panel["survey"], panel["nps"], panel["on_target"]) == (last, 75, True)
    html = render_to_string(panel["template"], {"panel": panel})
    assert '<strong class="figure">75</strong> from 4 answers' in html
    assert "Above the target of 70." in html


def test_without_an_ambassador_survey_the_panel_says_not_available(db):
    [panel] = panels_for("ambassadors.programme_manage", now=timezone.now())
    assert panel["survey"] is None
    assert "Not available yet" in render_to_string(panel["template"], {"panel": panel})


def test_the_console_card_counts_open_surveys_and_their_answers(db):
    from metrics.extensions import surveys_console

    answer_scores(open_survey(), [5, 4, 1])
    open_survey()
    closed_survey()
    [card] = surveys_console(now=timezone.now())
    assert (card.label, card.count, card.detail) == ("Open surveys", 2, "3 answers so far")
    assert card.url == "/metrics/surveys/manage/"


def test_the_console_card_says_one_answer_in_the_singular(db):
    from metrics.extensions import surveys_console

    answer_scores(open_survey(), [5])
    [card] = surveys_console(now=timezone.now())
    assert card.detail == "1 answer so far"
