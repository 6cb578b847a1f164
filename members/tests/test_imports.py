"""Imports: whole-file validation, line-numbered errors, --skip-invalid, idempotency, counts."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from members.models import Activity, TierMembership, User
from members.services.imports import ImportFileError, activities_import, members_import
from members.tests.factories import MemberFactory

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
    assert User.objects.get(email="cy@example.com").left_at is not None
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
            "wrong header: unknown column(s) mail; missing column(s) email",
        ),
        ("email,name,name\n", "repeated column(s) name"),
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
