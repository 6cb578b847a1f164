"""The site search: events, groups, ideas and members that the searcher may see, one query a
kind. Each kind starts from its own app's visibility selector, so search never shows what the
page it links to would refuse. PostgreSQL ranks with full-text search; SQLite (the zero-setup
default) matches words with a case-insensitive `icontains` on the same fields."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from events.selectors.events import events_visible_to
from events.selectors.groups import group_list
from members.selectors.ideas import idea_list
from members.selectors.profiles import directory_visible_members

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


@dataclass(frozen=True)
class Kind:
    """One kind of result: its name in the URL, its heading, the fields searched."""

    name: str
    title: str
    fields: tuple[str, ...]
    order: tuple[str, ...]  # without full-text ranking (SQLite), and to break ties


EVENTS = Kind("events", "Events", ("title", "description", "venue"), ("-starts_at", "pk"))
GROUPS = Kind("groups", "Groups", ("name", "description", "region"), ("name", "pk"))
IDEAS = Kind("ideas", "Ideas", ("title", "body"), ("-created_at", "pk"))
MEMBERS = Kind(
    "members",
    "Members",
    ("profile__display_name", "profile__headline", "profile__location"),
    ("profile__display_name", "pk"),
)
KINDS = (EVENTS, GROUPS, IDEAS, MEMBERS)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def search_words(text: str) -> list[str]:
    """The words of a query, at most MAX_WORDS of them, each without surrounding punctuation."""
    text = text[:MAX_QUERY_LENGTH]
    words = [word.strip("\"'.,;:!?()[]{}") for word in re.split(r"\s+", text)]
    return [word for word in words if word][:MAX_WORDS]


def _visible(kind: Kind, *, user, now: datetime) -> QuerySet:
    if kind is EVENTS:
        return events_visible_to(user=user, now=now).select_related("group")
    if kind is GROUPS:
        return group_list(now=now)
    if kind is IDEAS:
        return idea_list(viewer=user)
    return directory_visible_members(now=now).select_related("profile")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search_kind(kind: Kind, *, words: list[str], user, now: datetime) -> QuerySet:
    """The visible objects of `kind` that match every word, best first."""
    queryset = _visible(kind, user=user, now=now)
    if uses_full_text():
        query = SearchQuery(" ".join(words), search_type="plain", config="simple")
        vector = SearchVector(*kind.fields, config="simple")
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", *kind.order)
        )
    for word in words:
        matches = Q()
        for field in kind.fields:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset.order_by(*kind.order)


def site_search(
    *, text: str, user, now: datetime, only: str = "", per_kind: int = 5
) -> dict[str, dict]:
    """For each kind (or the one named `only`), up to `per_kind` results and whether there
    are more: one query a kind (one row more than shown tells whether to offer "more")."""
    words = search_words(text)
    if not words:
        return {}
    results = {}
    for kind in [KINDS_BY_NAME[only]] if only in KINDS_BY_NAME else KINDS:
        rows = list(search_kind(kind, words=words, user=user, now=now)[: per_kind + 1])
        results[kind.name] = {"kind": kind, "rows": rows[:per_kind], "more": len(rows) > per_kind}
    return results
