"""Writes to the activity ledger: one row per thing a member did, idempotent by source id.

Who records what: a member logs their own contributions (the form, or the API with source
"api"); a manager adds, corrects and removes rows (audited); an integration (any user with the
permission `members.add_activity`, such as a GitHub webhook account) posts any kind for any
current member, named by email or GitHub username, with its own `source`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    ActivityKind,
    ActivityPoints,
    SlippingAwayEmail,
    User,
)
from members.selectors import activities as activity_selectors
from members.selectors.membership import managers_current, member_require_current
from members.services.edits import edit_save, setting_change_data

#: What a member may log themselves from the form; the other kinds come from events and managers.
SELF_LOGGED_KINDS = CONTRIBUTION_KINDS
#: Fields a manager may correct on a ledger row.
CORRECTABLE_FIELDS = ("member", "kind", "occurred_at", "title", "url", "points", "source")
#: Who may post activity for other members through the API (integrations, managers).
INTEGRATION_PERMISSION = "members.add_activity"
#: The source of what a member posts for themselves through the API.
MEMBER_SOURCE = "api"


@dataclass(frozen=True)
class ActivityRecordResult:
    activity: Activity
    created: bool


def activity_points_save(
    *, points: ActivityPoints, fields: list[str], actor: User, now: datetime
) -> bool:
    """A manager sets what a kind of activity is worth (from now on: rows already in the ledger
    keep their points, so past months do not change)."""
    return edit_save(
        obj=points,
        fields=fields,
        actor=actor,
        now=now,
        action="activity_points.edit",
        data=setting_change_data(points, fields),
    )


def activity_points_for(kind: str) -> int:
    row = ActivityPoints.objects.filter(kind=kind).values_list("points", flat=True).first()
    return row if row is not None else 0


@transaction.atomic
def activity_record(
    *,
    member: User,
    kind: str,
    occurred_at: datetime,
    source: str,
    now: datetime,
    external_id: str = "",
    title: str = "",
    url: str = "",
    metadata: dict | None = None,
    points: int | None = None,
) -> ActivityRecordResult:
    """Add one row to the ledger. With an `external_id`, a second delivery of the same
    `(source, external_id)` returns the existing row with `created=False` instead of a copy."""
    if kind not in ActivityKind.values:
        raise DomainError(f"Unknown activity kind {kind!r}.")
    if occurred_at > now:
        raise DomainError("An activity cannot happen in the future.")
    if external_id:
        existing = Activity.objects.filter(source=source, external_id=external_id).first()
        if existing is not None:
            return ActivityRecordResult(existing, created=False)
    activity = Activity(
        member=member,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=now,
        source=source,
        external_id=external_id,
        title=title,
        url=url,
        metadata=metadata or {},
        points=activity_points_for(kind) if points is None else points,
    )
    activity.full_clean()
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # A concurrent delivery of the same external id won the race: answer with its row.
        existing = Activity.objects.get(source=source, external_id=external_id)
        return ActivityRecordResult(existing, created=False)
    return ActivityRecordResult(activity, created=True)


def contribution_logged_at(*, member: User, day: date, now: datetime) -> datetime:
    """The instant recorded for a contribution a member dated `day` (a community-local date).

    Noon of that day, but never before the member joined nor after `now`, so a contribution
    logged on the day someone joined, or today in the morning, is still valid.
    """
    noon = datetime.combine(day, time(12, 0), tzinfo=community_zone())
    return min(max(noon, member.joined_at), now)


@transaction.atomic
def contribution_log(
    *, member: User, kind: str, title: str, url: str, day: date, now: datetime
) -> Activity:
    """A member logs code, docs or an idea they did on `day` (not in the future, not before
    they joined). Recorded with source "web" and the points of its kind."""
    if kind not in SELF_LOGGED_KINDS:
        raise DomainError("Choose code, docs or idea: those are the contributions you can log.")
    member_require_current(member, now=now, to="log contributions")
    today = timezone.localtime(now, community_zone()).date()
    joined_day = timezone.localtime(member.joined_at, community_zone()).date()
    if day > today:
        raise DomainError(
            "The date is in the future: log a contribution once you have made it.",
            code="day_in_future",
        )
    if day < joined_day:
        raise DomainError(
            f"The date is before you joined on {joined_day:%d %B %Y}: "
            "only contributions made as a member count.",
            code="day_before_joining",
        )
    if not title.strip():
        raise DomainError("Give the contribution a title.")
    result = activity_record(
        member=member,
        kind=kind,
        occurred_at=contribution_logged_at(member=member, day=day, now=now),
        source="web",
        title=title.strip(),
        url=url.strip(),
        now=now,
    )
    return result.activity


def _activity_snapshot(activity: Activity) -> dict:
    return {
        "member": activity.member_id,
        "kind": activity.kind,
        "occurred_at": activity.occurred_at.isoformat(),
        "source": activity.source,
        "external_id": activity.external_id,
        "title": activity.title,
        "url": activity.url,
        "points": activity.points,
    }


@transaction.atomic
def activity_add_by_manager(
    *,
    actor: User,
    member: User,
    kind: str,
    occurred_at: datetime,
    now: datetime,
    title: str = "",
    url: str = "",
    points: int | None = None,
    source: str = "admin",
    external_id: str = "",
) -> ActivityRecordResult:
    """A manager adds a row the member could not log (mentoring, an answer elsewhere ...)."""
    result = activity_record(
        member=member,
        kind=kind,
        occurred_at=occurred_at,
        source=source or "admin",
        external_id=external_id,
        title=title,
        url=url,
        points=points,
        now=now,
    )
    if result.created:
        audit_record(
            actor=actor,
            action="activity.add",
            subject=member,
            target=result.activity,
            now=now,
            data=_activity_snapshot(result.activity),
        )
    return result


@transaction.atomic
def activity_correct(
    *, activity: Activity, actor: User, changes: dict[str, Any], now: datetime, reason: str = ""
) -> Activity:
    """A manager corrects a ledger row. The audit entry keeps the values before and after, so
    a correction can always be explained (and undone by hand)."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be corrected: {', '.join(sorted(unknown))}.")
    stored = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if stored is None:
        raise DomainError("This activity no longer exists.")
    before = _activity_snapshot(stored)
    for name, value in changes.items():
        setattr(stored, name, value)
    if stored.occurred_at > now:
        raise DomainError("An activity cannot happen in the future.")
    if stored.kind not in ActivityKind.values:
        raise DomainError(f"Unknown activity kind {stored.kind!r}.")
    try:
        stored.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    after = _activity_snapshot(stored)
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return stored
    try:
        with transaction.atomic():
            stored.save(update_fields=[name for name in CORRECTABLE_FIELDS if name in changes])
    except IntegrityError as error:
        raise DomainError("Another activity already has this source and external id.") from error
    audit_record(
        actor=actor,
        action="activity.correct",
        subject=stored.member,
        target=stored,
        now=now,
        data={
            "activity": stored.pk,
            "fields": ", ".join(changed),
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
            "reason": reason,
        },
    )
    return stored


@transaction.atomic
def activity_remove(*, activity: Activity, actor: User, now: datetime, reason: str = "") -> None:
    """A manager removes a ledger row (a spam entry, a duplicate). The audit entry keeps a copy
    of the row, since the row itself is gone."""
    stored = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if stored is None:
        return
    snapshot = _activity_snapshot(stored)
    audit_record(
        actor=actor,
        action="activity.remove",
        subject=stored.member,
        target=stored,
        now=now,
        data={
            "removed": snapshot,
            "activity": stored.pk,
            "kind": stored.get_kind_display(),
            "reason": reason,
        },
    )
    stored.delete()


# --- The API: a member's own contributions, an integration's deliveries ----------------------


class ActivityConflict(DomainError):
    """The (source, external_id) belongs to another member's row: 409, nothing is revealed."""

    status_code = 409


def activity_target_resolve(*, email: str = "", github_username: str = "", now: datetime) -> User:
    if email and github_username:
        raise DomainError(
            "Name the member by email or GitHub username, not both.", code="two_identifiers"
        )
    if email:
        member = User.objects.current(now).filter(email__iexact=email.strip()).first()
        if member is None:
            raise DomainError(
                f"No current member has the email address {email}.", code="unknown_member"
            )
        return member
    named = User.objects.current(now).filter(
        profile__github_username__iexact=github_username.strip()
    )
    found = list(named[:2])
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


# --- Members slipping away: the managers' weekly email ---------------------------------------

#: How many names each list of the weekly email shows; the page has them all.
SLIPPING_EMAIL_LIMIT = 200


def slipping_away_email_send(*, now: datetime) -> str:
    """Email every current manager the members slipping away and those who came back, with an
    absolute link to the page that has the full lists; once per manager and ISO week (a
    `SlippingAwayEmail` row each, written with the send), so running the job twice, or again
    after a failure midway, tells nobody twice. The lists are computed on demand
    (`members.selectors.activities`), so the page and the email always agree."""
    local = timezone.localtime(now, community_zone()).date()
    week = local - timedelta(days=local.weekday())
    recipients = list(
        managers_current(now=now).exclude(
            pk__in=SlippingAwayEmail.objects.filter(week=week).values("manager")
        )
    )
    if not recipients:
        return "Every current manager has this week's email (or there are none)."
    slipping = list(activity_selectors.members_slipping_away(now=now)[:SLIPPING_EMAIL_LIMIT])
    returned = list(activity_selectors.members_returned(now=now)[:SLIPPING_EMAIL_LIMIT])
    body = render_to_string(
        "members/manage_slipping_email.txt",
        {
            "slipping": slipping,
            "returned": returned,
            "page_url": settings.SITE_URL + reverse("members:manage_slipping"),
            "quiet_days": activity_selectors.SLIPPING_QUIET_DAYS,
            "active_days": activity_selectors.SLIPPING_ACTIVE_DAYS,
        },
    )
    told = 0
    for manager in recipients:
        try:
            with transaction.atomic():
                SlippingAwayEmail.objects.create(manager=manager, week=week, sent_at=now)
                send_mail(
                    subject=f"[Hub] {len(slipping)} members slipping away, "
                    f"{len(returned)} came back",
                    message=body,
                    from_email=None,
                    recipient_list=[manager.email],
                )
        except IntegrityError:  # a concurrent run told them first
            continue
        told += 1
    return f"Told {told} managers: {len(slipping)} slipping, {len(returned)} back."
