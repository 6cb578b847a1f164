"""Two of the programme's rules hold whatever the concurrency (PostgreSQL, real threads): one
open application per member, and one referral credited per referred member."""

import threading

import pytest
from django.db import connections
from django.utils import timezone

from ambassadors.models import AmbassadorApplication, SignupAttribution
from ambassadors.services.applications import application_submit
from ambassadors.services.referrals import referral_credit
from ambassadors.tests.factories import AmbassadorTermFactory, tier
from hub.core.errors import DomainError
from members.models import Activity
from members.tests.factories import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def _all_at_once(work) -> list:
    barrier = threading.Barrier(THREADS)
    errors: list = []

    def run():
        try:
            barrier.wait(timeout=30)
            work()
        except DomainError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_simultaneous_submissions_open_one_application():
    member = MemberFactory()
    champions = tier(1)
    errors = _all_at_once(
        lambda: application_submit(
            applicant=member,
            preferred_tier=champions,
            motivation="Twice?",
            links="",
            audience="A blog",
            hours_per_month=3,
            now=timezone.now(),
        )
    )
    assert AmbassadorApplication.objects.filter(applicant=member).count() == 1
    assert len(errors) == THREADS - 1
    assert {error.code for error in errors} == {"application_open"}


def test_simultaneous_confirmations_credit_one_referral():
    ambassador = MemberFactory()
    AmbassadorTermFactory(member=ambassador, starts_at=timezone.now())
    referred = MemberFactory()
    SignupAttribution.objects.create(
        member=referred, referral_code="X", referrer=ambassador, signed_up_at=timezone.now()
    )
    _all_at_once(lambda: referral_credit(member=referred, now=timezone.now()))
    assert Activity.objects.filter(member=ambassador, kind="referral").count() == 1
