"""Writes about joining the programme: nominations, applications, the managers' scores and
their decisions (approve into a tier, decline with a message, waitlist).

Approving makes the applicant an ambassador in one transaction: their referral code, a term of
one year and the onboarding checklist. Each decision is emailed to the applicant once: the
email task marks the decision's `emailed_at` (its sent-row) and skips a decision already sent.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from ambassadors.models import (
    OPEN_APPLICATION_STATUSES,
    SCORE_MAX,
    SCORE_MIN,
    AmbassadorApplication,
    AmbassadorTier,
    ApplicationDecision,
    ApplicationReview,
    ApplicationStatus,
    Criterion,
    Decision,
    Nomination,
)
from ambassadors.selectors.terms import is_ambassador
from ambassadors.services.onboarding import onboarding_create
from ambassadors.services.referrals import ambassador_ensure
from ambassadors.services.terms import TERM_LENGTH, term_open_new
from ambassadors.tasks import decision_email_send, nomination_email_send
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import User
from members.selectors.membership import member_is_current, member_require_current

MAX_LINKS = 10
HOURS_RANGE = (1, 200)


class NotAManager(DomainError):
    status_code = 403

    def __init__(self, to: str):
        super().__init__(f"Only community managers can {to}.", code="not_manager")


def manager_require(user, *, to: str) -> None:
    if user is None or not user.is_authenticated or not user.is_manager:
        raise NotAManager(to)


def _name(member: User) -> str:
    return member.display_name


@transaction.atomic
def nomination_create(
    *, nominee: User, nominated_by: User, reason: str, now: datetime
) -> Nomination:
    """A current member nominates another current member; the nominee is emailed once and
    invited to apply. One open nomination per nominator and nominee."""
    member_require_current(nominated_by, now=now, to="nominate someone")
    if nominee.pk == nominated_by.pk:
        raise DomainError(
            "You cannot nominate yourself: apply to the programme directly instead.",
            code="self_nomination",
        )
    if not member_is_current(nominee, now=now):
        raise DomainError("Only current members can be nominated.", code="nominee_not_member")
    if is_ambassador(nominee, now=now):
        raise DomainError(
            f"{_name(nominee)} is an ambassador already.", code="nominee_is_ambassador"
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why you nominate them: the reason is sent to them.")
    if Nomination.objects.filter(
        nominee=nominee, nominated_by=nominated_by, application__isnull=True
    ).exists():
        raise DomainError(
            f"You have nominated {_name(nominee)} already; they were told and invited to apply.",
            code="already_nominated",
        )
    nomination = Nomination(
        nominee=nominee, nominated_by=nominated_by, reason=reason, created_at=now
    )
    try:
        nomination.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:
        raise DomainError(
            f"You have nominated {_name(nominee)} already.", code="already_nominated"
        ) from error
    audit_record(
        actor=nominated_by,
        action="ambassador_nomination.create",
        subject=nominee,
        target=nomination,
        now=now,
    )

    transaction.on_commit(lambda: nomination_email_send.delay(nomination.pk))
    return nomination


#: What the nominator is told whatever the address: it never says whether the address belongs
#: to a member, is an ambassador already or was nominated before (no address enumeration).
NOMINATION_SENT = (
    "Thank you. If {email} belongs to a current member who is not an ambassador yet, we have "
    "emailed them your reason and how to apply."
)
#: The refusals that would tell a nominator something about the person behind an address.
_ABOUT_THE_NOMINEE = {"nominee_not_member", "nominee_is_ambassador", "already_nominated"}


@transaction.atomic
def nomination_create_by_email(
    *, email: str, nominated_by: User, reason: str, now: datetime
) -> Nomination | None:
    """Nominate the member who uses `email`, answering the same whoever it is: the
    nominator's own mistakes (not a member, no reason, their own address) are errors, but
    an address of no current member, of an ambassador or of someone they nominated already
    makes no nomination and no error (`None`). A form that answered otherwise would let any
    member learn who uses an address."""
    member_require_current(nominated_by, now=now, to="nominate someone")
    if not reason.strip():
        raise DomainError("Say why you nominate them: the reason is sent to them.")
    nominee = User.objects.current(now).filter(email__iexact=email.strip()).first()
    if nominee is None:
        return None
    try:
        return nomination_create(nominee=nominee, nominated_by=nominated_by, reason=reason, now=now)
    except DomainError as error:
        if error.code in _ABOUT_THE_NOMINEE:
            return None
        raise


def _links_clean(links: str) -> str:
    lines = [line.strip() for line in links.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise DomainError(f"Give at most {MAX_LINKS} links, one a line.", code="too_many_links")
    validate = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            validate(line)
        except ValidationError as error:
            raise DomainError(
                f"“{line[:80]}” is not a web address: give links starting with https://, "
                "one a line.",
                code="bad_link",
            ) from error
    return "\n".join(lines)


@transaction.atomic
def application_submit(
    *,
    applicant: User,
    preferred_tier: AmbassadorTier,
    motivation: str,
    links: str,
    audience: str,
    hours_per_month: int,
    now: datetime,
) -> AmbassadorApplication:
    """A current member who is not an ambassador applies. One open application per member
    (pending or waitlisted), held by a database constraint; the member row is locked first so
    two submissions queue up. Their open nominations are linked to the application."""
    member_require_current(applicant, now=now, to="apply to the ambassador programme")
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    if is_ambassador(applicant, now=now):
        raise DomainError("You are an ambassador already.", code="already_ambassador")
    if AmbassadorApplication.objects.filter(
        applicant=applicant, status__in=OPEN_APPLICATION_STATUSES
    ).exists():
        raise DomainError(
            "You already have an application open: you can see its status on your "
            "ambassador page, and apply again once it is decided.",
            code="application_open",
        )
    motivation, audience = motivation.strip(), audience.strip()
    if not motivation:
        raise DomainError("Tell us why you want to be an ambassador.", code="no_motivation")
    if not audience:
        raise DomainError("Describe your audience and channels.", code="no_audience")
    low, high = HOURS_RANGE
    if not low <= hours_per_month <= high:
        raise DomainError(
            f"Hours a month must be between {low} and {high}.", code="hours_out_of_range"
        )
    application = AmbassadorApplication(
        applicant=applicant,
        preferred_tier=preferred_tier,
        motivation=motivation,
        links=_links_clean(links),
        audience=audience,
        hours_per_month=hours_per_month,
        submitted_at=now,
    )
    try:
        application.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise DomainError(
            "You already have an application open.", code="application_open"
        ) from error
    Nomination.objects.filter(nominee=applicant, application__isnull=True).update(
        application=application
    )
    audit_record(
        actor=applicant,
        action="ambassador_application.submit",
        subject=applicant,
        target=application,
        now=now,
        data={"tier": preferred_tier.name, "hours_per_month": hours_per_month},
    )
    return application


def _locked(application: AmbassadorApplication) -> AmbassadorApplication:
    locked = (
        AmbassadorApplication.objects.select_for_update()
        .filter(pk=application.pk)
        .select_related("applicant")
        .first()
    )
    if locked is None:
        raise DomainError("This application no longer exists.", code="not_found")
    return locked


@transaction.atomic
def application_withdraw(
    *, application: AmbassadorApplication, member: User, now: datetime
) -> AmbassadorApplication:
    """The applicant takes back their open application."""
    application = _locked(application)
    if application.applicant_id != member.pk:
        raise DomainError("This is not your application.", code="not_found")
    if not application.is_open:
        raise DomainError("This application is decided already.", code="decided")
    application.status = ApplicationStatus.WITHDRAWN
    application.decided_at = now
    application.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=member,
        action="ambassador_application.withdraw",
        subject=member,
        target=application,
        now=now,
    )
    return application


@transaction.atomic
def application_review_save(
    *,
    application: AmbassadorApplication,
    reviewer: User,
    scores: dict[str, int],
    notes: dict[str, str],
    now: datetime,
) -> ApplicationReview:
    """A manager scores an open application on the four criteria (1-5 each, a note by each).
    One score set per reviewer: scoring again replaces their own set, never another's."""
    manager_require(reviewer, to="review applications")
    application = _locked(application)
    if application.applicant_id == reviewer.pk:
        raise DomainError("You cannot review your own application.", code="own_application")
    if not application.is_open:
        raise DomainError("This application is decided already.", code="decided")
    values: dict[str, object] = {}
    for criterion in Criterion:
        score = scores.get(criterion.value)
        if not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            raise DomainError(
                f"Score {criterion.label.lower()} from {SCORE_MIN} to {SCORE_MAX}.",
                code="bad_score",
            )
        values[criterion.value] = score
        values[f"{criterion.value}_note"] = (notes.get(criterion.value) or "").strip()[:500]
    review, created = ApplicationReview.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={**values, "updated_at": now},
        create_defaults={**values, "updated_at": now, "created_at": now},
    )
    audit_record(
        actor=reviewer,
        action="ambassador_application.review",
        subject=application.applicant,
        target=application,
        now=now,
        data={
            "verb": "scored" if created else "rescored",
            "average": round(review.average, 2),
            **{criterion.value: values[criterion.value] for criterion in Criterion},
        },
    )
    return review


DECISION_ACTIONS = {
    Decision.APPROVED: "ambassador_application.approve",
    Decision.DECLINED: "ambassador_application.decline",
    Decision.WAITLISTED: "ambassador_application.waitlist",
}


@transaction.atomic
def application_decide(
    *,
    application: AmbassadorApplication,
    decision: str,
    actor: User,
    now: datetime,
    tier: AmbassadorTier | None = None,
    message: str = "",
) -> ApplicationDecision:
    """A manager approves the application into `tier`, declines it with a message, or puts it
    on the waitlist. Approval opens a one-year term, makes the referral code and the
    onboarding checklist. The applicant is emailed about the decision once."""
    manager_require(actor, to="decide on applications")
    if decision not in Decision.values:
        raise DomainError("Choose approve, decline or waitlist.", code="bad_decision")
    application = _locked(application)
    applicant = application.applicant
    message = message.strip()
    if application.applicant_id == actor.pk:
        raise DomainError("You cannot decide on your own application.", code="own_application")
    if not application.is_open:
        raise DomainError("This application is decided already.", code="decided")
    if decision == Decision.WAITLISTED and application.status == ApplicationStatus.WAITLISTED:
        raise DomainError("This application is on the waitlist already.", code="waitlisted")
    if decision == Decision.DECLINED and not message:
        raise DomainError(
            "Write the applicant a message saying why: it is sent with the decision.",
            code="no_message",
        )
    if decision == Decision.APPROVED:
        if tier is None:
            raise DomainError("Choose the tier to approve them into.", code="no_tier")
        if not member_is_current(applicant, now=now):
            raise DomainError(
                f"{_name(applicant)} is no longer a member: decline or leave it.",
                code="not_member",
            )
        if is_ambassador(applicant, now=now):
            raise DomainError(f"{_name(applicant)} is an ambassador already.", code="ambassador")
    else:
        tier = None
    record = ApplicationDecision.objects.create(
        application=application,
        decision=decision,
        tier=tier,
        message=message,
        decided_by=actor,
        decided_at=now,
    )
    application.status = {
        Decision.APPROVED: ApplicationStatus.APPROVED,
        Decision.DECLINED: ApplicationStatus.DECLINED,
        Decision.WAITLISTED: ApplicationStatus.WAITLISTED,
    }[decision]
    application.decided_at = now
    application.approved_tier = tier
    application.save(update_fields=["status", "decided_at", "approved_tier"])
    if decision == Decision.APPROVED:
        ambassador_ensure(member=applicant, now=now)
        term = term_open_new(
            member=applicant,
            tier=tier,
            starts_at=now,
            ends_at=now + TERM_LENGTH,
            previous=None,
            application=application,
            actor=actor,
            now=now,
        )
        onboarding_create(term=term, now=now)
    audit_record(
        actor=actor,
        action=DECISION_ACTIONS[decision],
        subject=applicant,
        target=application,
        now=now,
        data={"tier": tier.name if tier else "", "message": message},
    )

    transaction.on_commit(lambda: decision_email_send.delay(record.pk))
    return record
