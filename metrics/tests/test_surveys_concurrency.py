"""A member answers a survey once, even when the same answer is posted twice at the same
instant (a double click, two tabs), on PostgreSQL with real threads and connections."""

import threading

import pytest
from django.db import connection, connections

from hub.core.errors import DomainError
from members.tests.factories import MemberFactory
from metrics.models import SurveyAnswer
from metrics.services.surveys import survey_answer
from metrics.tests.factories import NOW, SurveyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

POSTS = 8


def test_simultaneous_posts_of_one_member_leave_one_answer():
    # Given a member and an open survey
    assert connection.vendor == "postgresql"
    member = MemberFactory()
    survey = SurveyFactory()
    barrier = threading.Barrier(POSTS)
    saved, refused, failed = [], [], []

    def post(score: int) -> None:
        try:
            barrier.wait(timeout=30)
            saved.append(survey_answer(survey=survey, member=member, score=score, now=NOW))
        except DomainError as error:
            refused.append(error.code)
        except Exception as error:
            failed.append(error)
        finally:
            connections.close_all()

    # When the member posts eight answers at the same instant, each on its own connection
    threads = [threading.Thread(target=post, args=(1 + n % 5,)) for n in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Then one answer is saved, the seven others get the "already answered" message, and
    # nothing failed in another way
    assert failed == []
    assert len(saved) == 1
    assert refused == ["already_answered"] * (POSTS - 1)
    assert list(SurveyAnswer.objects.values_list("score", flat=True)) == [saved[0].score]
