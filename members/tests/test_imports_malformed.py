"""Malformed import files never end in a traceback: every bad file gets "line N: reason"
messages and imports nothing. The cases found from outside (a NUL in a field, a field over the
csv module's limit, a date with no UTC instant, bytes that are not UTF-8), then hypothesis
writing files of its own."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import Activity, User

pytestmark = pytest.mark.django_db

MEMBERS_HEADER = "email,name,joined_at,left_at,tier,how_heard\n"
ACTIVITIES_HEADER = "email,kind,occurred_at,source,external_id,title,url\n"
GOOD_MEMBER = "ada@example.com,Ada Lovelace,2025-02-01,,,\n"


def _import(tmp_path, command: str, content: bytes) -> tuple[str, str]:
    """Run the import command on `content`; (error message, stderr) of the refusal."""
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    return str(refused.value), err.getvalue()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("bob@example.com,Bob\x00Builder,2025-03-01,,,", "line 3: name: Remove the invisible"),
        ("bob@example.com,Bob,2025-03-01,,,A\u202emeetup", "line 3: how_heard: Remove the"),
        ('bob@example.com,"Bob\nBuilder",2025-03-01,,,', "line 4: name: Use a single line"),
        (
            "bob@example.com,Bob,0001-01-01T00:00:00+14:00,,,",
            "line 3: '0001-01-01T00:00:00+14:00' is outside the dates a calendar can hold",
        ),
        (
            "bob@example.com,Bob,9999-12-31T23:59:59-14:00,,,",
            "is outside the dates a calendar can hold",
        ),
        (
            "bob@example.com," + "B" * (csv.field_size_limit() + 1) + ",2025-03-01,,,",
            "line 3: not readable as CSV: a value is longer than 131,072 characters",
        ),
    ],
)
def test_a_bad_member_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path, row, reason):
    before = User.objects.count()
    message, errors = _import(
        tmp_path, "import_members", (MEMBERS_HEADER + GOOD_MEMBER + row + "\n").encode()
    )
    assert "nothing was imported" in message
    assert reason in errors
    assert User.objects.count() == before


def test_bytes_that_are_not_utf8_name_their_line(tmp_path):
    message, _ = _import(
        tmp_path, "import_members", MEMBERS_HEADER.encode() + GOOD_MEMBER.encode() + b"\xff\xfe,\n"
    )
    assert message.startswith("line 3: not UTF-8 text")
    assert User.objects.filter(email="ada@example.com").count() == 0


def test_a_header_over_the_csv_limit_is_a_line_numbered_refusal(tmp_path):
    message, _ = _import(
        tmp_path, "import_activities", ("x" * (csv.field_size_limit() + 1) + "\n").encode()
    )
    assert message.startswith("line 1: the header is not readable as CSV")


def test_a_utf8_byte_order_mark_is_not_part_of_the_header(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (MEMBERS_HEADER + GOOD_MEMBER).encode())
    call_command("import_members", str(path), stdout=io.StringIO())
    assert User.objects.filter(email="ada@example.com").exists()


# --- hypothesis writes the files -----------------------------------------------------------

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["ada@example.com", "code", "2025-03-01", "0001-01-01T00:00:00+14:00", "", "x" * 300]
    ),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl"]), max_size=5),
)
ROW = st.lists(CELL, min_size=0, max_size=9)


def _csv_text(header: str, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
    return header + buffer.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(["import_members", "import_activities"]),
    rows=st.lists(ROW, min_size=1, max_size=6),
    garbage=st.binary(max_size=40),
    raw=st.booleans(),
)
def test_no_file_ends_in_a_traceback(tmp_path, command, rows, garbage, raw):
    header = MEMBERS_HEADER if command == "import_members" else ACTIVITIES_HEADER
    content = _csv_text(header, rows).encode("utf-8", "surrogatepass")
    if raw:
        content += garbage
    users, activities = User.objects.count(), Activity.objects.count()
    path = tmp_path / "fuzz.csv"
    path.write_bytes(content)
    err = io.StringIO()
    refusal = ""
    try:
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        refusal = str(error)
    if refusal:
        # Then a refusal names lines, and nothing changed
        assert refusal.startswith(("line ", "The file is empty")) or (
            re.match(r"\d+ bad rows?: nothing was imported", refusal)
            and all(line.startswith("line ") for line in err.getvalue().splitlines())
        )
        assert (User.objects.count(), Activity.objects.count()) == (users, activities)
