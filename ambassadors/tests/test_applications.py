"""Nominations, applications, scores and decisions: one open application per member, one score
set per reviewer, each decision emailed once, approval making the ambassador."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from ambassadors.models import (
    Ambassador,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationDecision,
    ApplicationReview,
    ApplicationStatus,
    Nomination,
    Onboarding,
)
from ambassadors.selectors.applications import applications_queue, applications_waiting_counts
from ambassadors.services.applications import (
    application_decide,
    application_review_save,
    application_submit,
    application_withdraw,
    nomination_create,
)
from ambassadors.services.notifications import decision_email_send
from ambassadors.tests.factories import ApplicationFactory, tier
from hub.core.errors import DomainError
from members.models import User
from members.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
SCORES = {"product_expertise": 4, "audience_reach": 3, "authenticity": 5, "availability": 2}


def submit(member, **overrides):
    data = {
        "applicant": member,
        "preferred_tier": tier(1),
        "motivation": "I write tutorials about Hub.",
        "links": "https://example.com/a\n\nhttps://example.com/b",
        "audience": "A blog with 2,000 readers",
        "hours_per_month": 4,
        "now": NOW,
        **overrides,
    }
    return application_submit(**data)


def test_a_member_has_one_open_application_at_a_time(member):
    first = submit(member)
    assert first.links == "https://example.com/a\nhttps://example.com/b"
    with pytest.raises(DomainError, match="already have an application open"):
        submit(member)
    # and the database holds the rule whatever the code path
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(applicant=member)
    # Once withdrawn, they may apply again
    application_withdraw(application=first, member=member, now=NOW)
    assert submit(member).status == ApplicationStatus.PENDING


def test_a_waitlisted_application_is_still_open(member, manager):
    application = submit(member)
    application_decide(application=application, decision="waitlisted", actor=manager, now=NOW)
    with pytest.raises(DomainError):
        submit(member)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"motivation": "  "}, "why you want"),
        ({"audience": ""}, "audience"),
        ({"hours_per_month": 0}, "between 1 and 200"),
        ({"links": "not a link"}, "not a web address"),
        ({"links": "javascript:alert(1)"}, "not a web address"),
        ({"links": "\n".join(f"https://e.com/{n}" for n in range(11))}, "at most 10"),
    ],
)
def test_bad_applications_are_refused_and_change_nothing(member, overrides, message):
    with pytest.raises(DomainError, match=message):
        submit(member, **overrides)
    assert not AmbassadorApplication.objects.exists()


def test_someone_who_left_cannot_apply(member):
    User.objects.filter(pk=member.pk).update(left_at=NOW - timedelta(days=1))
    member.refresh_from_db()
    with pytest.raises(DomainError, match="Only current members"):
        submit(member)


def test_a_nomination_tells_the_nominee_once_and_links_to_their_application(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nomination_create(
            nominee=other_member, nominated_by=member, reason="Answers everyone.", now=NOW
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other_member.email]
    assert "Answers everyone." in mail.outbox[0].body
    assert "http://127.0.0.1:8000/ambassadors/apply/" in mail.outbox[0].body
    from ambassadors.services.notifications import nomination_email_send

    assert nomination_email_send(nomination_id=nomination.pk, now=NOW) is False
    assert len(mail.outbox) == 1
    with pytest.raises(DomainError, match="nominated Oscar Other already"):
        nomination_create(nominee=other_member, nominated_by=member, reason="Again", now=NOW)
    application = submit(other_member)
    assert Nomination.objects.get().application == application


def test_nomination_rules(member, other_member, approve):
    with pytest.raises(DomainError, match="cannot nominate yourself"):
        nomination_create(nominee=member, nominated_by=member, reason="Me", now=NOW)
    with pytest.raises(DomainError, match="Say why"):
        nomination_create(nominee=other_member, nominated_by=member, reason=" ", now=NOW)
    approve(other_member, now=NOW - timedelta(days=1))
    with pytest.raises(DomainError, match="ambassador already"):
        nomination_create(nominee=other_member, nominated_by=member, reason="x", now=NOW)
    assert not Nomination.objects.exists()


def test_each_reviewer_has_one_score_set(member, manager, reviewer):
    application = submit(member)
    application_review_save(
        application=application, reviewer=manager, scores=SCORES, notes={}, now=NOW
    )
    application_review_save(
        application=application,
        reviewer=manager,
        scores={**SCORES, "availability": 4},
        notes={"availability": "Has time now"},
        now=NOW,
    )
    application_review_save(
        application=application,
        reviewer=reviewer,
        scores=dict.fromkeys(SCORES, 5),
        notes={},
        now=NOW,
    )
    reviews = ApplicationReview.objects.order_by("pk")
    assert [(r.reviewer_id, r.availability) for r in reviews] == [(manager.pk, 4), (reviewer.pk, 5)]
    assert reviews[0].availability_note == "Has time now"
    # The queue shows the mean of the reviewers' means: (16/4 + 20/4) / 2
    assert applications_queue(now=NOW).get().average_score == pytest.approx(4.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationReview.objects.create(
            application=application, reviewer=manager, created_at=NOW, updated_at=NOW, **SCORES
        )


@pytest.mark.parametrize("bad", [0, 6, "4", None])
def test_scores_run_from_one_to_five(member, manager, bad):
    application = submit(member)
    with pytest.raises(DomainError, match="from 1 to 5"):
        application_review_save(
            application=application,
            reviewer=manager,
            scores={**SCORES, "authenticity": bad},
            notes={},
            now=NOW,
        )
    assert not ApplicationReview.objects.exists()


def test_only_managers_review_and_never_their_own(member, other_member, manager):
    with pytest.raises(DomainError, match="Only community managers"):
        application_review_save(
            application=submit(member), reviewer=other_member, scores=SCORES, notes={}, now=NOW
        )
    with pytest.raises(DomainError, match="your own"):
        application_review_save(
            application=submit(manager), reviewer=manager, scores=SCORES, notes={}, now=NOW
        )


def test_approval_makes_the_ambassador_and_each_decision_is_emailed_once(
    member, manager, django_capture_on_commit_callbacks
):
    application = submit(member, preferred_tier=tier(2))
    # Waitlisted first, approved later: two decisions, two emails, one each
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=application, decision="waitlisted", actor=manager, now=NOW)
    later = NOW + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        decision = application_decide(
            application=application,
            decision="approved",
            tier=tier(1),
            message="Start as a Champion.",
            actor=manager,
            now=later,
        )
    assert [m.subject for m in mail.outbox] == [
        "Your ambassador application is on the waitlist",
        "Welcome to the Hub ambassador programme",
    ]
    assert "Start as a Champion." in mail.outbox[1].body
    # A retried task sends nothing more
    assert decision_email_send(decision_id=decision.pk, now=later) is False
    assert len(mail.outbox) == 2
    assert ApplicationDecision.objects.filter(emailed_at__isnull=True).count() == 0
    # and the member is an ambassador: a one-year term, a code, the checklist due in two weeks
    term = AmbassadorTerm.objects.get(member=member)
    assert (term.tier, term.starts_at, term.ends_at) == (
        tier(1),
        later,
        later + timedelta(days=365),
    )
    assert Ambassador.objects.get(member=member).referral_code.startswith("MIA-")
    onboarding = Onboarding.objects.get(member=member)
    assert onboarding.due_at == later + timedelta(days=14)
    assert onboarding.steps.count() == 5
    # A decided application takes no other decision
    with pytest.raises(DomainError, match="decided already"):
        application_decide(
            application=application, decision="declined", message="x", actor=manager, now=later
        )


def test_declining_needs_a_message_and_the_applicant_may_apply_again(member, manager):
    application = submit(member)
    with pytest.raises(DomainError, match="message"):
        application_decide(application=application, decision="declined", actor=manager, now=NOW)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    application_decide(
        application=application, decision="declined", message="Not yet", actor=manager, now=NOW
    )
    assert submit(member).status == ApplicationStatus.PENDING


def test_the_queue_shows_the_ledger_evidence_and_flags_long_waits(
    member, other_member, manager, django_assert_num_queries
):
    # Given Mia, with 2 answers, 3 content pieces, 1 hosted event, a referral, activity in 3
    # of the last six months (and one seven months ago), and a nomination
    for kind, count, year, month in [
        ("answer", 2, 2026, 6),
        ("content", 3, 2026, 5),
        ("event_hosting", 1, 2026, 3),
        ("referral", 1, 2026, 6),
        ("code", 1, 2025, 11),
    ]:
        for _ in range(count):
            ActivityFactory(
                member=member, kind=kind, occurred_at=datetime(year, month, 2, tzinfo=UTC)
            )
    nomination_create(nominee=member, nominated_by=other_member, reason="Helps", now=NOW)
    submit(member, now=NOW - timedelta(days=15))
    submit(other_member, now=NOW - timedelta(days=3))
    with django_assert_num_queries(1):
        queue = list(applications_queue(now=NOW))
    mia = queue[0]
    assert (
        mia.answers,
        mia.content_pieces,
        mia.events_hosted,
        mia.active_months,
        mia.referrals,
        mia.nominations_received,
    ) == (2, 3, 1, 3, 1, 1)
    assert applications_waiting_counts(now=NOW) == {"waiting": 2, "flagged": 1}


def test_nominating_by_address_answers_the_same_whoever_uses_it(
    client_for, member, other_member, approve, django_capture_on_commit_callbacks
):
    """The form must not tell a member who uses an address: an unknown address, an
    ambassador's, someone left and someone nominated already all get the thank-you a real
    nomination gets, and nothing is made or sent for them."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    from members.services.account import member_leave
    from members.tests.factories import MemberFactory

    ambassador = MemberFactory(email="amb@example.com")
    approve(ambassador, now=NOW - timedelta(days=1))
    leaver = MemberFactory(email="gone@example.com")
    member_leave(member=leaver, now=NOW - timedelta(days=1))
    nomination_create(nominee=other_member, nominated_by=member, reason="Kind", now=NOW)
    mail.outbox.clear()
    client = client_for(member)

    def nominate(address: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("ambassadors:nominate"), {"email": address, "reason": "Helps a lot."}
            )
        assert response.status_code == 302
        return [str(message) for message in get_messages(response.wsgi_request)][-1]

    answers = {
        address: nominate(address).replace(address, "ADDRESS")
        for address in [
            "nobody@example.com",
            "amb@example.com",
            "gone@example.com",
            other_member.email,
        ]
    }
    assert len(set(answers.values())) == 1
    assert Nomination.objects.count() == 1  # only the first, made before
    assert mail.outbox == []
    # A real nomination gets the same words and its email
    fresh = MemberFactory(email="fresh@example.com")
    assert nominate("fresh@example.com").replace("fresh@example.com", "ADDRESS") in set(
        answers.values()
    )
    assert Nomination.objects.filter(nominee=fresh).exists()
    assert [message.to for message in mail.outbox] == [["fresh@example.com"]]
