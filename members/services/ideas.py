"""Writes about ideas: posting one (which records an `idea` activity), voting and taking the
vote back, and a manager setting its status with a public comment.

One vote per member and idea is enforced by the database; a double click or two concurrent
requests end with one vote and a clear message for the second.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hub.core.audit import audit_record
from hub.core.errors import DomainError, NotFound
from members.models import Activity, ActivityKind, Idea, IdeaVote, User
from members.selectors.membership import member_require_current
from members.services.activities import activity_record, activity_remove

#: Statuses in which an idea still takes votes; the others are decided.
VOTABLE_STATUSES = (Idea.Status.OPEN, Idea.Status.PLANNED, Idea.Status.STARTED)


def _activity_external_id(idea: Idea) -> str:
    """The key of the `idea` activity that posting `idea` recorded."""
    return f"idea-{idea.pk}"


@transaction.atomic
def idea_create(*, author: User, title: str, body: str, now: datetime, source: str = "web") -> Idea:
    """Post an idea and record it in the author's activity ledger (an `idea` contribution)."""
    member_require_current(author, now=now, to="post ideas")
    title, body = title.strip(), body.strip()
    if not title:
        raise DomainError("Give your idea a title.")
    if not body:
        raise DomainError("Describe your idea in a few sentences.")
    idea = Idea(author=author, title=title, body=body, created_at=now)
    try:
        idea.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    idea.save()
    activity_record(
        member=author,
        kind=ActivityKind.IDEA,
        occurred_at=now,
        source=source,
        external_id=_activity_external_id(idea),
        title=idea.title[:200],
        url="",
        metadata={"idea_id": idea.pk, "path": reverse("members:idea_detail", args=[idea.pk])},
        now=now,
    )
    audit_record(
        actor=author,
        action="idea.create",
        subject=author,
        target=idea,
        now=now,
        data={"title": idea.title},
    )
    return idea


def _locked_idea(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update().filter(pk=idea.pk).first()
    if locked is None:
        raise NotFound("This idea no longer exists.")
    return locked


@transaction.atomic
def idea_vote(*, idea: Idea, member: User, now: datetime) -> IdeaVote:
    """Vote for an idea, once. The idea row is locked so concurrent votes queue up; the unique
    constraint stops a second vote whatever happens."""
    member_require_current(member, now=now, to="vote")
    idea = _locked_idea(idea)
    if idea.status not in VOTABLE_STATUSES:
        raise DomainError(
            f"Voting is closed for this idea: it is {idea.get_status_display().lower()}.",
            code="voting_closed",
        )
    if IdeaVote.objects.filter(idea=idea, member=member).exists():
        raise DomainError("You have already voted for this idea.", code="already_voted")
    try:
        with transaction.atomic():
            return IdeaVote.objects.create(idea=idea, member=member, created_at=now)
    except IntegrityError as error:
        raise DomainError("You have already voted for this idea.", code="already_voted") from error


@transaction.atomic
def idea_unvote(*, idea: Idea, member: User, now: datetime) -> None:
    """Take a vote back. Allowed whatever the idea's status, so nobody is stuck with a vote."""
    deleted, _ = IdeaVote.objects.filter(idea_id=idea.pk, member=member).delete()
    if not deleted:
        raise DomainError("You have not voted for this idea.", code="not_voted")


@transaction.atomic
def idea_status_set(*, idea: Idea, status: str, comment: str, actor: User, now: datetime) -> Idea:
    """A manager decides on an idea: a status and a public comment that explains it."""
    if status not in Idea.Status.values:
        raise DomainError(
            "Choose one of the statuses: " + ", ".join(label for label in Idea.Status.labels) + "."
        )
    comment = comment.strip()
    if not comment:
        raise DomainError("Write a short public comment explaining the status.")
    if len(comment) > Idea._meta.get_field("status_comment").max_length:
        raise DomainError("Keep the comment under 2000 characters.")
    idea = _locked_idea(idea)
    before = (idea.status, idea.status_comment)
    if before == (status, comment):
        return idea
    idea.status, idea.status_comment, idea.status_changed_at = status, comment, now
    idea.save(update_fields=["status", "status_comment", "status_changed_at"])
    audit_record(
        actor=actor,
        action="idea.status",
        subject=idea.author,
        target=idea,
        now=now,
        data={"from": before[0], "to": status, "comment": comment, "title": idea.title},
    )
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, actor: User, now: datetime) -> None:
    """A manager deletes an idea (spam, a test): its votes go with it, and so does the idea
    activity its posting recorded (through `activity_remove`, audited), so nobody keeps points
    for it. Ideas a manager only disagrees with are declined instead, which keeps them."""
    idea = _locked_idea(idea)
    reason = "Its idea was deleted."
    for activity in Activity.objects.filter(
        member_id=idea.author_id, kind=ActivityKind.IDEA, external_id=_activity_external_id(idea)
    ):
        activity_remove(activity=activity, actor=actor, now=now, reason=reason)
    audit_record(
        actor=actor,
        action="idea.delete",
        subject=idea.author,
        target=idea,
        now=now,
        data={"title": idea.title, "votes": idea.votes.count()},
    )
    idea.delete()
