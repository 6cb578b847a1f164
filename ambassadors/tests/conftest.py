"""Fixtures of the programme's tests: a manager, and `approve(member, ...)` to make someone an
ambassador the way the programme does (an application approved by a manager)."""

import pytest
from django.utils import timezone

from ambassadors.services.applications import application_decide
from ambassadors.tests.factories import ApplicationFactory, tier
from members.tests.factories import ManagerFactory


@pytest.fixture
def reviewer(db):
    return ManagerFactory(email="reviewer@example.com", name="Rita Reviewer")


@pytest.fixture
def approve(reviewer):
    def make(member, *, level: int = 1, now=None, submitted_at=None):
        now = now or timezone.now()
        application = ApplicationFactory(
            applicant=member, preferred_tier=tier(level), submitted_at=submitted_at or now
        )
        application_decide(
            application=application, decision="approved", tier=tier(level), actor=reviewer, now=now
        )
        return application

    return make
