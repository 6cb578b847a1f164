"""Counted nouns in the text people read: "1 member", "2 members", never "2 member(s)"."""


def noun_for(count: int, singular: str, plural: str | None = None) -> str:
    """The noun that agrees with `count`: `singular` for exactly one, else `plural` (by default
    `singular` + "s"; pass it for irregular nouns such as "activity" / "activities").

    Zero takes the plural ("0 members"), as English does. A count that is not a number (an
    audit entry older than the key prints "?") also takes the plural, so a sentence never fails.
    On its own for wording where the number is not shown ("unknown columns 'x', 'y'").
    """
    if count == 1:
        return singular
    return plural if plural is not None else f"{singular}s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` followed by the noun that agrees with it: "1 member", "0 members", "3 members"."""
    return f"{count} {noun_for(count, singular, plural)}"
