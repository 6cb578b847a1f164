"""The API's activity ingestion service: who may post activity for whom.

Kept beside the API because the rules are about API callers: a member posts their own
contributions; an integration (any user with the permission `members.add_activity`, such as a
manager or a GitHub webhook account) posts any kind for any current member, named by email or
GitHub username, with its own `source`. Both are idempotent by (source, external_id).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hub.core.errors import DomainError
from members.models import CONTRIBUTION_KINDS, User
from members.selectors.membership import member_require_current
from members.services.activities import (
    ActivityRecordResult,
    activity_add_by_manager,
    activity_record,
)

INTEGRATION_PERMISSION = "members.add_activity"
MEMBER_SOURCE = "api"


class ActivityConflict(DomainError):
    """The (source, external_id) belongs to another member's row: 409, nothing is revealed."""

    status_code = 409


def _current_members(now: datetime):
    return User.objects.current(now)


def activity_target_resolve(*, email: str = "", github_username: str = "", now: datetime) -> User:
    if email:
        member = _current_members(now).filter(email__iexact=email.strip()).first()
        if member is None:
            raise DomainError(
                f"No current member has the email address {email}.", code="unknown_member"
            )
        return member
    found = list(
        _current_members(now).filter(profile__github_username__iexact=github_username.strip())[:2]
    )
    if len(found) != 1:
        raise DomainError(
            f"No single current member has the GitHub username {github_username}.",
            code="unknown_member",
        )
    return found[0]


@transaction.atomic
def activity_ingest(
    *,
    actor: User,
    kind: str,
    occurred_at: datetime,
    now: datetime,
    title: str = "",
    url: str = "",
    source: str = MEMBER_SOURCE,
    external_id: str = "",
    email: str = "",
    github_username: str = "",
) -> ActivityRecordResult:
    """Record an activity posted through the API; a repeat returns the existing row."""
    is_integration = actor.has_perm(INTEGRATION_PERMISSION)
    for_someone = bool(email or github_username)
    if not is_integration:
        if for_someone:
            raise PermissionDenied("Only integrations may post activity for other members.")
        if source != MEMBER_SOURCE:
            raise PermissionDenied(
                f"Only integrations may set the source; yours is {MEMBER_SOURCE}."
            )
        if kind not in CONTRIBUTION_KINDS:
            raise DomainError(
                "You can post your own contributions (code, docs, idea); other kinds are "
                "recorded by events, integrations and managers.",
                code="kind_not_allowed",
            )
    member = (
        activity_target_resolve(email=email, github_username=github_username, now=now)
        if for_someone
        else actor
    )
    member_require_current(member, now=now, to="have activities recorded")
    if occurred_at < member.joined_at:
        raise DomainError("The activity is dated before the member joined.", code="before_joining")
    if member.pk != actor.pk:
        result = activity_add_by_manager(
            actor=actor,
            member=member,
            kind=kind,
            occurred_at=occurred_at,
            now=now,
            title=title,
            url=url,
            source=source,
            external_id=external_id,
        )
    else:
        result = activity_record(
            member=member,
            kind=kind,
            occurred_at=occurred_at,
            source=source,
            now=now,
            external_id=external_id,
            title=title,
            url=url,
        )
    if not result.created and result.activity.member_id != member.pk:
        # Never hand another member's row to a caller who named someone else.
        raise ActivityConflict(
            "This source and external id were already recorded for another member.",
            code="conflict",
        )
    return result
