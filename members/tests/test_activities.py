"""The activity ledger: members logging contributions, managers adding, correcting and removing
rows with an audit entry each time, and the members slipping away (the page and the weekly
email to managers)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.forms.activities import ContributionForm
from members.models import Activity
from members.selectors.activities import members_returned, members_slipping_away
from members.services.activities import (
    activity_add_by_manager,
    activity_correct,
    activity_remove,
    contribution_log,
)
from members.tasks.activities import slipping_away_weekly
from members.tests.factories import ActivityFactory, MemberFactory

JOINED = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
#: The Monday of a weekly "slipping away" email.
EMAIL_WEEK = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def days_before_the_email(days: float) -> datetime:
    return EMAIL_WEEK - timedelta(days=days)


@pytest.mark.django_db
def test_member_logs_a_contribution_with_the_kinds_points():
    member = MemberFactory(joined_at=JOINED)
    activity = contribution_log(
        member=member,
        kind="docs",
        title="Install guide",
        url="https://example.com/x",
        day=date(2026, 3, 1),
        now=NOW,
    )
    assert (activity.kind, activity.source, activity.points) == ("docs", "web", 8)
    assert activity.occurred_at.date() == date(2026, 3, 1)
    assert Activity.objects.filter(member=member).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2026, 3, 11), "code", "in the future"),
        (date(2026, 1, 14), "code", "before you joined"),
        (date(2026, 3, 1), "mentoring", "Choose code, docs or idea"),
    ],
)
def test_contribution_with_a_bad_date_or_kind_is_refused(day, kind, message):
    member = MemberFactory(joined_at=JOINED)
    with pytest.raises(DomainError, match=message):
        contribution_log(member=member, kind=kind, title="X", url="", day=day, now=NOW)
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_contribution_on_the_day_of_joining_and_today_is_kept_within_bounds():
    member = MemberFactory(joined_at=datetime(2026, 1, 15, 16, 0, tzinfo=UTC))
    on_joining = contribution_log(
        member=member, kind="code", title="A", url="", day=date(2026, 1, 15), now=NOW
    )
    today = contribution_log(member=member, kind="code", title="B", url="", day=NOW.date(), now=NOW)
    assert on_joining.occurred_at >= member.joined_at
    assert today.occurred_at <= NOW


def test_contribution_form_explains_each_bad_field():
    form = ContributionForm(
        data={"kind": "mentoring", "title": "  ", "url": "not a url", "day": "x"}
    )
    assert not form.is_valid()
    assert form.errors["kind"] == ["Choose code, docs or idea."]
    assert form.errors["title"] == ["Give the contribution a title."]
    assert "full web address" in form.errors["url"][0]
    assert form.errors["day"] == ["Enter a date like 2026-03-14."]


@pytest.mark.django_db
def test_manager_correction_keeps_before_and_after_in_the_audit(manager):
    activity = ActivityFactory(member=MemberFactory(joined_at=JOINED), title="Tpyo", points=10)
    activity_correct(
        activity=activity,
        actor=manager,
        changes={"title": "Typo", "points": 4},
        reason="spelling",
        now=NOW,
    )
    activity.refresh_from_db()
    assert (activity.title, activity.points) == ("Typo", 4)
    entry = AuditEntry.objects.get(action="activity.correct")
    assert entry.actor == manager
    assert entry.data["before"] == {"title": "Tpyo", "points": 10}
    assert entry.data["after"] == {"title": "Typo", "points": 4}


@pytest.mark.django_db
def test_correction_into_the_future_is_refused_and_changes_nothing(manager):
    activity = ActivityFactory(member=MemberFactory(joined_at=JOINED))
    with pytest.raises(DomainError, match="future"):
        activity_correct(
            activity=activity,
            actor=manager,
            changes={"occurred_at": NOW + timedelta(days=1)},
            now=NOW,
        )
    activity.refresh_from_db()
    assert activity.occurred_at == JOINED
    assert not AuditEntry.objects.filter(action="activity.correct").exists()


@pytest.mark.django_db
def test_removal_keeps_a_copy_in_the_audit(manager):
    activity = ActivityFactory(member=MemberFactory(joined_at=JOINED), title="Spam")
    activity_remove(activity=activity, actor=manager, now=NOW, reason="spam")
    assert not Activity.objects.exists()
    entry = AuditEntry.objects.get(action="activity.remove")
    assert entry.data["removed"]["title"] == "Spam"


@pytest.mark.django_db
def test_manager_adds_a_row_once_per_external_id(manager):
    member = MemberFactory(joined_at=JOINED)
    kwargs = {
        "actor": manager,
        "member": member,
        "kind": "mentoring",
        "occurred_at": NOW,
        "external_id": "m-1",
        "now": NOW,
    }
    first = activity_add_by_manager(**kwargs)
    second = activity_add_by_manager(**kwargs)
    assert first.created
    assert not second.created
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.filter(action="activity.add").count() == 1


@pytest.mark.django_db
def test_admin_change_and_delete_go_through_the_audited_services(manager, client_for):
    activity = ActivityFactory(member=MemberFactory(joined_at=JOINED), title="Old", kind="code")
    client = client_for(manager)
    url = f"/admin/members/activity/{activity.pk}/change/"
    response = client.post(
        url,
        {
            "member": activity.member_id,
            "kind": "docs",
            "occurred_at_0": "2026-02-01",
            "occurred_at_1": "10:00:00",
            "source": "test",
            "title": "New",
            "url": "",
            "points": "",
            "correction_reason": "wrong kind",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity.refresh_from_db()
    assert (activity.kind, activity.title, activity.points) == ("docs", "New", 8)
    assert AuditEntry.objects.get(action="activity.correct").data["reason"] == "wrong kind"
    response = client.post(f"/admin/members/activity/{activity.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert AuditEntry.objects.filter(action="activity.remove", actor=manager).exists()


@pytest.mark.django_db
def test_admin_add_refuses_a_future_time(manager, client_for):
    member = MemberFactory(joined_at=JOINED)
    response = client_for(manager).post(
        "/admin/members/activity/add/",
        {
            "member": member.pk,
            "kind": "mentoring",
            "occurred_at_0": "2999-01-01",
            "occurred_at_1": "10:00:00",
            "source": "admin",
            "title": "Later",
            "points": "",
        },
    )
    assert response.status_code == 200
    assert "cannot happen in the future" in response.content.decode()
    assert not Activity.objects.exists()


# --- Members slipping away ---------------------------------------------------------------------


@pytest.mark.django_db
def test_slipping_away_lists_members_quiet_for_30_days_after_being_active():
    slipping = MemberFactory(name="Slipping", joined_at=days_before_the_email(300))
    ActivityFactory(member=slipping, occurred_at=days_before_the_email(45))
    active = MemberFactory(name="Active", joined_at=days_before_the_email(300))
    ActivityFactory(member=active, occurred_at=days_before_the_email(45))
    ActivityFactory(member=active, occurred_at=days_before_the_email(3))
    long_gone = MemberFactory(name="Long gone", joined_at=days_before_the_email(300))
    ActivityFactory(member=long_gone, occurred_at=days_before_the_email(200))
    left = MemberFactory(name="Left", joined_at=days_before_the_email(300))
    ActivityFactory(member=left, occurred_at=days_before_the_email(45))
    left.left_at = days_before_the_email(10)
    left.save(update_fields=["left_at"])
    found = list(members_slipping_away(now=EMAIL_WEEK))
    assert [m.pk for m in found] == [slipping.pk]
    assert found[0].tier_name == "Contributors"


@pytest.mark.django_db
def test_returned_lists_members_who_were_slipping_a_week_ago_and_came_back():
    back = MemberFactory(name="Back", joined_at=days_before_the_email(300))
    ActivityFactory(member=back, occurred_at=days_before_the_email(60))
    ActivityFactory(member=back, occurred_at=days_before_the_email(2))
    regular = MemberFactory(name="Regular", joined_at=days_before_the_email(300))
    ActivityFactory(member=regular, occurred_at=days_before_the_email(20))
    ActivityFactory(member=regular, occurred_at=days_before_the_email(2))
    assert [m.pk for m in members_returned(now=EMAIL_WEEK)] == [back.pk]


@pytest.mark.django_db
def test_slipping_page_is_for_managers_with_flat_queries(
    manager, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    for index in range(3):
        ActivityFactory(
            member=MemberFactory(joined_at=days_before_the_email(400)),
            occurred_at=datetime.now(UTC) - timedelta(days=40 + index),
        )
    with django_assert_max_num_queries(10) as few:
        response = client.get(reverse("members:manage_slipping"))
    assert response.content.decode().count("<tr>") == 4
    for index in range(20):
        ActivityFactory(
            member=MemberFactory(joined_at=days_before_the_email(400)),
            occurred_at=datetime.now(UTC) - timedelta(days=40 + index),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:manage_slipping"))
    assert response.content.decode().count("<tr>") == 24


@pytest.mark.django_db
def test_weekly_job_emails_managers_the_lists(manager, settings):
    settings.SITE_URL = "https://hub.example.org"
    quiet = MemberFactory(name="Quiet Quentin", joined_at=datetime.now(UTC) - timedelta(days=300))
    ActivityFactory(member=quiet, occurred_at=datetime.now(UTC) - timedelta(days=50))
    result = slipping_away_weekly.delay().get()
    assert "1 slipping" in result
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Quiet Quentin" in mail.outbox[0].body
    # The link works from a mail client: absolute, on the site's own address.
    assert "https://hub.example.org/members/manage/slipping/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_weekly_email_goes_once_per_manager_and_week_however_often_the_job_runs():
    from members.models import SlippingAwayEmail
    from members.services.activities import slipping_away_email_send
    from members.tests.factories import ManagerFactory

    # Given two managers and someone slipping away
    first = ManagerFactory(joined_at=JOINED)
    ManagerFactory(joined_at=JOINED)
    quiet = MemberFactory(joined_at=days_before_the_email(300))
    ActivityFactory(member=quiet, occurred_at=days_before_the_email(45))
    # When the job runs on Monday, again on Monday, and once more on Wednesday
    slipping_away_email_send(now=EMAIL_WEEK)
    slipping_away_email_send(now=EMAIL_WEEK + timedelta(minutes=5))
    slipping_away_email_send(now=EMAIL_WEEK + timedelta(days=2))
    # then each manager got one email, one row each
    assert sorted(len(message.to) for message in mail.outbox) == [1, 1]
    assert SlippingAwayEmail.objects.count() == 2
    # and a manager who joins the team that week gets it on the next run, alone
    late = ManagerFactory(joined_at=JOINED)
    mail.outbox.clear()
    slipping_away_email_send(now=EMAIL_WEEK + timedelta(days=3))
    assert [message.to for message in mail.outbox] == [[late.email]]
    # and next week everyone is told again
    mail.outbox.clear()
    slipping_away_email_send(now=EMAIL_WEEK + timedelta(days=7))
    assert len(mail.outbox) == 3
    assert first.email in {message.to[0] for message in mail.outbox}


@pytest.mark.django_db
def test_a_failed_send_is_retried_and_skips_the_managers_already_told(monkeypatch):
    from members.models import SlippingAwayEmail
    from members.services import activities as service
    from members.tests.factories import ManagerFactory

    managers = [ManagerFactory(joined_at=JOINED) for _ in range(3)]
    real_send, sent = service.send_mail, []

    def flaky(**kwargs):
        if len(sent) == 1:
            raise ConnectionError("the mail server went away")
        sent.append(kwargs["recipient_list"])
        return real_send(**kwargs)

    monkeypatch.setattr(service, "send_mail", flaky)
    with pytest.raises(ConnectionError):
        service.slipping_away_email_send(now=EMAIL_WEEK)
    assert SlippingAwayEmail.objects.count() == 1  # the failed one left no row
    monkeypatch.setattr(service, "send_mail", real_send)
    service.slipping_away_email_send(now=EMAIL_WEEK)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in managers)


@pytest.mark.django_db
def test_a_member_who_left_cannot_log_a_contribution():
    member = MemberFactory(joined_at=JOINED)
    member.left_at = NOW - timedelta(days=1)
    member.save(update_fields=["left_at"])
    with pytest.raises(DomainError, match="Only current members can log contributions") as error:
        contribution_log(
            member=member, kind="code", title="Late", url="", day=date(2026, 3, 1), now=NOW
        )
    assert error.value.code == "not_member"
    assert not Activity.objects.filter(member=member).exists()
