"""The ambassador programme: its tiers, nominations, applications with their reviews and
decisions, ambassadors with their referral codes and terms, onboarding checklists, the
activities ambassadors log, quarterly compensation reviews, and the first-touch attribution
stored on every member at signup.

Rules that must hold whatever the code path live here as database constraints: one open
application per member, one score set per reviewer and application, scores from 1 to 5, one
open term per member, a buddy is never the ambassador themselves, one attribution per member.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

USER = settings.AUTH_USER_MODEL


class AmbassadorTier(models.Model):
    """A tier of the programme (seeded: Champions, Ambassadors, Advisors), editable by managers.
    `commitment_hours_max` is empty for an open-ended commitment ("20+ hours a month")."""

    level = models.PositiveSmallIntegerField(
        unique=True, help_text="1 for the entry tier; a higher level asks more and gives more."
    )
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True, help_text="Who the tier is for, in a sentence.")
    requirements = models.TextField(help_text="What it takes to join this tier.")
    benefits = models.JSONField(default=list, help_text="One benefit a line, shown publicly.")
    commitment_hours_min = models.PositiveSmallIntegerField(
        help_text="Hours a month an ambassador of this tier commits to, at least."
    )
    commitment_hours_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: no upper bound."
    )

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commitment_hours_max__isnull=True)
                | Q(commitment_hours_max__gte=F("commitment_hours_min")),
                name="ambassador_tier_commitment_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def commitment_label(self) -> str:
        if self.commitment_hours_max is None:
            return f"{self.commitment_hours_min}+ hours a month"
        return f"{self.commitment_hours_min}-{self.commitment_hours_max} hours a month"


class Ambassador(models.Model):
    """Someone who has been approved into the programme at least once: their referral code and
    whether they appear on the public programme page. Their periods in the programme are the
    `AmbassadorTerm` rows; this row stays when a term ends, so the code keeps its history."""

    member = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="ambassador")
    referral_code = models.CharField(
        max_length=20, unique=True, help_text="Readable and unique, for example OLENA-7K2."
    )
    code_retired_at = models.DateTimeField(
        null=True, blank=True, help_text="A retired code is ignored on landing; never reused."
    )
    listed = models.BooleanField(
        default=False, help_text="Shown on the public programme page (the ambassador opts in)."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["referral_code"]

    def __str__(self) -> str:
        return self.referral_code


class Nomination(models.Model):
    """A current member proposes another for the programme, with a reason. The nominee is told
    by email (`notified_at` is the sent-row) and the nomination is linked to their application
    when they apply."""

    nominee = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="ambassador_nominations_received"
    )
    nominated_by = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="ambassador_nominations_made"
    )
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(
        "AmbassadorApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(nominee=F("nominated_by")), name="nomination_not_of_oneself"
            ),
            models.UniqueConstraint(
                fields=["nominee", "nominated_by"],
                condition=Q(application__isnull=True),
                name="one_open_nomination_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["nominee", "created_at"])]

    def __str__(self) -> str:
        return f"Nomination of {self.nominee_id} by {self.nominated_by_id}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    WAITLISTED = "waitlisted", "On the waitlist"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: An application in one of these is still open: the member may not open another.
OPEN_APPLICATION_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.WAITLISTED)


class AmbassadorApplication(models.Model):
    """A member applies to the programme. Reviewed by managers (`ApplicationReview`), then
    approved into a tier, declined with a message or waitlisted (`ApplicationDecision`)."""

    applicant = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="ambassador_applications"
    )
    preferred_tier = models.ForeignKey(
        AmbassadorTier, on_delete=models.PROTECT, related_name="applications"
    )
    motivation = models.TextField(max_length=4000)
    links = models.TextField(
        max_length=2000, blank=True, help_text="Links to their work, one a line."
    )
    audience = models.TextField(
        "audience and channels",
        max_length=2000,
        help_text="Where they speak and to whom: blog, channels, groups, followers.",
    )
    hours_per_month = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    approved_tier = models.ForeignKey(
        AmbassadorTier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status__in=["pending", "waitlisted"]),
                name="one_open_ambassador_application_per_member",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=1) & Q(hours_per_month__lte=200),
                name="application_hours_per_month_in_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"Application #{self.pk} by {self.applicant_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES


class Criterion(models.TextChoices):
    """The seed's four selection criteria, each scored 1-5 by each reviewer."""

    PRODUCT_EXPERTISE = "product_expertise", "Product expertise"
    AUDIENCE_REACH = "audience_reach", "Audience and reach"
    AUTHENTICITY = "authenticity", "Authenticity"
    AVAILABILITY = "availability", "Availability"


SCORE_MIN, SCORE_MAX = 1, 5


def _score_in_range(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": SCORE_MIN}) & Q(**{f"{field}__lte": SCORE_MAX}),
        name=f"review_{field}_1_to_5",
    )


class ApplicationReview(models.Model):
    """One reviewer's scores of one application: the four criteria 1-5, each with a note.
    A reviewer who scores again changes their own set; there is one per reviewer."""

    application = models.ForeignKey(
        AmbassadorApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    product_expertise = models.PositiveSmallIntegerField()
    product_expertise_note = models.CharField(max_length=500, blank=True)
    audience_reach = models.PositiveSmallIntegerField()
    audience_reach_note = models.CharField(max_length=500, blank=True)
    authenticity = models.PositiveSmallIntegerField()
    authenticity_note = models.CharField(max_length=500, blank=True)
    availability = models.PositiveSmallIntegerField()
    availability_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer_and_application"
            ),
            *[_score_in_range(criterion.value) for criterion in Criterion],
        ]

    def __str__(self) -> str:
        return f"Review of #{self.application_id} by {self.reviewer_id}"

    @property
    def average(self) -> float:
        return sum(getattr(self, criterion.value) for criterion in Criterion) / len(Criterion)


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WAITLISTED = "waitlisted", "Waitlisted"


class ApplicationDecision(models.Model):
    """A manager's decision on an application; an application waitlisted and later approved
    has two. `emailed_at` is the sent-row: the applicant gets one email per decision."""

    application = models.ForeignKey(
        AmbassadorApplication, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    tier = models.ForeignKey(
        AmbassadorTier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(
        max_length=2000, blank=True, help_text="Written to the applicant, sent in the email."
    )
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved", tier__isnull=False)
                | (~Q(decision="approved") & Q(tier__isnull=True)),
                name="decision_tier_only_when_approved",
            ),
            models.UniqueConstraint(
                fields=["application", "decision"], name="one_decision_of_a_kind_per_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} #{self.application_id}"


class TermEnd(models.TextChoices):
    RUNNING = "", "Running"
    RENEWED = "renewed", "Renewed"
    MOVED = "moved", "Moved to another tier"
    ENDED = "ended", "Ended by a manager"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    EXPIRED = "expired", "Expired"
    LEFT = "left", "Left the community"


class AmbassadorTerm(models.Model):
    """A period as an ambassador in one tier, from `starts_at` to `ends_at` (one year by
    default). Someone is a current ambassador at t when one of their terms has
    `starts_at <= t < ends_at`. Ending a term early sets `ends_at` to that moment and says why
    in `end_reason`; renewing opens the next term where this one ends; moving to another tier
    ends this one and opens one in the new tier. Nothing is deleted: the rows are the history.
    At most one term per member is open (`end_reason` empty)."""

    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="ambassador_terms")
    tier = models.ForeignKey(AmbassadorTier, on_delete=models.PROTECT, related_name="terms")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    end_reason = models.CharField(
        max_length=16, choices=TermEnd.choices, blank=True, default=TermEnd.RUNNING
    )
    end_note = models.CharField(max_length=500, blank=True)
    ended_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    application = models.ForeignKey(
        AmbassadorApplication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="terms",
    )
    renewal_notice_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When managers were told the term ends soon."
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["member_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="ambassador_term_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(end_reason=""), name="one_open_term_per_member"
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.tier} {self.starts_at:%Y-%m-%d} to {self.ends_at:%Y-%m-%d}"


class OnboardingStepKind(models.TextChoices):
    WELCOME_KIT = "welcome_kit", "Welcome kit sent"
    PLATFORM_ACCESS = "platform_access", "Platform access granted"
    RESOURCE_LIBRARY = "resource_library", "Resource library shared"
    BUDDY_ASSIGNED = "buddy_assigned", "Buddy assigned"
    FIRST_ACTIVITY = "first_activity", "First activity logged"


class Onboarding(models.Model):
    """The weeks 1-2 checklist of a newly approved ambassador, due two weeks after approval.
    The buddy is another current ambassador who helps them start (never themselves)."""

    term = models.OneToOneField(AmbassadorTerm, on_delete=models.CASCADE, related_name="onboarding")
    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="onboardings")
    buddy = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="buddy_onboardings"
    )
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(buddy__isnull=True) | ~Q(buddy=F("member")),
                name="onboarding_buddy_is_not_the_ambassador",
            )
        ]
        indexes = [models.Index(fields=["completed_at", "due_at"])]

    def __str__(self) -> str:
        return f"Onboarding of {self.member_id}"


class OnboardingStep(models.Model):
    """One item of a checklist: done when `done_at` is set, by `done_by`."""

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=OnboardingStepKind.choices)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["onboarding_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["onboarding", "step"], name="one_step_of_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({'done' if self.done_at else 'to do'})"


class ActivityCategory(models.TextChoices):
    """The seed's four categories of ambassador activities."""

    CONTENT_CREATION = "content_creation", "Content creation"
    COMMUNITY_BUILDING = "community_building", "Community building"
    PRODUCT_FEEDBACK = "product_feedback", "Product feedback"
    BUSINESS_IMPACT = "business_impact", "Business impact"


class ActivityType(models.TextChoices):
    BLOG_POST = "blog_post", "Blog post"
    TUTORIAL = "tutorial", "Tutorial"
    VIDEO = "video", "Video"
    SOCIAL_POST = "social_post", "Social media post"
    PRODUCT_REVIEW = "product_review", "Product review"
    ANSWERING = "answering", "Answering questions"
    EVENT_HOSTED = "event_hosted", "Hosted an event or meetup"
    MENTORING = "mentoring", "Mentoring new members"
    BETA_TESTING = "beta_testing", "Beta testing"
    FEATURE_REQUEST = "feature_request", "Feature request"
    USER_RESEARCH = "user_research", "User research"
    REFERRAL_OUTREACH = "referral_outreach", "Referral outreach"
    CASE_STUDY = "case_study", "Case study"
    SPEAKING = "speaking", "Speaking engagement"


#: Each type's category, as the seed groups them.
TYPE_CATEGORY = {
    ActivityType.BLOG_POST: ActivityCategory.CONTENT_CREATION,
    ActivityType.TUTORIAL: ActivityCategory.CONTENT_CREATION,
    ActivityType.VIDEO: ActivityCategory.CONTENT_CREATION,
    ActivityType.SOCIAL_POST: ActivityCategory.CONTENT_CREATION,
    ActivityType.PRODUCT_REVIEW: ActivityCategory.CONTENT_CREATION,
    ActivityType.ANSWERING: ActivityCategory.COMMUNITY_BUILDING,
    ActivityType.EVENT_HOSTED: ActivityCategory.COMMUNITY_BUILDING,
    ActivityType.MENTORING: ActivityCategory.COMMUNITY_BUILDING,
    ActivityType.BETA_TESTING: ActivityCategory.PRODUCT_FEEDBACK,
    ActivityType.FEATURE_REQUEST: ActivityCategory.PRODUCT_FEEDBACK,
    ActivityType.USER_RESEARCH: ActivityCategory.PRODUCT_FEEDBACK,
    ActivityType.REFERRAL_OUTREACH: ActivityCategory.BUSINESS_IMPACT,
    ActivityType.CASE_STUDY: ActivityCategory.BUSINESS_IMPACT,
    ActivityType.SPEAKING: ActivityCategory.BUSINESS_IMPACT,
}


class AmbassadorActivity(models.Model):
    """What an ambassador did for the programme, with the hours it took: compared each month
    with their tier's commitment. Content pieces and hosted events are also written to the
    member's activity ledger once (`ledger_activity`)."""

    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="ambassador_activities")
    category = models.CharField(max_length=24, choices=ActivityCategory.choices)
    type = models.CharField(max_length=24, choices=ActivityType.choices)
    title = models.CharField(max_length=200)
    occurred_on = models.DateField(help_text="The community-local day it happened.")
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    url = models.URLField(max_length=500, blank=True)
    ledger_activity = models.ForeignKey(
        "members.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "ambassador activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=200),
                name="ambassador_activity_hours_in_range",
            )
        ]
        indexes = [
            models.Index(fields=["member", "occurred_on"]),
            models.Index(fields=["occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} by {self.member_id} on {self.occurred_on}"


class CompensationOutcome(models.TextChoices):
    UNCHANGED = "unchanged", "Unchanged"
    INCREASED = "increased", "Increased"
    DECREASED = "decreased", "Decreased"
    ONE_OFF = "one_off", "One-off reward"


class CompensationReview(models.Model):
    """The quarterly compensation review of an ambassador, recorded by a manager."""

    member = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="compensation_reviews")
    quarter = models.DateField(help_text="The first day of the quarter reviewed.")
    outcome = models.CharField(max_length=16, choices=CompensationOutcome.choices)
    note = models.TextField(max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-quarter", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "quarter"], name="one_compensation_review_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"Compensation review of {self.member_id} for {self.quarter}"


class SignupAttribution(models.Model):
    """How a member came: the first touch kept in the signed cookie (referral code, UTM
    parameters, landing page, when) and the answer to "How did you hear about us?", stored at
    signup. `referrer` is the ambassador whose code it was; `referral_credited_at` is when
    their `referral` activity was recorded (the member confirmed their email)."""

    member = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="signup_attribution")
    referral_code = models.CharField(max_length=20, blank=True)
    referrer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="referred_signups"
    )
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    landing_path = models.CharField(max_length=300, blank=True)
    first_touch_at = models.DateTimeField(null=True, blank=True)
    how_heard = models.CharField(max_length=200, blank=True)
    signed_up_at = models.DateTimeField()
    referral_credited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_up_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referrer__isnull=True) | ~Q(referrer=F("member")),
                name="attribution_not_referred_by_oneself",
            )
        ]
        indexes = [models.Index(fields=["referrer", "referral_credited_at"])]

    def __str__(self) -> str:
        return f"Attribution of {self.member_id}"
