"""Answer a survey and read its results in a real browser: a member finds the survey on their
dashboard, forgets the score, answers with the radio buttons and sees their answer; a manager
opens the results (chart and table, the comment without a name) and closes the survey; the
digest's unsubscribe works from a logged-out browser. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Profile
from members.tests.factories import ManagerFactory, MemberFactory
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.services.digests import digest_unsubscribe_token
from metrics.tests.factories import SurveyFactory, answer_scores
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_answers_and_a_manager_reads_the_results(browser_page, axe_check):
    now = timezone.now()
    survey = SurveyFactory(
        title="How was November?",
        kind=SurveyKind.SATISFACTION,
        question="How satisfied are you with the community this month?",
        comment_prompt="What should we change?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
    )
    answer_scores(survey, [5, 3])
    MemberFactory(email="survey.member@example.com", name="Sasha Survey")
    ManagerFactory(email="survey.manager@example.com", name="Mira Manager")
    page = browser_page

    # Given a member who logs in: the dashboard lists the open survey
    log_in(page, "survey.member@example.com")
    page.get_by_role("heading", name="Surveys for you").wait_for()
    axe_check(page)
    page.get_by_role("link", name="How was November?").click()
    page.get_by_role("heading", level=1, name="How was November?").wait_for()
    axe_check(page)

    # When they send the form without choosing a score, they are told and nothing is saved
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Choose a score.").wait_for()
    axe_check(page)
    assert SurveyAnswer.objects.filter(member__email="survey.member@example.com").count() == 0

    # When they choose 4 in the question's group of radio buttons and write a comment
    question = page.get_by_role("group", name="How satisfied are you with the community")
    question.get_by_label("4").check()
    page.get_by_label("What should we change?").fill("More hands-on workshops")
    page.get_by_role("button", name="Send my answer").click()

    # Then they are thanked and see their answer instead of the form
    page.get_by_text("Thank you: your answer is saved.").wait_for()
    page.get_by_text(re.compile("You answered 4 of 5")).wait_for()
    assert page.get_by_role("radio").count() == 0
    axe_check(page)
    # and their list of surveys has it among their answers
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    page.get_by_role("heading", level=1, name="Surveys").wait_for()
    page.get_by_text("No survey is waiting for you.").wait_for()
    axe_check(page)
    log_out(page)

    # When a manager opens the survey's results
    log_in(page, "survey.manager@example.com")
    page.goto(f"/metrics/surveys/manage/{survey.pk}/")
    page.get_by_role("heading", level=1, name="How was November?").wait_for()
    # Then the chart, its table and the comment without the author's name are there
    page.get_by_role("img", name=re.compile("Answers by score")).wait_for()
    table = page.get_by_role("table", name="Answers by score")
    assert table.get_by_role("row").count() == 6  # the header and the scores 1 to 5
    page.get_by_text("More hands-on workshops").wait_for()
    assert page.get_by_text("Sasha Survey").count() == 0
    page.get_by_text("67 %").wait_for()  # 2 of the 3 answers score 4 or 5
    axe_check(page)

    # The edit form, and its error state
    page.get_by_role("link", name="Edit the survey").click()
    page.get_by_role("heading", level=1, name=re.compile("Edit")).wait_for()
    axe_check(page)
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("Nothing was saved").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Back without saving").click()

    # When they close it, the page says so
    page.get_by_role("button", name="Close it now").click()
    page.get_by_text("is closed: it takes no answers").wait_for()
    axe_check(page)
    assert Survey.objects.get(pk=survey.pk).closes_at <= timezone.now()

    # The managers' list of surveys
    page.goto("/metrics/surveys/manage/")
    page.get_by_role("heading", level=1, name="Surveys").wait_for()
    axe_check(page)
    page.get_by_role("link", name="New survey").click()
    page.get_by_role("heading", level=1, name="New survey").wait_for()
    axe_check(page)
    assert page.locator("h1").count() == 1


def test_unsubscribing_from_the_digest_without_logging_in(browser_page, axe_check):
    member = MemberFactory(email="digest.reader@example.com")
    Profile.objects.filter(user=member).update(newsletter_opt_in=True)
    page = browser_page
    page.goto(reverse("metrics:digest_unsubscribe", args=[digest_unsubscribe_token(member)]))
    page.get_by_role("heading", level=1, name="Unsubscribe from the weekly digest").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Unsubscribe me").click()
    page.get_by_role("heading", level=1, name="You are unsubscribed").wait_for()
    axe_check(page)
    assert not Profile.objects.get(user=member).newsletter_opt_in
    # A link that was cut short says so
    page.goto("/metrics/digest/unsubscribe/cut-short/")
    page.get_by_role("heading", level=1, name="This link is not valid").wait_for()
    axe_check(page)
