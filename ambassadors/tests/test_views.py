"""The pages' behaviour beyond who may open them: bad input gets a clear message and changes
nothing, the dashboard panel, the console section, the audit sentences, "Your data"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors.extensions import console_cards
from ambassadors.models import AmbassadorActivity, AmbassadorApplication, ApplicationStatus
from ambassadors.services.applications import (
    application_review_save,
    application_submit,
    nomination_create,
)
from ambassadors.services.terms import term_move, term_renew
from ambassadors.tests.factories import ApplicationFactory, tier
from hub.core.audit import audit_sentence
from hub.core.models import AuditEntry
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_an_empty_application_says_what_is_missing_and_saves_nothing(client_for, member):
    response = client_for(member).post(reverse("ambassadors:apply"), {})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tell us why you want to be an ambassador." in text
    assert "Describe your audience and channels." in text
    assert not AmbassadorApplication.objects.exists()


def test_declining_without_a_message_is_refused_on_the_page(client_for, member, manager):
    application = ApplicationFactory(applicant=member, submitted_at=timezone.now())
    url = reverse("ambassadors:manage_application_decide", args=[application.pk])
    response = client_for(manager).post(url, {"decision": "declined"})
    assert response.status_code == 400
    assert "Write the applicant a message" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_scores_out_of_range_are_refused_on_the_page(client_for, member, manager):
    application = ApplicationFactory(applicant=member, submitted_at=timezone.now())
    url = reverse("ambassadors:manage_application_score", args=[application.pk])
    response = client_for(manager).post(url, {"product_expertise": 9})
    assert response.status_code == 400
    assert "Score product expertise from 1 to 5." in response.content.decode()
    assert not application.reviews.exists()


def test_stepping_down_needs_the_box_ticked(client_for, member, approve):
    approve(member)
    response = client_for(member).post(reverse("ambassadors:step_down"), {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert member.ambassador_terms.get().end_reason == ""


def test_a_bad_activity_is_refused_on_the_page(client_for, member, approve):
    approve(member)
    response = client_for(member).post(
        reverse("ambassadors:activities"),
        {"activity_type": "tutorial", "title": "T", "occurred_on": "2999-01-01", "hours": "1"},
    )
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    assert not AmbassadorActivity.objects.exists()


def test_the_dashboard_shows_the_application_then_the_term(client_for, member, approve):
    client = client_for(member)
    assert "see the ambassador programme" in client.get("/members/dashboard/").content.decode()
    application_submit(
        applicant=member,
        preferred_tier=tier(2),
        motivation="m",
        links="",
        audience="a",
        hours_per_month=9,
        now=timezone.now(),
    )
    page = client.get("/members/dashboard/").content.decode()
    assert "Your application for Ambassadors" in page
    assert "Waiting for review" in page
    AmbassadorApplication.objects.update(status=ApplicationStatus.WITHDRAWN)
    approve(member, level=2)
    assert (
        "You are one of our Ambassadors until" in client.get("/members/dashboard/").content.decode()
    )


def test_the_console_section_counts_what_needs_managers(
    member, other_member, approve, django_assert_num_queries
):
    now = timezone.now()
    ApplicationFactory(applicant=member, submitted_at=now - timedelta(days=20))
    ApplicationFactory(applicant=other_member, submitted_at=now - timedelta(days=2))
    veteran = MemberFactory(joined_at=now - timedelta(days=800))
    approve(veteran, now=now - timedelta(days=350))  # ends within 30 days, onboarding overdue
    with django_assert_num_queries(4):
        cards = console_cards(now=now)
    assert [(card.label, card.count, card.needs_attention) for card in cards] == [
        ("Ambassador applications to review", 2, True),
        ("Ambassador onboardings overdue", 1, True),
        ("Ambassador terms ending within 30 days", 1, True),
        ("Ambassadors under commitment two months running", 1, True),
    ]
    assert cards[0].detail == "1 waiting more than 14 days"


def test_every_programme_audit_entry_reads_as_a_full_sentence(
    other_member, manager, approve, client_for
):
    now = timezone.now()
    member = MemberFactory(name="Vera Veteran", joined_at=now - timedelta(days=800))
    nomination_create(nominee=other_member, nominated_by=member, reason="Kind", now=now)
    application = application_submit(
        applicant=other_member,
        preferred_tier=tier(1),
        motivation="m",
        links="",
        audience="a",
        hours_per_month=3,
        now=now,
    )
    scores = {"product_expertise": 4, "audience_reach": 3, "authenticity": 5, "availability": 2}
    application_review_save(
        application=application, reviewer=manager, scores=scores, notes={}, now=now
    )
    approve(member, now=now - timedelta(days=340))
    term_renew(member=member, actor=manager, now=now)
    term_move(member=member, tier=tier(3), actor=manager, now=now, note="More")
    client_for(member).post(reverse("ambassadors:listing"), {"listed": "yes"})
    entries = AuditEntry.objects.filter(action__startswith="ambassador")
    assert entries.count() >= 7
    for entry in entries:
        sentence = audit_sentence(entry)
        assert "?" not in sentence, (entry.action, sentence)
        assert not sentence.startswith(f"{entry.action}"), sentence


def test_your_data_holds_the_programme(client_for, member, approve):
    approve(member)
    response = client_for(member).get(reverse("members:account_export"))
    programme = response.json()["ambassador_programme"]
    assert programme["referral_code"].startswith("MIA-")
    assert programme["applications"][0]["motivation"]
    assert programme["terms"][0]["tier__name"] == "Champions"
