"""Writes about membership: joining, tier changes and locks, and the engagement tier
suggestions (the daily evaluation of the promotion rules, and a manager's decision on each:
accept moves the member through `tier_change`, dismiss does not).

Every function here is keyword-only, runs in one transaction, takes the time as `now`, and
raises `DomainError` with a message for the person when a rule says no. The evaluation is one
aggregate query over every member (distinct active days and contributions per rule window) plus
a pure function that turns a member's numbers into a suggestion.
"""

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncDate

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.extension_points import join_notify
from hub.core.timeutils import community_zone
from members.models import (
    CONTRIBUTION_KINDS,
    Profile,
    PromotionRule,
    Skill,
    Tier,
    TierMembership,
    TierSuggestion,
    User,
)
from members.services.edits import edit_delete, edit_save, setting_change_data

ENTRY_TIER_LEVEL = 1


@transaction.atomic
def member_join(*, member: User, now: datetime) -> User:
    """The member verified their email: they exist from now on and start as Contributor.
    Every app's join handler runs in this transaction (`join_handlers`), once.

    Idempotent: a member who has joined already keeps their original join time and tier.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    Profile.objects.get_or_create(user=member)
    if member.joined_at is not None:
        return member
    member.joined_at = now
    member.save(update_fields=["joined_at"])
    tier_change(
        member=member,
        tier=Tier.objects.get(level=ENTRY_TIER_LEVEL),
        actor=None,
        reason="Joined the community",
        now=now,
    )
    join_notify(member=member, now=now)
    return member


@transaction.atomic
def tier_change(
    *, member: User, tier: Tier, actor: User | None, reason: str, now: datetime
) -> TierMembership:
    """Move a member to `tier`: close the open history row and open a new one.

    The member row is locked first so two managers changing the same member at once queue up;
    the partial unique constraint on the open row is the last line of defence.
    """
    User.objects.select_for_update().filter(pk=member.pk).first()
    current = TierMembership.objects.filter(member=member, ended_at__isnull=True).first()
    if current is not None:
        if current.tier_id == tier.pk:
            raise DomainError(f"{member.display_name} is already in {tier.name}.")
        if now < current.started_at:
            raise DomainError("A tier change cannot be dated before the current tier began.")
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    try:
        with transaction.atomic():
            membership = TierMembership.objects.create(
                member=member,
                tier=tier,
                from_tier=current.tier if current else None,
                started_at=now,
                changed_by=actor,
                reason=reason,
            )
    except IntegrityError as error:
        raise DomainError(
            "Someone else changed this member's tier at the same moment. Reload and try again."
        ) from error
    audit_record(
        actor=actor,
        action="tier.change",
        subject=member,
        target=member,
        now=now,
        data={
            "from": current.tier.level if current else None,
            "to": tier.level,
            "from_tier": current.tier.name if current else "no tier",
            "to_tier": tier.name,
            "why": reason,
        },
    )
    return membership


@transaction.atomic
def member_tier_lock(*, member: User, locked: bool, actor: User | None, now: datetime) -> bool:
    """Lock (or unlock) a member's tier: a locked member gets no promotion or demotion
    suggestions, and a pending one is dismissed so nobody accepts it by mistake.

    Returns whether anything changed (locking a locked member changes nothing).
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.tier_locked == locked:
        return False
    member.tier_locked = locked
    member.save(update_fields=["tier_locked"])
    dismissed = 0
    if locked:
        dismissed = TierSuggestion.objects.filter(
            member=member, status=TierSuggestion.Status.PENDING
        ).update(status=TierSuggestion.Status.DISMISSED, decided_at=now, decided_by=actor)
    audit_record(
        actor=actor,
        action="tier.lock" if locked else "tier.unlock",
        subject=member,
        target=member,
        now=now,
        data={"dismissed_suggestions": dismissed},
    )
    return True


# --- What managers edit in the console: accounts, tiers and promotion rules -----------------


@transaction.atomic
def member_active_set(*, member: User, active: bool, actor: User, now: datetime) -> bool:
    """A manager allows or stops an account's logins (`is_active`). It does not end the
    membership: leaving does that. Returns whether anything changed."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_active == active:
        return False
    if active and member.is_erased:
        raise DomainError(f"{member.display_name} has left; their account cannot log in again.")
    member.is_active = active
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="member.edit",
        subject=member,
        target=member,
        now=now,
        data={"fields": "is_active", "is_active": active},
    )
    return True


@transaction.atomic
def members_csv_export(*, members, stream, actor: User, now: datetime) -> int:
    """Write `members` (a queryset annotated with `current_tier_name`, as the admin's list is)
    as CSV to `stream`, and record who exported how many; returns how many rows."""
    rows = members.order_by("pk").prefetch_related(
        Prefetch("profile__skills", queryset=Skill.objects.order_by("name"))
    )
    writer = csv.writer(stream)
    writer.writerow(
        [
            "email",
            "name",
            "joined_at",
            "left_at",
            "tier",
            "tier_locked",
            "location",
            "skills",
            "how_heard",
            "newsletter_opt_in",
            "directory_opt_in",
        ]
    )
    count = 0
    for member in rows:
        profile = getattr(member, "profile", None)
        writer.writerow(
            [
                member.email,
                member.display_name,
                member.joined_at.isoformat() if member.joined_at else "",
                member.left_at.isoformat() if member.left_at else "",
                member.current_tier_name or "",
                member.tier_locked,
                profile.location if profile else "",
                ", ".join(skill.name for skill in profile.skills.all()) if profile else "",
                profile.how_heard if profile else "",
                profile.newsletter_opt_in if profile else "",
                profile.directory_opt_in if profile else "",
            ]
        )
        count += 1
    audit_record(
        actor=actor,
        action="members.export_csv",
        now=now,
        data={"count": count, "members": list(members.values_list("pk", flat=True)[:1000])},
    )
    return count


def tier_save(*, tier: Tier, fields: list[str], actor: User, now: datetime) -> bool:
    """A manager edits a tier: its name, benefits, pricing or revenue share."""
    return edit_save(
        obj=tier,
        fields=fields,
        actor=actor,
        now=now,
        action="tier.edit",
        data=setting_change_data(tier, fields),
    )


def promotion_rule_save(
    *, rule: PromotionRule, fields: list[str], actor: User, now: datetime
) -> bool:
    """A manager adds or tunes the rule for reaching a tier (the daily suggestions use it from
    their next run)."""
    return edit_save(
        obj=rule,
        fields=fields,
        actor=actor,
        now=now,
        action="promotion_rule.edit",
        data=setting_change_data(rule, fields),
    )


def promotion_rule_delete(*, rule: PromotionRule, actor: User, now: datetime) -> None:
    """A manager removes a rule: nobody is suggested for that tier any more."""
    edit_delete(
        obj=rule,
        actor=actor,
        now=now,
        action="promotion_rule.delete",
        data={"what": str(rule)},
    )


# --- Tier suggestions: the daily evaluation and a manager's decision ----------------------


@dataclass(frozen=True)
class WindowNumbers:
    """What a member did in a rule's window: the two measures the rules compare."""

    active_days: int
    contributions: int


def rule_is_met(*, rule: PromotionRule, numbers: WindowNumbers) -> bool:
    return (
        numbers.active_days >= rule.min_active_days
        and numbers.contributions >= rule.min_contributions
    )


def rule_is_clearly_missed(*, rule: PromotionRule, numbers: WindowNumbers) -> bool:
    """Below `demotion_ratio_percent` of either threshold (hysteresis): a member who hovers just
    under the line is not suggested for demotion, so tiers do not flap from week to week."""
    ratio = rule.demotion_ratio_percent
    return (
        numbers.active_days * 100 < rule.min_active_days * ratio
        or numbers.contributions * 100 < rule.min_contributions * ratio
    )


def _evidence(*, rule: PromotionRule, numbers: WindowNumbers, now: datetime) -> dict:
    return {
        "evaluated_at": now.isoformat(),
        "rule_tier": rule.tier.name,
        "window_days": rule.window_days,
        "active_days": numbers.active_days,
        "min_active_days": rule.min_active_days,
        "contributions": numbers.contributions,
        "min_contributions": rule.min_contributions,
        "demotion_ratio_percent": rule.demotion_ratio_percent,
    }


def suggestion_for(
    *,
    current: Tier,
    tiers_by_level: dict[int, Tier],
    rules_by_level: dict[int, PromotionRule],
    numbers_by_window: dict[int, WindowNumbers],
) -> tuple[str, Tier, PromotionRule, WindowNumbers] | None:
    """The one suggestion for a member in `current`, or None. Pure: no queries.

    Promotion looks only one tier up (the next tier's rule); demotion only one tier down, when
    the member's numbers fall clearly below their own tier's rule.
    """
    higher = tiers_by_level.get(current.level + 1)
    if higher is not None and higher.level in rules_by_level:
        rule = rules_by_level[higher.level]
        numbers = numbers_by_window[rule.window_days]
        if rule_is_met(rule=rule, numbers=numbers):
            return TierSuggestion.Direction.PROMOTE, higher, rule, numbers
    lower = tiers_by_level.get(current.level - 1)
    if lower is not None and current.level in rules_by_level:
        rule = rules_by_level[current.level]
        numbers = numbers_by_window[rule.window_days]
        if rule_is_clearly_missed(rule=rule, numbers=numbers):
            return TierSuggestion.Direction.DEMOTE, lower, rule, numbers
    return None


def members_with_window_numbers(*, now: datetime, windows: list[int]):
    """Every member who exists at `now`, with their current tier id and, per window length,
    distinct active days and contributions: one grouped query, whatever the number of members."""
    zone = community_zone()
    current_tier = TierMembership.objects.filter(
        member=OuterRef("pk"), ended_at__isnull=True
    ).values("tier_id")[:1]
    annotations = {"current_tier_id": Subquery(current_tier, output_field=IntegerField())}
    for days in windows:
        in_window = Q(
            activities__occurred_at__gt=now - timedelta(days=days),
            activities__occurred_at__lte=now,
        )
        annotations[f"active_days_{days}"] = Count(
            TruncDate("activities__occurred_at", tzinfo=zone), filter=in_window, distinct=True
        )
        annotations[f"contributions_{days}"] = Count(
            "activities", filter=in_window & Q(activities__kind__in=CONTRIBUTION_KINDS)
        )
    return (
        User.objects.current(now)
        .annotate(**annotations)
        .values("pk", "tier_locked", *annotations.keys())
        .order_by("pk")
    )


@dataclass
class EvaluationResult:
    promotions: int = 0
    demotions: int = 0
    withdrawn: int = 0
    already_pending: int = 0
    suppressed: int = 0
    created: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.promotions} promotion and {self.demotions} demotion suggestions made; "
            f"{self.already_pending} already pending, {self.suppressed} recently dismissed, "
            f"{self.withdrawn} outdated suggestions withdrawn."
        )


@transaction.atomic
def tier_suggestions_evaluate(*, now: datetime) -> EvaluationResult:
    """The daily job: suggest promotions and demotions for managers to decide on.

    Safe to run again: a member with a pending suggestion gets no second one (the database
    enforces it too), a suggestion a manager dismissed is not made again within the rule's
    window, and members whose tier is locked are left alone. A pending suggestion whose member
    has changed tier since (a manager moved them) no longer makes sense and is withdrawn.
    """
    result = EvaluationResult()
    tiers_by_level = {tier.level: tier for tier in Tier.objects.all()}
    tiers_by_id = {tier.pk: tier for tier in tiers_by_level.values()}
    rules_by_level = {
        rule.tier.level: rule for rule in PromotionRule.objects.select_related("tier")
    }
    if not rules_by_level:
        return result
    windows = sorted({rule.window_days for rule in rules_by_level.values()})

    pending = {
        row["member_id"]: row
        for row in TierSuggestion.objects.filter(status=TierSuggestion.Status.PENDING).values(
            "pk", "member_id", "from_tier_id"
        )
    }
    longest = max(windows)
    recently_dismissed = {
        (member_id, from_id, to_id): decided_at
        for member_id, from_id, to_id, decided_at in TierSuggestion.objects.filter(
            status=TierSuggestion.Status.DISMISSED,
            decided_at__gt=now - timedelta(days=longest),
        ).values_list("member_id", "from_tier_id", "to_tier_id", "decided_at")
    }

    to_create: list[TierSuggestion] = []
    to_withdraw: list[int] = []
    for row in members_with_window_numbers(now=now, windows=windows):
        current = tiers_by_id.get(row["current_tier_id"])
        waiting = pending.get(row["pk"])
        if waiting is not None:
            if current is None or waiting["from_tier_id"] != current.pk:
                to_withdraw.append(waiting["pk"])
            else:
                result.already_pending += 1
                continue
        if current is None or row["tier_locked"]:
            continue
        numbers_by_window = {
            days: WindowNumbers(row[f"active_days_{days}"], row[f"contributions_{days}"])
            for days in windows
        }
        found = suggestion_for(
            current=current,
            tiers_by_level=tiers_by_level,
            rules_by_level=rules_by_level,
            numbers_by_window=numbers_by_window,
        )
        if found is None:
            continue
        direction, target, rule, numbers = found
        dismissed_at = recently_dismissed.get((row["pk"], current.pk, target.pk))
        if dismissed_at is not None and dismissed_at > now - timedelta(days=rule.window_days):
            result.suppressed += 1
            continue
        to_create.append(
            TierSuggestion(
                member_id=row["pk"],
                from_tier=current,
                to_tier=target,
                direction=direction,
                evidence=_evidence(rule=rule, numbers=numbers, now=now),
                created_at=now,
            )
        )

    if to_withdraw:
        result.withdrawn = TierSuggestion.objects.filter(
            pk__in=to_withdraw, status=TierSuggestion.Status.PENDING
        ).update(status=TierSuggestion.Status.DISMISSED, decided_at=now, decided_by=None)
    # ignore_conflicts: a suggestion made concurrently (say by a second worker) wins quietly.
    TierSuggestion.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
    result.promotions = sum(1 for s in to_create if s.direction == TierSuggestion.Direction.PROMOTE)
    result.demotions = len(to_create) - result.promotions
    if to_create or to_withdraw:
        audit_record(
            actor=None,
            action="tier.suggestions_evaluated",
            now=now,
            data={
                "promotions": result.promotions,
                "demotions": result.demotions,
                "withdrawn": result.withdrawn,
            },
        )
    return result


def _lock_pending(suggestion: TierSuggestion) -> TierSuggestion:
    locked = (
        TierSuggestion.objects.select_for_update()
        .select_related("member", "from_tier", "to_tier")
        .filter(pk=suggestion.pk)
        .first()
    )
    if locked is None:
        raise DomainError("This suggestion no longer exists.")
    if locked.status != TierSuggestion.Status.PENDING:
        raise DomainError(
            f"This suggestion was already {locked.get_status_display().lower()}; "
            "nothing was changed."
        )
    return locked


@transaction.atomic
def tier_suggestion_accept(
    *, suggestion: TierSuggestion, actor: User, now: datetime
) -> TierSuggestion:
    """The manager agrees: the member moves to the suggested tier, with the manager as actor."""
    suggestion = _lock_pending(suggestion)
    member = suggestion.member
    current = (
        TierMembership.objects.filter(member=member, ended_at__isnull=True)
        .values_list("tier_id", flat=True)
        .first()
    )
    if current != suggestion.from_tier_id:
        raise DomainError(
            f"{member.display_name} is no longer in {suggestion.from_tier.name}; "
            "dismiss this suggestion instead."
        )
    if member.has_left_by(now):
        raise DomainError(f"{member.display_name} has left; dismiss this suggestion instead.")
    tier_change(
        member=member,
        tier=suggestion.to_tier,
        actor=actor,
        reason=f"Accepted {suggestion.get_direction_display().lower()} suggestion #{suggestion.pk}",
        now=now,
    )
    suggestion.status = TierSuggestion.Status.ACCEPTED
    suggestion.decided_at = now
    suggestion.decided_by = actor
    suggestion.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="tier_suggestion.accept",
        subject=member,
        target=member,
        now=now,
        data=_suggestion_data(suggestion),
    )
    return suggestion


def _suggestion_data(suggestion: TierSuggestion) -> dict:
    return {
        "suggestion": suggestion.pk,
        "direction": suggestion.get_direction_display().lower(),
        "to_tier": suggestion.to_tier.name,
    }


@transaction.atomic
def tier_suggestion_dismiss(
    *, suggestion: TierSuggestion, actor: User, now: datetime
) -> TierSuggestion:
    """The manager disagrees: nothing changes for the member, and the same suggestion is not
    made again within the rule's window."""
    suggestion = _lock_pending(suggestion)
    suggestion.status = TierSuggestion.Status.DISMISSED
    suggestion.decided_at = now
    suggestion.decided_by = actor
    suggestion.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="tier_suggestion.dismiss",
        subject=suggestion.member,
        target=suggestion.member,
        now=now,
        data=_suggestion_data(suggestion),
    )
    return suggestion
