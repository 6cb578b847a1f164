"""A member's own programme data for "Your data": each section a few queries, never one per row.
Reviewers are not named: a review is the programme's assessment, not one person's."""

from ambassadors.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationReview,
    CompensationReview,
    Nomination,
    OnboardingStep,
    SignupAttribution,
)


def export_programme(member) -> dict:
    ambassador = Ambassador.objects.filter(member=member).first()
    applications = list(
        AmbassadorApplication.objects.filter(applicant=member)
        .select_related("preferred_tier", "approved_tier")
        .prefetch_related("decisions")
        .order_by("submitted_at", "pk")
    )
    reviews = ApplicationReview.objects.filter(application__applicant=member).order_by("pk")
    return {
        "referral_code": ambassador.referral_code if ambassador else None,
        "code_retired_at": ambassador.code_retired_at if ambassador else None,
        "listed_publicly": ambassador.listed if ambassador else False,
        "nominations_received": list(
            Nomination.objects.filter(nominee=member)
            .order_by("created_at")
            .values("created_at", "reason")
        ),
        "nominations_made": list(
            Nomination.objects.filter(nominated_by=member)
            .order_by("created_at")
            .values("created_at", "reason")
        ),
        "applications": [
            {
                "submitted_at": application.submitted_at,
                "status": application.status,
                "preferred_tier": application.preferred_tier.name,
                "approved_tier": getattr(application.approved_tier, "name", None),
                "motivation": application.motivation,
                "links": application.links,
                "audience": application.audience,
                "hours_per_month": application.hours_per_month,
                "decisions": [
                    {
                        "decision": decision.decision,
                        "decided_at": decision.decided_at,
                        "message": decision.message,
                    }
                    for decision in application.decisions.all()
                ],
            }
            for application in applications
        ],
        "application_reviews": list(
            reviews.values(
                "application_id",
                "product_expertise",
                "product_expertise_note",
                "audience_reach",
                "audience_reach_note",
                "authenticity",
                "authenticity_note",
                "availability",
                "availability_note",
            )
        ),
        "terms": list(
            AmbassadorTerm.objects.filter(member=member)
            .order_by("starts_at", "pk")
            .values("tier__name", "starts_at", "ends_at", "end_reason", "end_note")
        ),
        "onboarding_steps": list(
            OnboardingStep.objects.filter(onboarding__member=member)
            .order_by("onboarding_id", "pk")
            .values("step", "done_at")
        ),
        "activities": list(
            AmbassadorActivity.objects.filter(member=member)
            .order_by("occurred_on", "pk")
            .values("category", "type", "title", "occurred_on", "hours", "url")
        ),
        "compensation_reviews": list(
            CompensationReview.objects.filter(member=member)
            .order_by("quarter")
            .values("quarter", "outcome", "note")
        ),
        "signup_attribution": SignupAttribution.objects.filter(member=member)
        .values(
            "referral_code",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
            "landing_path",
            "first_touch_at",
            "how_heard",
            "signed_up_at",
        )
        .first(),
    }
