"""The admin console's actions go through the services: approve, waitlist, decline (with a
message), renew, move tier (with a form), end term (with a form); each audited."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from ambassadors.models import (
    Ambassador,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationStatus,
    TermEnd,
)
from ambassadors.tests.factories import ApplicationFactory, tier
from hub.core.models import AuditEntry
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/ambassadors/ambassadorapplication/"
AMBASSADORS = "/admin/ambassadors/ambassador/"


def act(client, url, action, pks, **data):
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: pks, **data})


def test_decisions_from_the_admin(client_for, manager):
    client = client_for(manager)
    approved, waitlisted, declined = (
        ApplicationFactory(applicant=MemberFactory(), submitted_at=timezone.now()) for _ in range(3)
    )
    act(client, APPLICATIONS, "approve_preferred", [approved.pk])
    act(client, APPLICATIONS, "waitlist", [waitlisted.pk])
    # Declining asks for the message first and changes nothing until it is given
    page = act(client, APPLICATIONS, "decline", [declined.pk])
    assert page.status_code == 200
    assert "Message to the applicants" in page.content.decode()
    act(client, APPLICATIONS, "decline", [declined.pk], apply="1", message="Not this time")
    statuses = dict(AmbassadorApplication.objects.values_list("pk", "status"))
    assert statuses == {
        approved.pk: ApplicationStatus.APPROVED,
        waitlisted.pk: ApplicationStatus.WAITLISTED,
        declined.pk: ApplicationStatus.DECLINED,
    }
    assert AmbassadorTerm.objects.get().member_id == approved.applicant_id
    assert AuditEntry.objects.filter(action__startswith="ambassador_application.").count() == 3


def test_terms_from_the_admin(client_for, manager, member, other_member, approve):
    approve(member)
    approve(other_member)
    client = client_for(manager)
    ids = {person: Ambassador.objects.get(member=person).pk for person in (member, other_member)}
    act(client, AMBASSADORS, "renew", [ids[member]])
    assert AmbassadorTerm.objects.filter(member=member).count() == 2
    act(client, AMBASSADORS, "move_tier", [ids[other_member]], apply="1", tier=tier(3).pk)
    assert AmbassadorTerm.objects.filter(member=other_member, tier=tier(3)).exists()
    form = act(client, AMBASSADORS, "end_term", [ids[other_member]], apply="1")
    assert "This field is required" in form.content.decode()
    act(client, AMBASSADORS, "end_term", [ids[other_member]], apply="1", note="Moved abroad")
    ended = AmbassadorTerm.objects.filter(member=other_member).order_by("-starts_at").first()
    assert ended.end_reason == TermEnd.ENDED
    # The list shows tier, term, buddy, onboarding and commitment without a query per row
    page = client.get(AMBASSADORS).content.decode()
    assert "Champions" in page
    assert "0 of 5" in page
