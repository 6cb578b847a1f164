"""Reads about ideas: the list (by votes or newest, by status) and one idea, each with its vote
count and whether the viewer voted, computed by the database in the same query."""

from django.db.models import BooleanField, Count, Exists, OuterRef, QuerySet, Value

from hub.core.errors import NotFound
from members.models import Idea, IdeaVote

SORTS = {
    "votes": ("-vote_count", "-created_at", "-id"),
    "newest": ("-created_at", "-id"),
}
DEFAULT_SORT = "votes"


def _annotated(viewer) -> QuerySet[Idea]:
    if viewer is not None and viewer.is_authenticated:
        voted = Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), member_id=viewer.pk))
    else:
        voted = Value(False, output_field=BooleanField())
    return Idea.objects.select_related("author__profile").annotate(
        vote_count=Count("votes", distinct=True), viewer_voted=voted
    )


def idea_list(*, viewer, status: str = "", sort: str = DEFAULT_SORT) -> QuerySet[Idea]:
    """Ideas with `vote_count` and `viewer_voted`; unknown `status` or `sort` values are
    ignored (all statuses, sorted by votes) rather than failing."""
    ideas = _annotated(viewer)
    if status in Idea.Status.values:
        ideas = ideas.filter(status=status)
    return ideas.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def idea_get(*, pk: int, viewer) -> Idea:
    idea = _annotated(viewer).filter(pk=pk).first()
    if idea is None:
        raise NotFound("No idea has this number.")
    return idea


def idea_status_counts() -> dict[str, int]:
    """How many ideas are in each status (one grouped query), for the filter links."""
    rows = Idea.objects.values_list("status").annotate(count=Count("id")).order_by()
    counts = dict.fromkeys(Idea.Status.values, 0)
    counts.update(dict(rows))
    return counts
