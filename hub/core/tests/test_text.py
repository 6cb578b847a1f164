"""Counted nouns read as English: one takes the singular, every other count the plural."""

import pytest

from hub.core.text import counted, noun_for


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 members"), (1, "1 member"), (2, "2 members"), (-1, "-1 members")]
)
def test_a_regular_noun_takes_an_s_except_for_exactly_one(count, expected):
    assert counted(count, "member") == expected


def test_an_irregular_plural_is_used_as_given():
    assert counted(1, "activity", "activities") == "1 activity"
    assert counted(3, "activity", "activities") == "3 activities"
    assert counted(0, "activity", "activities") == "0 activities"


def test_a_missing_count_reads_as_plural_instead_of_failing():
    # An audit entry older than the key prints "?" for it.
    assert counted("?", "row") == "? rows"


def test_the_noun_alone_agrees_with_the_count():
    assert noun_for(1, "column") == "column"
    assert noun_for(2, "column") == "columns"
    assert noun_for(0, "month", "months") == "months"
