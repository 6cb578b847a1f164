"""What the programme erases when a member leaves, and keeps so past figures stay the same."""

from datetime import datetime

from ambassadors.models import (
    OPEN_APPLICATION_STATUSES,
    Ambassador,
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationDecision,
    ApplicationReview,
    ApplicationStatus,
    CompensationReview,
    Nomination,
    Onboarding,
    OnboardingStep,
    OnboardingStepKind,
    TermEnd,
)
from ambassadors.services.referrals import ACTIVITY_SOURCE
from members.models import Activity


def ambassador_data_erase(*, member, now: datetime) -> None:
    """The programme's leave handler (runs in the leaving transaction, before the members app
    erases the profile).

    Erased: what the member wrote or was written about them (application motivation, links
    and audience, the reviewers' notes and the decision messages, nomination reasons about
    them, term notes, compensation notes, the titles and links of their logged activities and
    of the ledger rows copied from them).
    Ended: their term (at `now`, "left the community"), a renewal not yet begun, the buddy
    roles they hold for others (those checklists get their buddy step back to do), their open
    application (withdrawn). Retired: their referral code, so a link with it is ignored from
    now on. Kept: every row that a past month counts (terms with their dates and tiers, logged
    hours, scores, decisions, the referrals credited to them and the attribution of their own
    signup), so no past figure changes."""
    AmbassadorTerm.objects.filter(member=member, starts_at__gt=now).delete()
    AmbassadorTerm.objects.filter(member=member, starts_at__lte=now, ends_at__gt=now).update(
        ends_at=now, end_reason=TermEnd.LEFT
    )
    AmbassadorTerm.objects.filter(member=member, end_reason=TermEnd.RUNNING).update(
        end_reason=TermEnd.EXPIRED
    )
    AmbassadorTerm.objects.filter(member=member).update(end_note="")
    Ambassador.objects.filter(member=member, code_retired_at__isnull=True).update(
        code_retired_at=now
    )
    Ambassador.objects.filter(member=member).update(listed=False)

    applications = AmbassadorApplication.objects.filter(applicant=member)
    applications.filter(status__in=OPEN_APPLICATION_STATUSES).update(
        status=ApplicationStatus.WITHDRAWN, decided_at=now
    )
    applications.update(motivation="", links="", audience="")
    ApplicationReview.objects.filter(application__applicant=member).update(
        product_expertise_note="",
        audience_reach_note="",
        authenticity_note="",
        availability_note="",
    )
    ApplicationDecision.objects.filter(application__applicant=member).update(message="")
    Nomination.objects.filter(nominee=member).update(reason="")

    buddy_of = Onboarding.objects.filter(buddy=member, completed_at__isnull=True)
    OnboardingStep.objects.filter(
        onboarding__in=buddy_of, step=OnboardingStepKind.BUDDY_ASSIGNED
    ).update(done_at=None, done_by=None)
    buddy_of.update(buddy=None)

    AmbassadorActivity.objects.filter(member=member).update(title="", url="")
    # The copies this app wrote into the ledger (content pieces, hosted events) lose their text
    # too; their kind, date and points stay, so the ledger's counts do not move.
    Activity.objects.filter(member=member, source=ACTIVITY_SOURCE).update(title="", url="")
    CompensationReview.objects.filter(member=member).update(note="")
