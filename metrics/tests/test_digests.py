"""The weekly digest: which week it covers, what it says, once per member and ISO week (a second
run and a retry send nothing twice), and the unsubscribe link that works without logging in."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail, signing
from django.test import Client

from events.models import EventStatus
from events.tests.factories import EventFactory
from hub.core.extension_points import scheduled_jobs
from members.models import Profile, Spotlight
from members.services.account import member_leave
from members.tests.factories import ActivityFactory, MemberFactory
from metrics.models import DigestDelivery
from metrics.selectors.digests import digest_content, digest_week, export_digest_deliveries
from metrics.services.digests import (
    UNSUBSCRIBE_SALT,
    digest_send,
    digest_unsubscribe_token,
    digest_weekly_send,
)

pytestmark = pytest.mark.django_db

#: Monday 9 March 2026, 09:00 in Kyiv (07:00 UTC): the job's time. The week covered is
#: Monday 2 March 00:00 to Monday 9 March 00:00 Kyiv time (1 March 22:00 to 8 March 22:00 UTC).
MONDAY = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
WEEK = date(2026, 3, 2)


def subscriber(**fields):
    member = MemberFactory(**fields)
    Profile.objects.filter(user=member).update(newsletter_opt_in=True)
    return member


def test_the_digest_covers_the_iso_week_that_just_ended_in_kyiv():
    assert digest_week(MONDAY) == WEEK
    # Sunday 23:30 in Kyiv is still the week before; Monday 00:30 Kyiv starts a new one
    assert digest_week(datetime(2026, 3, 8, 21, 30, tzinfo=UTC)) == date(2026, 2, 23)
    assert digest_week(datetime(2026, 3, 8, 22, 30, tzinfo=UTC)) == WEEK


def test_the_content_is_the_weeks_wins_and_next_weeks_events():
    # Given contributions inside the week (two code by one member, one idea by another),
    # one just before it, an answer (not a contribution), and two new members
    alice = MemberFactory(joined_at=datetime(2026, 3, 3, tzinfo=UTC))
    bob = MemberFactory(joined_at=datetime(2026, 3, 8, 21, 59, tzinfo=UTC))
    MemberFactory(joined_at=datetime(2026, 3, 8, 22, 0, tzinfo=UTC))  # next week, in Kyiv
    inside = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    ActivityFactory(member=alice, kind="code", occurred_at=inside)
    ActivityFactory(member=alice, kind="code", occurred_at=inside)
    ActivityFactory(member=bob, kind="idea", occurred_at=inside)
    ActivityFactory(member=bob, kind="answer", occurred_at=inside)
    ActivityFactory(member=bob, kind="docs", occurred_at=datetime(2026, 3, 1, 21, 59, tzinfo=UTC))
    Spotlight.objects.create(
        month=date(2026, 3, 1), member=alice, story="Alice ships.", published_at=inside
    )
    soon = EventFactory(title="Next Wednesday", starts_at=MONDAY + timedelta(days=2))
    EventFactory(title="Too far", starts_at=MONDAY + timedelta(days=8))
    EventFactory(
        title="Called off", starts_at=MONDAY + timedelta(days=1), status=EventStatus.CANCELLED
    )
    # When the content is read
    content = digest_content(week=WEEK, now=MONDAY)
    # Then
    assert (content.contributions, content.contributors, content.new_members) == (3, 2, 2)
    assert [(k.label, k.count) for k in content.contributions_by_kind] == [
        ("code", 2),
        ("docs", 0),
        ("ideas", 1),
    ]
    assert content.spotlight.member == alice
    assert content.upcoming_events == [soon]
    assert (content.iso_week, content.last_day) == ("2026-W10", date(2026, 3, 8))


def test_it_goes_once_to_current_members_who_opted_in_and_a_second_run_sends_nothing(settings):
    settings.SITE_URL = "https://hub.example.org"
    # Given two subscribers, a member who did not opt in, and a subscriber who left
    first, second = subscriber(), subscriber()
    MemberFactory()
    leaver = subscriber()
    member_leave(member=leaver, now=MONDAY - timedelta(days=1))
    EventFactory(title="Profiling night", starts_at=MONDAY + timedelta(days=2))
    # When the job runs twice
    assert digest_weekly_send(now=MONDAY) == 2
    assert digest_weekly_send(now=MONDAY + timedelta(minutes=5)) == 0
    # Then each subscriber got one email, with a sent-row for the week
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
    assert sorted(DigestDelivery.objects.values_list("member", "week")) == [
        (first.pk, WEEK),
        (second.pk, WEEK),
    ]
    # and the email has both parts, absolute links and the unsubscribe headers
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "https://hub.example.org/events/" in message.body
    assert 'href="https://hub.example.org/events/' in html
    assert "Profiling night" in message.body
    assert "Profiling night" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://hub.example.org/metrics/digest/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_retry_after_a_failure_sends_only_to_those_not_done():
    # Given a run that sent to the first subscriber and then failed
    first, second = subscriber(), subscriber()
    content = digest_content(week=WEEK, now=MONDAY)
    assert digest_send(member=first, content=content, now=MONDAY) is True
    # When the job is retried
    sent = digest_weekly_send(now=MONDAY + timedelta(minutes=10))
    # Then only the second gets it
    assert sent == 1
    assert [message.to for message in mail.outbox] == [[first.email], [second.email]]


def test_sending_twice_to_the_same_member_and_week_is_refused_by_the_row():
    member = subscriber()
    content = digest_content(week=WEEK, now=MONDAY)
    assert digest_send(member=member, content=content, now=MONDAY) is True
    assert digest_send(member=member, content=content, now=MONDAY) is False
    assert len(mail.outbox) == 1


def test_next_week_is_a_new_digest():
    member = subscriber()
    digest_weekly_send(now=MONDAY)
    digest_weekly_send(now=MONDAY + timedelta(days=7))
    assert list(DigestDelivery.objects.filter(member=member).values_list("week", flat=True)) == [
        WEEK,
        WEEK + timedelta(days=7),
    ]


def test_the_job_is_scheduled_on_mondays_at_nine():
    job = scheduled_jobs.get("metrics-weekly-digest")
    assert (job.task, job.day_of_week, job.hour, job.minute) == (
        "metrics.tasks.digests.digest_weekly",
        "1",
        "9",
        "0",
    )


def test_the_task_sends_the_digest():
    from metrics.tasks.digests import digest_weekly

    subscriber()
    assert digest_weekly.delay().get() == 1
    assert digest_weekly.delay().get() == 0


# --- Unsubscribing without logging in ----------------------------------------------------------


def opted_in(member) -> bool:
    return Profile.objects.get(user=member).newsletter_opt_in


def test_get_only_asks_and_post_unsubscribes_without_login():
    member = subscriber()
    url = f"/metrics/digest/unsubscribe/{digest_unsubscribe_token(member)}/"
    client = Client(enforce_csrf_checks=True)
    # A GET (a mail scanner following the link) shows a button and changes nothing
    page = client.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert opted_in(member)
    # The POST (the button, or a mail client's one-click) unsubscribes
    done = client.post(url)
    assert done.status_code == 200
    assert "Done: you will get no more weekly digests." in done.content.decode()
    assert not opted_in(member)
    # and the next digest skips them
    assert digest_weekly_send(now=MONDAY) == 0
    # A second post changes nothing and says so
    assert "You were already unsubscribed" in client.post(url).content.decode()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda member: digest_unsubscribe_token(member)[:-2] + "xx",  # tampered signature
        lambda member: signing.dumps({"member": member.pk + 1}, salt="wrong")[:-1],
        lambda member: signing.dumps({"member": member.pk}, salt="members.email.confirm"),
        lambda member: signing.dumps({"member": member.pk}),  # no salt at all
        lambda member: signing.TimestampSigner(salt="other.purpose").sign(str(member.pk)),
        lambda member: signing.dumps({"member": str(member.pk)}, salt=UNSUBSCRIBE_SALT),
        lambda member: signing.dumps({"member": 987654}, salt=UNSUBSCRIBE_SALT),
        lambda member: "not-a-token",
    ],
    ids=[
        "tampered",
        "garbled",
        "other-salt",
        "no-salt",
        "other-signer",
        "not-an-id",
        "no-such-member",
        "nonsense",
    ],
)
def test_a_bad_or_wrong_purpose_token_gets_a_clear_400_and_changes_nothing(make_token):
    member = subscriber()
    url = f"/metrics/digest/unsubscribe/{make_token(member)}/"
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert opted_in(member)


def test_the_token_is_good_for_nothing_else():
    member = subscriber()
    token = digest_unsubscribe_token(member)
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="members.email.confirm")


# --- Your data and leaving ---------------------------------------------------------------------


def test_the_export_lists_the_digests_and_leaving_removes_them():
    member = subscriber()
    digest_weekly_send(now=MONDAY)
    assert export_digest_deliveries(member) == [{"week": "2026-W10", "sent_at": MONDAY}]
    member_leave(member=member, now=MONDAY + timedelta(days=1))
    assert not DigestDelivery.objects.exists()
