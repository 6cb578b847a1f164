"""Writes about ambassador terms: opening one (at approval), renewing, moving to another tier,
ending (by a manager), stepping down (by the ambassador), and the daily job that expires lapsed
terms and tells managers which terms end within 30 days.

A term row is never rewritten except to close it (its `ends_at` brought forward to the moment
it ended, `end_reason` saying why), so the rows are the full history. The member's row is
locked first on every path, so two managers acting on the same ambassador queue up.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from ambassadors.models import AmbassadorApplication, AmbassadorTerm, AmbassadorTier, TermEnd
from ambassadors.selectors.terms import RENEWAL_WINDOW
from ambassadors.services.notifications import email_renewals_due
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import User
from members.selectors.membership import member_is_current

TERM_LENGTH = timedelta(days=365)


def _lock_member(member: User) -> User:
    return User.objects.select_for_update().get(pk=member.pk)


def term_open_new(
    *,
    member: User,
    tier: AmbassadorTier,
    starts_at: datetime,
    ends_at: datetime,
    previous: AmbassadorTerm | None,
    application: AmbassadorApplication | None,
    actor: User | None,
    now: datetime,
    end_reason: str = TermEnd.RUNNING,
) -> AmbassadorTerm:
    """Insert a term; the caller has closed the previous open one. Inside its transaction."""
    term = AmbassadorTerm(
        member=member,
        end_reason=end_reason,
        tier=tier,
        starts_at=starts_at,
        ends_at=ends_at,
        previous=previous,
        application=application,
        created_at=now,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:
        raise DomainError(
            "Someone else changed this ambassador's term at the same moment. Reload and try again.",
            code="conflict",
        ) from error
    return term


def _covering(member: User, now: datetime) -> AmbassadorTerm | None:
    return (
        AmbassadorTerm.objects.select_for_update()
        .filter(member=member, starts_at__lte=now, ends_at__gt=now)
        .select_related("tier")
        .first()
    )


def _future(member: User, now: datetime) -> AmbassadorTerm | None:
    return (
        AmbassadorTerm.objects.select_for_update()
        .filter(member=member, starts_at__gt=now)
        .select_related("tier")
        .first()
    )


def _close(term: AmbassadorTerm, *, at: datetime, reason: str, actor, note: str = "") -> None:
    term.ends_at = min(term.ends_at, at)
    term.end_reason = reason
    term.ended_by = actor
    term.end_note = note.strip()[:500]
    term.save(update_fields=["ends_at", "end_reason", "ended_by", "end_note"])


def _term_data(term: AmbassadorTerm) -> dict:
    return {
        "tier": term.tier.name,
        "starts": f"{term.starts_at:%Y-%m-%d}",
        "ends": f"{term.ends_at:%Y-%m-%d}",
    }


@transaction.atomic
def term_renew(*, member: User, actor: User, now: datetime) -> AmbassadorTerm:
    """Renew for another year in the same tier: the next term begins where the running one
    ends (or now, if it has lapsed). A term that ended by decision cannot be renewed: the
    member applies again."""
    _lock_member(member)
    if not member_is_current(member, now=now):
        raise DomainError("Only current members can be ambassadors.", code="not_member")
    latest = (
        AmbassadorTerm.objects.select_for_update()
        .filter(member=member)
        .select_related("tier")
        .order_by("-starts_at", "-pk")
        .first()
    )
    if latest is None:
        raise DomainError("They have no term to renew.", code="no_term")
    if latest.starts_at > now:
        raise DomainError("Their term is renewed already.", code="renewed")
    if latest.end_reason not in {TermEnd.RUNNING, TermEnd.EXPIRED}:
        raise DomainError(
            "Their term ended by decision; they can apply to the programme again.",
            code="term_ended",
        )
    starts_at = max(latest.ends_at, now)
    if latest.end_reason == TermEnd.RUNNING:
        latest.end_reason = TermEnd.RENEWED if latest.ends_at > now else TermEnd.EXPIRED
        latest.ended_by = actor
        latest.save(update_fields=["end_reason", "ended_by"])
    term = term_open_new(
        member=member,
        tier=latest.tier,
        starts_at=starts_at,
        ends_at=starts_at + TERM_LENGTH,
        previous=latest,
        application=None,
        actor=actor,
        now=now,
    )
    audit_record(
        actor=actor,
        action="ambassador_term.renew",
        subject=member,
        target=term,
        now=now,
        data=_term_data(term),
    )
    return term


@transaction.atomic
def term_move(
    *, member: User, tier: AmbassadorTier, actor: User, now: datetime, note: str = ""
) -> AmbassadorTerm:
    """Move a current ambassador to another tier from now on, keeping the term's end (and a
    renewal already made, which follows them into the new tier)."""
    _lock_member(member)
    covering = _covering(member, now)
    if covering is None:
        raise DomainError("They are not a current ambassador.", code="not_ambassador")
    if covering.tier_id == tier.pk:
        raise DomainError(f"They are in {tier.name} already.", code="same_tier")
    renewal = _future(member, now)
    if renewal is not None:  # it will continue the new term, not the closed one
        AmbassadorTerm.objects.filter(pk=renewal.pk).update(previous=None)
    from_tier, scheduled_end = covering.tier, covering.ends_at
    _close(covering, at=now, reason=TermEnd.MOVED, actor=actor, note=note)
    term = term_open_new(
        member=member,
        tier=tier,
        starts_at=now,
        ends_at=scheduled_end,
        previous=covering,
        application=None,
        actor=actor,
        now=now,
        # With a renewal made, that renewal stays the one open term.
        end_reason=TermEnd.RENEWED if renewal is not None else TermEnd.RUNNING,
    )
    if renewal is not None:
        AmbassadorTerm.objects.filter(pk=renewal.pk).update(previous=term, tier=tier)
    audit_record(
        actor=actor,
        action="ambassador_term.move",
        subject=member,
        target=term,
        now=now,
        data={"from_tier": from_tier.name, "to_tier": tier.name, "note": note.strip()},
    )
    return term


def _end(*, member: User, actor: User, now: datetime, reason: str, note: str) -> AmbassadorTerm:
    _lock_member(member)
    covering = _covering(member, now)
    if covering is None:
        raise DomainError("There is no current term to end.", code="not_ambassador")
    renewal = _future(member, now)
    if renewal is not None:  # a renewal not begun is dropped with the term it continued
        renewal.delete()
    _close(covering, at=now, reason=reason, actor=actor, note=note)
    return covering


@transaction.atomic
def term_end(*, member: User, actor: User, now: datetime, note: str = "") -> AmbassadorTerm:
    """A manager ends an ambassador's term now (with a note kept in the history)."""
    term = _end(member=member, actor=actor, now=now, reason=TermEnd.ENDED, note=note)
    audit_record(
        actor=actor,
        action="ambassador_term.end",
        subject=member,
        target=term,
        now=now,
        data={**_term_data(term), "note": note.strip()},
    )
    return term


@transaction.atomic
def term_step_down(*, member: User, now: datetime, note: str = "") -> AmbassadorTerm:
    """The ambassador steps down themselves, now."""
    term = _end(member=member, actor=member, now=now, reason=TermEnd.STEPPED_DOWN, note=note)
    audit_record(
        actor=member,
        action="ambassador_term.step_down",
        subject=member,
        target=term,
        now=now,
        data={**_term_data(term), "note": note.strip()},
    )
    return term


@transaction.atomic
def terms_daily(*, now: datetime) -> dict[str, int]:
    """The daily job: close the open terms whose end has passed as expired, and email the
    managers the terms that end within 30 days and were not announced yet (each term once:
    `renewal_notice_sent_at` is its sent-row). A second run the same day changes nothing."""

    expired = AmbassadorTerm.objects.filter(end_reason=TermEnd.RUNNING, ends_at__lte=now).update(
        end_reason=TermEnd.EXPIRED
    )
    due = list(
        AmbassadorTerm.objects.select_for_update(of=("self",))
        .filter(
            end_reason=TermEnd.RUNNING,
            ends_at__gt=now,
            ends_at__lte=now + RENEWAL_WINDOW,
            renewal_notice_sent_at__isnull=True,
        )
        .select_related("tier", "member__profile")
        .order_by("ends_at", "pk")
    )
    if due:
        email_renewals_due(terms=due)
        AmbassadorTerm.objects.filter(pk__in=[term.pk for term in due]).update(
            renewal_notice_sent_at=now
        )
    if expired or due:
        audit_record(
            actor=None,
            action="ambassador_terms.daily",
            now=now,
            data={"expired": expired, "due": len(due)},
        )
    return {"expired": expired, "renewal_notices": len(due)}
