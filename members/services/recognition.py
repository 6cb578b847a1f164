"""Writes about recognition: badge awards (by a manager or by a rule), and publishing the
spotlight, annual awards and case studies.

The rule badges (first contribution, ten events, six months active, a hundred points in a month)
are evaluated by a daily job with one grouped query per rule. Awards are unique per
(badge, member, occasion) in the database, so neither a second run nor two concurrent runs can
award anything twice.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import DateField, Exists, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone
from members.models import (
    CONTRIBUTION_KINDS,
    Activity,
    ActivityKind,
    Award,
    Badge,
    BadgeAward,
    CaseStudy,
    Spotlight,
    User,
)
from members.selectors.membership import member_require_current
from members.services.edits import edit_delete, edit_save

#: The badges the daily job awards. They are created by the job itself the first time it runs
#: (and by the demo), so a fresh install recognises people without a manager setting them up;
#: managers may then rename them, change the icon or the title they grant.
RULE_BADGES = {
    Badge.Rule.FIRST_CONTRIBUTION: {
        "name": "First contribution",
        "slug": "first-contribution",
        "description": "Made a first contribution: code, docs or an idea.",
        "icon": "🌱",
        "repeatable": False,
    },
    Badge.Rule.TEN_EVENTS: {
        "name": "Ten events",
        "slug": "ten-events",
        "description": "Attended ten community events.",
        "icon": "🎟",
        "repeatable": False,
    },
    Badge.Rule.SIX_MONTHS_ACTIVE: {
        "name": "Six months in a row",
        "slug": "six-months-active",
        "description": "Active in each of six consecutive calendar months.",
        "icon": "🔥",
        "repeatable": False,
        "grants_title": "Regular",
    },
    Badge.Rule.HUNDRED_POINTS: {
        "name": "Hundred-point month",
        "slug": "hundred-point-month",
        "description": "Earned at least 100 points in one calendar month.",
        "icon": "💯",
        "repeatable": True,
    },
}
EVENTS_FOR_BADGE = 10
MONTHS_IN_A_ROW_FOR_BADGE = 6
POINTS_IN_A_MONTH_FOR_BADGE = 100


def _already_message(badge: Badge, member: User, occasion: str) -> str:
    return f"{member} already has the badge “{badge.name}”" + (
        f" for {occasion}." if occasion else "."
    )


def badge_award_validate(*, badge: Badge, member: User, occasion: str, now: datetime) -> None:
    """Raise DomainError when `badge_award` would refuse (the admin form shows it in place)."""
    occasion = occasion.strip()
    member_require_current(member, now=now, to="receive badges")
    if not badge.repeatable and occasion:
        raise DomainError(
            f"“{badge.name}” is awarded once per member, so it takes no occasion. "
            "Leave the occasion empty."
        )
    if badge.repeatable and not occasion:
        raise DomainError(
            f"“{badge.name}” can be earned more than once: say what this award is for "
            "in the occasion (for example 2026-03)."
        )
    if BadgeAward.objects.filter(badge=badge, member=member, occasion=occasion).exists():
        raise DomainError(_already_message(badge, member, occasion), code="already_awarded")


@transaction.atomic
def badge_award(
    *,
    badge: Badge,
    member: User,
    actor: User | None,
    reason: str,
    now: datetime,
    occasion: str = "",
) -> BadgeAward:
    """Award `badge` to `member`. A one-off badge is awarded once; a repeatable one once per
    `occasion` (for example a month, "2026-03"). A repeat raises DomainError and changes nothing.
    """
    occasion = occasion.strip()
    badge_award_validate(badge=badge, member=member, occasion=occasion, now=now)
    already = _already_message(badge, member, occasion)
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                badge=badge,
                member=member,
                awarded_at=now,
                awarded_by=actor,
                occasion=occasion,
                reason=reason.strip()[:300],
            )
    except IntegrityError as error:  # a concurrent award of the same badge won the race
        raise DomainError(already, code="already_awarded") from error
    audit_record(
        actor=actor,
        action="badge.award",
        subject=member,
        target=award,
        now=now,
        data={
            "badge": badge.name,
            "badge_slug": badge.slug,
            "occasion": occasion,
            "reason": reason,
        },
    )
    return award


@transaction.atomic
def badge_revoke(*, award: BadgeAward, actor: User, now: datetime) -> None:
    """A manager takes an award back (a mistake, a duplicate). The audit entry keeps which
    badge it was; a rule badge revoked from someone who still meets the rule comes back at the
    next daily run."""
    award = (
        BadgeAward.objects.select_for_update().select_related("badge", "member").get(pk=award.pk)
    )
    edit_delete(
        obj=award,
        actor=actor,
        now=now,
        action="badge.revoke",
        subject=award.member,
        data={
            "badge": award.badge.name,
            "badge_slug": award.badge.slug,
            "occasion": award.occasion,
        },
    )


@transaction.atomic
def badge_rule_badges_ensure() -> int:
    """Create the rule badges that do not exist yet; return how many were created.

    A badge is looked up by its rule, so a manager's edits (name, icon, title) are kept. If a
    manager took a rule badge's slug for another badge, the rule badge is not recreated.
    """
    created = 0
    existing_rules = set(Badge.objects.values_list("rule", flat=True))
    for rule, fields in RULE_BADGES.items():
        if rule in existing_rules:
            continue
        if Badge.objects.filter(slug=fields["slug"]).exists():
            continue
        if Badge.objects.filter(name=fields["name"]).exists():
            continue
        Badge.objects.create(rule=rule, **fields)
        created += 1
    return created


# --- Rule evaluation ----------------------------------------------------------------------------

#: A rule's winner: (member id, occasion or "", the instant the rule was met).
Winner = tuple[int, str, datetime]


def _current_members(now: datetime):
    return User.objects.current(now)


def _not_yet_awarded(badge: Badge):
    return ~Exists(BadgeAward.objects.filter(badge=badge, member=OuterRef("pk")))


def _first_contribution_winners(badge: Badge, now: datetime) -> list[Winner]:
    """Earned at the first contribution."""
    first = (
        Activity.objects.filter(
            member=OuterRef("pk"), kind__in=CONTRIBUTION_KINDS, occurred_at__lte=now
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    rows = (
        _current_members(now)
        .filter(_not_yet_awarded(badge))
        .annotate(earned_at=Subquery(first))
        .filter(earned_at__isnull=False)
        .values_list("pk", "earned_at")
    )
    return [(member_id, "", earned_at) for member_id, earned_at in rows]


def _ten_events_winners(badge: Badge, now: datetime) -> list[Winner]:
    """Earned at the tenth event attended."""
    tenth = (
        Activity.objects.filter(
            member=OuterRef("pk"), kind=ActivityKind.EVENT_ATTENDANCE, occurred_at__lte=now
        )
        .order_by("occurred_at", "pk")
        .values("occurred_at")[EVENTS_FOR_BADGE - 1 : EVENTS_FOR_BADGE]
    )
    rows = (
        _current_members(now)
        .filter(_not_yet_awarded(badge))
        .annotate(earned_at=Subquery(tenth))
        .filter(earned_at__isnull=False)
        .values_list("pk", "earned_at")
    )
    return [(member_id, "", earned_at) for member_id, earned_at in rows]


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def longest_run_of_months(months: Iterable[date]) -> int:
    """The length of the longest run of consecutive calendar months among `months`."""
    return run_of_months_reached(months, MONTHS_IN_A_ROW_FOR_BADGE)[0]


def run_of_months_reached(months: Iterable[date], length: int) -> tuple[int, date | None]:
    """The longest run of consecutive months among `months`, and the first month in which a
    run reached `length` (None if none did)."""
    indexes = sorted({_month_index(month): month for month in months}.items())
    longest = run = 0
    previous = None
    reached = None
    for index, month in indexes:
        run = run + 1 if previous is not None and index == previous + 1 else 1
        longest = max(longest, run)
        if run == length and reached is None:
            reached = month
        previous = index
    return longest, reached


def _active_months(now: datetime, *, members_query) -> dict[int, dict[date, datetime]]:
    """Each member's community-local months with any activity, with the month's first
    activity: one grouped query."""
    rows = (
        Activity.objects.filter(occurred_at__lte=now, member__in=members_query)
        .annotate(
            month=TruncMonth("occurred_at", tzinfo=community_zone(), output_field=DateField())
        )
        .values("member_id", "month")
        .annotate(first_at=Min("occurred_at"))
        .values_list("member_id", "month", "first_at")
    )
    months: dict[int, dict[date, datetime]] = {}
    for member_id, month, first_at in rows:
        months.setdefault(member_id, {})[month] = first_at
    return months


def _six_months_winners(badge: Badge, now: datetime) -> list[Winner]:
    """The database groups activity into distinct member-months; the run of consecutive months
    is then a small pure function over those rows (at most members times months of history).
    Earned at the first activity of the run's sixth month."""
    candidates = _current_members(now).filter(_not_yet_awarded(badge)).values("pk")
    winners = []
    for member_id, first_by_month in sorted(_active_months(now, members_query=candidates).items()):
        _, reached = run_of_months_reached(first_by_month, MONTHS_IN_A_ROW_FOR_BADGE)
        if reached is not None:
            winners.append((member_id, "", first_by_month[reached]))
    return winners


def _hundred_points_winners(badge: Badge, now: datetime) -> list[Winner]:
    """One row per member-month with at least 100 points; the occasion is the month. Dated at
    the month's last activity so far, which is never before the hundredth point."""
    rows = (
        Activity.objects.filter(occurred_at__lte=now, member__in=_current_members(now).values("pk"))
        .annotate(
            month=TruncMonth("occurred_at", tzinfo=community_zone(), output_field=DateField())
        )
        .values("member_id", "month")
        .annotate(points_total=Sum("points"), last_at=Max("occurred_at"))
        .filter(points_total__gte=POINTS_IN_A_MONTH_FOR_BADGE)
        .values_list("member_id", "month", "last_at")
    )
    awarded = set(BadgeAward.objects.filter(badge=badge).values_list("member_id", "occasion"))
    winners = {(member_id, f"{month:%Y-%m}"): last_at for member_id, month, last_at in rows}
    return sorted(
        (member_id, occasion, earned_at)
        for (member_id, occasion), earned_at in winners.items()
        if (member_id, occasion) not in awarded
    )


RULE_WINNERS = {
    Badge.Rule.FIRST_CONTRIBUTION: _first_contribution_winners,
    Badge.Rule.TEN_EVENTS: _ten_events_winners,
    Badge.Rule.SIX_MONTHS_ACTIVE: _six_months_winners,
    Badge.Rule.HUNDRED_POINTS: _hundred_points_winners,
}

RULE_REASONS = {
    Badge.Rule.FIRST_CONTRIBUTION: "Made a first contribution.",
    Badge.Rule.TEN_EVENTS: f"Attended {EVENTS_FOR_BADGE} events.",
    Badge.Rule.SIX_MONTHS_ACTIVE: f"Active {MONTHS_IN_A_ROW_FOR_BADGE} months in a row.",
    Badge.Rule.HUNDRED_POINTS: f"{POINTS_IN_A_MONTH_FOR_BADGE}+ points in one month.",
}


@transaction.atomic
def badge_rules_evaluate(*, now: datetime, date_by_earning: bool = False) -> dict[str, int]:
    """Award every rule badge someone has earned and not yet received; return the number of
    new awards per badge slug. Running it again changes nothing (the unique constraint is the
    last line of defence against a concurrent run: conflicting rows are skipped).

    Awards are dated `now` (when the member is told) unless `date_by_earning`: then each is
    dated at the instant its rule was met (the first contribution, the tenth event...), for
    a history built after the fact (the demo, a backfill after an import)."""
    badge_rule_badges_ensure()
    awarded: dict[str, int] = {}
    for badge in Badge.objects.exclude(rule=Badge.Rule.MANUAL).order_by("pk"):
        winners = RULE_WINNERS[badge.rule](badge, now)
        if not badge.repeatable:
            winners = [(member_id, "", earned_at) for member_id, _, earned_at in winners]
        before = BadgeAward.objects.filter(badge=badge).count()
        BadgeAward.objects.bulk_create(
            [
                BadgeAward(
                    badge=badge,
                    member_id=member_id,
                    occasion=occasion,
                    awarded_at=earned_at if date_by_earning else now,
                    reason=RULE_REASONS[badge.rule] + (f" ({occasion})" if occasion else ""),
                )
                for member_id, occasion, earned_at in winners
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        new = BadgeAward.objects.filter(badge=badge).count() - before
        if new:
            awarded[badge.slug] = new
            audit_record(
                actor=None,
                action="badge.rules",
                target=badge,
                now=now,
                data={"badge": badge.name, "badge_slug": badge.slug, "awarded": new},
            )
    return awarded


# --- Spotlight, awards, case studies: publishing --------------------------------------------


def _publish(obj, *, actor: User, now: datetime, label: str, has_published_by: bool) -> None:
    if obj.published_at is not None:
        raise DomainError(f"{label} is already published.")
    if obj_member_left(obj, now):
        raise DomainError(f"{label} is about a member who has left; it cannot be published.")
    obj.published_at = now
    fields = ["published_at"]
    if has_published_by:
        obj.published_by = actor
        fields.append("published_by")
    obj.save(update_fields=fields)


def obj_member_left(obj, now: datetime) -> bool:
    member = getattr(obj, "member", None) or getattr(obj, "winner", None)
    return member is not None and member.has_left_by(now)


def _unpublish(obj, *, label: str) -> None:
    if obj.published_at is None:
        raise DomainError(f"{label} is not published.")
    obj.published_at = None
    fields = ["published_at"]
    if hasattr(obj, "published_by_id"):
        obj.published_by = None
        fields.append("published_by")
    obj.save(update_fields=fields)


def _locked(model, pk):
    row = model.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise DomainError("It no longer exists.")
    return row


@transaction.atomic
def spotlight_publish(*, spotlight: Spotlight, actor: User, now: datetime) -> Spotlight:
    """Publish the month's spotlight: it shows on the home page until a later one is published."""
    spotlight = _locked(Spotlight, spotlight.pk)
    label = f"The spotlight of {spotlight.month:%B %Y}"
    if not spotlight.story.strip():
        raise DomainError(f"{label} needs a short story before it is published.")
    _publish(spotlight, actor=actor, now=now, label=label, has_published_by=True)
    audit_record(
        actor=actor,
        action="spotlight.publish",
        subject=spotlight.member,
        target=spotlight,
        now=now,
        data={"month": f"{spotlight.month:%B %Y}"},
    )
    return spotlight


@transaction.atomic
def spotlight_unpublish(*, spotlight: Spotlight, actor: User, now: datetime) -> Spotlight:
    spotlight = _locked(Spotlight, spotlight.pk)
    label = f"The spotlight of {spotlight.month:%B %Y}"
    _unpublish(spotlight, label=label)
    audit_record(
        actor=actor,
        action="spotlight.unpublish",
        subject=spotlight.member,
        target=spotlight,
        now=now,
        data={"month": f"{spotlight.month:%B %Y}"},
    )
    return spotlight


@transaction.atomic
def award_publish(*, award: Award, actor: User, now: datetime) -> Award:
    award = _locked(Award, award.pk)
    label = f"The {award.year} award “{award.category}”"
    _publish(award, actor=actor, now=now, label=label, has_published_by=False)
    audit_record(
        actor=actor,
        action="award.publish",
        subject=award.winner,
        target=award,
        now=now,
        data={"year": award.year, "category": award.category},
    )
    return award


@transaction.atomic
def award_unpublish(*, award: Award, actor: User, now: datetime) -> Award:
    award = _locked(Award, award.pk)
    label = f"The {award.year} award “{award.category}”"
    _unpublish(award, label=label)
    audit_record(
        actor=actor,
        action="award.unpublish",
        subject=award.winner,
        target=award,
        now=now,
        data={"year": award.year, "category": award.category},
    )
    return award


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, actor: User, now: datetime) -> CaseStudy:
    case_study = _locked(CaseStudy, case_study.pk)
    label = f"The case study “{case_study.title}”"
    _publish(case_study, actor=actor, now=now, label=label, has_published_by=True)
    audit_record(
        actor=actor,
        action="case_study.publish",
        subject=case_study.member,
        target=case_study,
        now=now,
    )
    return case_study


@transaction.atomic
def case_study_unpublish(*, case_study: CaseStudy, actor: User, now: datetime) -> CaseStudy:
    case_study = _locked(CaseStudy, case_study.pk)
    label = f"The case study “{case_study.title}”"
    _unpublish(case_study, label=label)
    audit_record(
        actor=actor,
        action="case_study.unpublish",
        subject=case_study.member,
        target=case_study,
        now=now,
    )
    return case_study


# --- Badges, spotlights, awards and case studies as managers edit them ------------------------

#: The audit name of each kind of recognition content, and the field naming its member.
RECOGNITION_ITEMS = {
    Badge: ("badge", None),
    Spotlight: ("spotlight", "member"),
    Award: ("award", "winner"),
    CaseStudy: ("case_study", "member"),
}

RecognitionItem = Badge | Spotlight | Award | CaseStudy


def _item_member(item: RecognitionItem) -> User | None:
    _, member_field = RECOGNITION_ITEMS[type(item)]
    return getattr(item, member_field) if member_field else None


def recognition_item_validate(*, item: RecognitionItem, now: datetime) -> None:
    """Raise DomainError when `recognition_item_save` would refuse (the admin form shows it in
    place): nothing new is written about a member who has left, whose texts were erased."""
    member = _item_member(item)
    if member is not None and member.has_left_by(now):
        raise DomainError(
            f"{member.display_name} has left the community: nothing more is written about them."
        )


@transaction.atomic
def recognition_item_save(
    *, item: RecognitionItem, fields: list[str], actor: User, now: datetime
) -> bool:
    """A manager adds or edits a badge, spotlight, award or case study. The audit entry names
    the object and the changed fields, never their text (it is about a member)."""
    recognition_item_validate(item=item, now=now)
    name, _ = RECOGNITION_ITEMS[type(item)]
    return edit_save(
        obj=item,
        fields=fields,
        actor=actor,
        now=now,
        action=f"{name}.create" if item._state.adding else f"{name}.update",
        subject=_item_member(item),
        data={},
    )


@transaction.atomic
def recognition_item_delete(*, item: RecognitionItem, actor: User, now: datetime) -> None:
    """A manager deletes a badge (only one never awarded), spotlight, award or case study."""
    name, _ = RECOGNITION_ITEMS[type(item)]
    edit_delete(
        obj=item,
        actor=actor,
        now=now,
        action=f"{name}.delete",
        subject=_item_member(item),
        data={},
    )
