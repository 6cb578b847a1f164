"""Writes of the quarterly recognition: a manager awards a badge to an ambassador of the
quarter (through the members app's badge service, so it is one more badge on their profile)
and records the quarter's compensation review."""

from datetime import date, datetime

from django.db import transaction

from ambassadors.models import CompensationOutcome, CompensationReview
from ambassadors.selectors.recognition import quarter_bounds, quarter_label, quarter_of
from ambassadors.selectors.terms import terms_covering
from ambassadors.services.applications import manager_require
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import Badge, BadgeAward, User
from members.services.recognition import badge_award

QUARTER_BADGE = {
    "slug": "ambassador-of-the-quarter",
    "name": "Ambassador of the quarter",
    "description": "Chosen by the community managers among the quarter's ambassadors.",
    "icon": "🏅",
    "repeatable": True,
}


def quarter_badge() -> Badge:
    """The programme's own badge, made the first time it is needed; managers may rename it."""
    badge, _ = Badge.objects.get_or_create(
        slug=QUARTER_BADGE["slug"],
        defaults={key: value for key, value in QUARTER_BADGE.items() if key != "slug"},
    )
    return badge


def _require_ambassador_of(member: User, quarter: date) -> None:
    start, end = quarter_bounds(quarter)
    if not terms_covering(start=start, end=end).filter(member=member).exists():
        raise DomainError(
            f"{member.display_name} was not an ambassador in {quarter_label(quarter)}.",
            code="not_ambassador",
        )


@transaction.atomic
def recognition_badge_award(
    *,
    member: User,
    quarter: date,
    actor: User,
    now: datetime,
    reason: str,
    badge: Badge | None = None,
) -> BadgeAward:
    """Award the quarter's badge (repeatable, one per quarter: the occasion is "2026-Q1")."""
    manager_require(actor, to="award recognition")
    _require_ambassador_of(member, quarter)
    return badge_award(
        badge=badge or quarter_badge(),
        member=member,
        actor=actor,
        reason=reason,
        occasion=quarter_label(quarter_of(quarter)),
        now=now,
    )


@transaction.atomic
def compensation_review_record(
    *, member: User, quarter: date, outcome: str, note: str, actor: User, now: datetime
) -> CompensationReview:
    """Record (or correct) the quarter's compensation review of an ambassador: one per
    ambassador and quarter."""
    manager_require(actor, to="record compensation reviews")
    if outcome not in CompensationOutcome.values:
        raise DomainError("Choose the outcome of the review.", code="bad_outcome")
    quarter = quarter_of(quarter)
    _require_ambassador_of(member, quarter)
    review, created = CompensationReview.objects.update_or_create(
        member=member,
        quarter=quarter,
        defaults={
            "outcome": outcome,
            "note": note.strip()[:2000],
            "reviewed_by": actor,
            "reviewed_at": now,
        },
    )
    audit_record(
        actor=actor,
        action="ambassador_compensation.review",
        subject=member,
        target=review,
        now=now,
        data={
            "verb": "recorded" if created else "corrected",
            "quarter": quarter_label(quarter),
            "outcome": review.get_outcome_display(),
            "note": review.note,
        },
    )
    return review
