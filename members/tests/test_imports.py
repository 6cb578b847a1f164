"""Imports: whole-file validation, line-numbered errors, --skip-invalid, idempotency, counts, and
departures (leaving through every app's handler, recognised by the keyed hash once erased)."""

import io
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from hub.core.extension_points import LeaveHandler, leave_handlers
from hub.core.models import AuditEntry
from hub.core.timeutils import community_zone
from members.models import Activity, Profile, TierMembership, User, email_lookup_hash
from members.services.imports import ImportFileError, activities_import, members_import
from members.tests.factories import ActivityFactory, MemberFactory, member_move_to_tier

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
MEMBERS_CSV = """email,name,joined_at,left_at,tier,how_heard
ada@example.com,Ada Lovelace,2025-02-01T10:00:00+00:00,,active-members,A meetup
bob@example.com,Bob Builder,2025-03-01,,,
cy@example.com,Cy Left,2025-01-01,2025-05-01,Contributors,GitHub
"""


def run(importer, text: str, **kwargs):
    return importer(stream=io.StringIO(text), now=NOW, **kwargs)


def write(tmp_path, text: str, name: str = "file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_members_import_creates_joined_members_in_their_tier_and_is_idempotent():
    report = run(members_import, MEMBERS_CSV)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 0)
    ada = User.objects.get(email="ada@example.com")
    assert ada.profile.display_name == "Ada Lovelace"
    assert ada.joined_at == datetime(2025, 2, 1, 10, tzinfo=UTC)
    assert ada.emailaddress_set.get().verified
    current = TierMembership.objects.get(member=ada, ended_at__isnull=True)
    assert (current.tier.level, current.started_at) == (2, ada.joined_at)
    # Cy's row is a departure: Cy left, so only the keyed hash of the address is left
    cy = User.objects.get(email_hash=email_lookup_hash("cy@example.com"))
    assert cy.left_at == datetime(2025, 5, 1, tzinfo=community_zone())
    assert cy.is_erased
    # When the same file is imported again, then nothing changes
    again = run(members_import, MEMBERS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert TierMembership.objects.count() == 3


@pytest.mark.django_db
def test_members_import_updates_a_known_member_and_changes_tier_through_the_service():
    member = MemberFactory(email="mia@example.com", name="Mia")
    report = run(members_import, "email,name,tier\nMIA@example.com,Mia Member,3\n")
    assert (report.created, report.updated) == (0, 1)
    member.refresh_from_db()
    assert member.profile.display_name == "Mia Member"
    history = list(TierMembership.objects.filter(member=member).order_by("started_at"))
    assert [row.tier.level for row in history] == [1, 3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        (
            "mail,name\nx@example.com,X\n",
            "wrong header: unknown column mail; missing column email",
        ),
        (
            "mail,nick,name\nx@example.com,X,X\n",
            "wrong header: unknown columns mail, nick; missing column email",
        ),
        ("email,name,name\n", "repeated column name"),
    ],
)
def test_members_file_with_a_bad_header_or_empty_is_refused(text, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(members_import, text)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_one_bad_member_row_means_nothing_is_imported_and_every_bad_row_is_reported():
    text = (
        "email,name,joined_at,tier\n"
        "ok@example.com,Ok,2025-01-01,\n"
        "bad-email,Nope,2025-01-01,\n"
        "late@example.com,Late,2025-13-45,\n"
        "ok@example.com,Twice,2025-01-01,\n"
        "tier@example.com,Tier,2025-01-01,Gold\n"
    )
    report = run(members_import, text)
    assert not report.imported
    assert [str(error) for error in report.errors] == [
        "line 3: 'bad-email' is not a valid email address",
        "line 4: '2025-13-45' is not an ISO 8601 date or time (for example "
        "2025-03-14T10:30:00+02:00)",
        "line 5: ok@example.com is already on line 2",
        "line 6: unknown tier 'Gold' (use a level, slug or name: Active Members, Contributors, "
        "Core Team)",
    ]
    assert not User.objects.exists()
    # With --skip-invalid the good row goes in and the bad ones are still reported
    report = run(members_import, text, skip_invalid=True)
    assert (report.created, report.rejected, report.imported) == (1, 4, True)


@pytest.mark.django_db
def test_activities_import_is_idempotent_by_source_and_external_id():
    MemberFactory(email="mia@example.com", joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    text = (
        "email,kind,occurred_at,source,external_id,title,url\n"
        "mia@example.com,code,2025-03-01T10:00:00Z,github,pr-1,Fix,https://github.com/x/1\n"
        "mia@example.com,docs,2025-03-02,github,pr-2,Docs,\n"
    )
    first = run(activities_import, text)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert Activity.objects.get(external_id="pr-1").points == 10
    second = run(activities_import, text)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    changed = text.replace("Docs,", "Better docs,").replace(",docs,", ",idea,")
    third = run(activities_import, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    row = Activity.objects.get(external_id="pr-2")
    assert (row.title, row.kind, row.points) == ("Better docs", "idea", 5)
    assert Activity.objects.count() == 2


@pytest.mark.django_db
def test_bad_activity_rows_are_each_reported_with_line_and_reason():
    MemberFactory(email="mia@example.com", joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    text = (
        "email,kind,occurred_at,source,external_id\n"
        "mia@example.com,code,2025-03-01,gh,1\n"
        "nobody@example.com,code,2025-03-01,gh,2\n"
        "mia@example.com,dancing,2025-03-01,gh,3\n"
        "mia@example.com,code,yesterday,gh,4\n"
        "mia@example.com,code,2025-03-01,gh,1\n"
        "mia@example.com,code,2024-03-01,gh,5\n"
        "mia@example.com,code,2027-03-01,gh,6\n"
        "mia@example.com,code\n"
    )
    report = run(activities_import, text)
    reasons = {error.line: error.reason for error in report.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "no member has the email 'nobody@example.com'" in reasons[3]
    assert "unknown kind 'dancing'" in reasons[4]
    assert "'yesterday' is not an ISO 8601" in reasons[5]
    assert "already on line 2" in reasons[6]
    assert "before mia@example.com joined" in reasons[7]
    assert "in the future" in reasons[8]
    assert "expected 5 values, found 2" in reasons[9]
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_import_commands_report_counts_and_fail_on_bad_rows(tmp_path):
    members_file = write(tmp_path, MEMBERS_CSV, "members.csv")
    out = io.StringIO()
    call_command("import_members", members_file, stdout=out)
    assert "3 created, 0 updated, 0 unchanged, 0 rejected." in out.getvalue()
    bad = write(
        tmp_path, "email,kind,occurred_at,source,external_id\nada@example.com,zzz,2025-03-01,x,1\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_activities", bad, stdout=io.StringIO(), stderr=err)
    assert "line 2: unknown kind 'zzz'" in err.getvalue()
    out = io.StringIO()
    call_command("import_activities", bad, "--skip-invalid", stdout=out, stderr=io.StringIO())
    assert "0 created, 0 updated, 0 unchanged, 1 rejected." in out.getvalue()


@pytest.mark.django_db
def test_import_command_refuses_an_empty_or_missing_file(tmp_path):
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_activities", write(tmp_path, ""), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_members", str(tmp_path / "nope.csv"), stdout=io.StringIO())


@pytest.mark.django_db
def test_benchmark_command_imports_and_cleans_up():
    out = io.StringIO()
    call_command("benchmark_import_activities", rows=300, members=5, stdout=out)
    assert "300 created" in out.getvalue()
    assert "rows/second" in out.getvalue()
    assert not Activity.objects.exists()
    assert not User.objects.filter(email__endswith="@benchmark.hub.test").exists()


# --- Departures: a row with left_at leaves through every app's leave handler ---------------------

DEPARTURES_CSV = """email,name,joined_at,left_at,tier,how_heard
stays@example.com,Stays Here,2025-02-01,,active-members,A meetup
gone@example.com,Gone Already,2025-01-01,2025-05-01,Active Members,GitHub
member@example.com,Mia Member,2026-01-15T12:00:00+00:00,2026-04-01,,
"""
MAY_FIRST = datetime(2025, 5, 1, tzinfo=community_zone())
APRIL_FIRST = datetime(2026, 4, 1, tzinfo=community_zone())


@pytest.fixture
def leave_calls():
    """Every call of a throw-away leave handler, as another app's would be called."""
    calls = []
    leave_handlers.register(
        LeaveHandler(
            app="tests",
            name="import_test_handler",
            erase=lambda member, now: calls.append((member.pk, now)),
        )
    )
    yield calls
    leave_handlers.unregister("import_test_handler")


def person(email: str) -> User:
    """The account of `email`, found as an import finds it once the address is erased."""
    return User.objects.get(email_hash=email_lookup_hash(email))


def everything_about_members() -> dict:
    """What an import could change, straight from the tables."""
    return {
        "users": list(User.objects.order_by("pk").values()),
        "profiles": list(Profile.objects.order_by("pk").values()),
        "addresses": list(EmailAddress.objects.order_by("pk").values()),
        "tiers": list(TierMembership.objects.order_by("pk").values()),
        "audit": list(AuditEntry.objects.exclude(action="members.import").order_by("pk").values()),
    }


@pytest.mark.django_db
def test_a_departure_in_the_file_erases_the_data_and_closes_the_tier(member, leave_calls):
    # Given a current member with an activity, and a file in which they and a newcomer left
    ActivityFactory(member=member, occurred_at=datetime(2026, 2, 1, tzinfo=UTC))
    # When the file is imported
    report = run(members_import, DEPARTURES_CSV)
    # Then the newcomers are created, the current member is updated, and both leavers left
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 1, 0, 0)
    gone, mia = person("gone@example.com"), person("member@example.com")
    assert mia.pk == member.pk
    assert sorted(leave_calls) == sorted([(gone.pk, MAY_FIRST), (mia.pk, APRIL_FIRST)])
    for leaver, left_at in ((gone, MAY_FIRST), (mia, APRIL_FIRST)):
        assert leaver.left_at == left_at
        assert leaver.is_erased
        assert not leaver.is_active
        assert leaver.profile.display_name == ""
        assert not EmailAddress.objects.filter(user=leaver).exists()
        assert not TierMembership.objects.filter(member=leaver, ended_at__isnull=True).exists()
        assert AuditEntry.objects.filter(action="member.leave", subject=leaver).exists()
    # The newcomer's history says where they were until they left; the member's past stays
    gone_history = TierMembership.objects.get(member=gone)
    assert (gone_history.tier.level, gone_history.ended_at) == (2, MAY_FIRST)
    assert Activity.objects.filter(member=mia).count() == 1
    assert User.objects.get(email="stays@example.com").left_at is None


@pytest.mark.django_db
def test_importing_departures_again_changes_nothing(member, leave_calls):
    # Given a file with departures, imported once (the leavers' addresses are erased)
    run(members_import, DEPARTURES_CSV)
    before, calls_before = everything_about_members(), len(leave_calls)
    # When the same file is imported again
    again = run(members_import, DEPARTURES_CSV)
    # Then every row is recognised and unchanged, and nobody leaves a second time
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert everything_about_members() == before
    assert len(leave_calls) == calls_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("gone@example.com,Gone Again,2025-01-01,,,", "the file gives no left_at"),
        ("GONE@example.com,Gone,2025-01-01,2025-06-01,,", "the file gives left_at 2025-06-01"),
    ],
)
def test_a_departed_member_in_a_different_row_is_reported_not_brought_back(row, says):
    # Given a member who left through an earlier import
    run(members_import, DEPARTURES_CSV)
    before = everything_about_members()
    # When a file brings them back (no left_at) or moves their departure
    text = f"email,name,joined_at,left_at,tier,how_heard\n{row}\nnew@example.com,New,,,,\n"
    report = run(members_import, text)
    # Then the row is reported with the reason, and nothing is written
    assert not report.imported
    assert [str(error) for error in report.errors] == [
        f"line 2: gone@example.com left the community on 2025-05-01 and their personal data was "
        f"erased; {says}. An import does not bring a member back nor move a departure: fix the "
        "row, or leave it out (to come back, they sign up again)."
    ]
    assert everything_about_members() == before
    # With --skip-invalid the other rows go in, and the departed member stays departed
    report = run(members_import, text, skip_invalid=True)
    assert (report.created, report.rejected) == (1, 1)
    assert person("gone@example.com").is_erased


@pytest.mark.django_db
def test_a_departure_dated_before_the_current_tier_began_is_reported(member):
    member_move_to_tier(member, 2, now=datetime(2026, 3, 1, tzinfo=UTC))
    report = run(members_import, DEPARTURES_CSV.replace("2026-04-01", "2026-02-01"))
    assert [str(error) for error in report.errors] == [
        "line 4: left_at 2026-02-01 is before member@example.com's current tier began on 2026-03-01"
    ]
    member.refresh_from_db()
    assert member.left_at is None


@pytest.mark.django_db
def test_a_departure_recorded_without_erasure_is_completed(member, leave_calls):
    # Given a member whose departure an older import recorded without erasing anything
    User.objects.filter(pk=member.pk).update(left_at=APRIL_FIRST)
    # When the file with that departure is imported
    report = run(members_import, DEPARTURES_CSV)
    # Then they leave for good, on the recorded date
    assert report.updated == 1
    member.refresh_from_db()
    assert (member.is_erased, member.left_at) == (True, APRIL_FIRST)
    assert (member.pk, APRIL_FIRST) in leave_calls


@pytest.mark.django_db
def test_a_member_who_left_and_signed_up_again_keeps_both_accounts_apart():
    # Given someone who left through an import and then signed up again with the same address
    run(members_import, DEPARTURES_CSV)
    departed = person("gone@example.com")
    again = MemberFactory(email="gone@example.com", joined_at=datetime(2026, 2, 1, tzinfo=UTC))
    # When the old file is imported again, then it still describes the departed account
    report = run(members_import, DEPARTURES_CSV)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    again.refresh_from_db()
    assert again.left_at is None
    # And their activities go to the account that existed when they happened
    text = (
        "email,kind,occurred_at,source,external_id\n"
        "gone@example.com,code,2025-03-01,old-forum,1\n"
        "gone@example.com,code,2026-03-01,old-forum,2\n"
    )
    assert run(activities_import, text).created == 2
    assert Activity.objects.get(external_id="1").member_id == departed.pk
    assert Activity.objects.get(external_id="2").member_id == again.pk


@pytest.mark.django_db
def test_activities_of_a_departed_member_are_imported_by_the_hashed_address():
    run(members_import, DEPARTURES_CSV)
    text = (
        "email,kind,occurred_at,source,external_id\n"
        "gone@example.com,code,2025-03-01,old-forum,1\n"
        "gone@example.com,code,2025-06-01,old-forum,2\n"
    )
    report = run(activities_import, text)
    assert [str(error) for error in report.errors] == [
        "line 3: occurred_at is after gone@example.com left"
    ]
    report = run(activities_import, text, skip_invalid=True)
    assert Activity.objects.get(external_id="1").member == person("gone@example.com")
