"""Writes about what ambassadors do: logging an activity (one of the seed's four categories,
with hours and a link), which for content pieces and hosted events also writes the member's
activity ledger once, and the ambassador's choice to be listed on the public programme page."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambassadors.models import (
    TYPE_CATEGORY,
    ActivityCategory,
    ActivityType,
    Ambassador,
    AmbassadorActivity,
    AmbassadorTerm,
)
from ambassadors.selectors.terms import is_ambassador
from ambassadors.services.onboarding import onboarding_first_activity
from ambassadors.services.referrals import ACTIVITY_SOURCE
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.models import ActivityKind, User
from members.services.activities import activity_record, contribution_logged_at

MAX_HOURS = Decimal(200)


class NotAnAmbassador(DomainError):
    status_code = 403

    def __init__(self, to: str):
        super().__init__(f"Only current ambassadors can {to}.", code="not_ambassador")


def ledger_kind_for(activity_type: str) -> str | None:
    """The ledger kind an activity type also counts as: content pieces are `content`, a hosted
    event is `event_hosting`; the rest live only in the programme."""
    if TYPE_CATEGORY[ActivityType(activity_type)] == ActivityCategory.CONTENT_CREATION:
        return ActivityKind.CONTENT
    if activity_type == ActivityType.EVENT_HOSTED:
        return ActivityKind.EVENT_HOSTING
    return None


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as error:
        raise DomainError("Give the hours as a number, like 1.5.", code="bad_hours") from error
    if not Decimal(0) < hours <= MAX_HOURS:
        raise DomainError(f"Hours must be more than 0 and at most {MAX_HOURS}.", code="bad_hours")
    return hours


@transaction.atomic
def ambassador_activity_log(
    *,
    member: User,
    activity_type: str,
    title: str,
    occurred_on: date,
    hours,
    url: str,
    now: datetime,
) -> AmbassadorActivity:
    """A current ambassador logs something they did on `occurred_on` (not in the future, not
    before they became an ambassador). Content pieces and hosted events are also recorded in
    the ledger, keyed by this row's id so they count once."""
    if not is_ambassador(member, now=now):
        raise NotAnAmbassador("log programme activities")
    if activity_type not in ActivityType.values:
        raise DomainError("Choose what kind of activity it was.", code="bad_type")
    title = " ".join(title.split())
    if not title:
        raise DomainError("Give the activity a title.", code="no_title")
    today = timezone.localtime(now, community_zone()).date()
    first_term = (
        AmbassadorTerm.objects.filter(member=member)
        .order_by("starts_at")
        .values("starts_at")
        .first()
    )
    began = timezone.localtime(first_term["starts_at"], community_zone()).date()
    if occurred_on > today:
        raise DomainError("The date is in the future: log it once it has happened.", code="future")
    if occurred_on < began:
        raise DomainError(
            f"The date is before you became an ambassador on {began:%d %B %Y}.",
            code="before_ambassador",
        )
    activity = AmbassadorActivity(
        member=member,
        category=TYPE_CATEGORY[ActivityType(activity_type)],
        type=activity_type,
        title=title[:200],
        occurred_on=occurred_on,
        hours=_hours(hours),
        url=url.strip(),
        created_at=now,
    )
    try:
        activity.full_clean(exclude=["ledger_activity"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    activity.save()
    kind = ledger_kind_for(activity_type)
    if kind is not None:
        result = activity_record(
            member=member,
            kind=kind,
            occurred_at=contribution_logged_at(member=member, day=occurred_on, now=now),
            source=ACTIVITY_SOURCE,
            external_id=f"programme-activity-{activity.pk}",
            title=activity.title,
            url=activity.url,
            metadata={"ambassador_activity": activity.type},
            now=now,
        )
        activity.ledger_activity = result.activity
        activity.save(update_fields=["ledger_activity"])
    onboarding_first_activity(member=member, now=now)
    audit_record(
        actor=member,
        action="ambassador_activity.log",
        subject=member,
        target=activity,
        now=now,
        data={"type": activity.get_type_display(), "hours": str(activity.hours)},
    )
    return activity


@transaction.atomic
def ambassador_listing_set(*, member: User, listed: bool, now: datetime) -> bool:
    """The ambassador shows (or hides) themselves on the public programme page. Returns
    whether anything changed."""
    if not is_ambassador(member, now=now):
        raise NotAnAmbassador("be listed on the programme page")
    changed = Ambassador.objects.filter(member=member).exclude(listed=listed).update(listed=listed)
    if changed:
        audit_record(
            actor=member,
            action="ambassador_listing.set",
            subject=member,
            now=now,
            data={"verb": "listed" if listed else "unlisted"},
        )
    return bool(changed)
