"""Who may open or do what in the ambassador programme, for every URL of the app (pages, the
share link, the API and its admin pages).

Roles: anonymous, a member (with an application waiting), an ambassador, another ambassador,
and a community manager. "login" is a redirect to log in; "302=" a request answered with a
redirect that changes nothing (the page says why).
"""

from django.utils import timezone

from ambassadors.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationReview,
    CompensationReview,
    Nomination,
    Onboarding,
    OnboardingStep,
    TermEnd,
)
from ambassadors.selectors.recognition import quarter_label, quarter_of
from ambassadors.services.applications import application_decide
from ambassadors.tests.factories import ApplicationFactory, tier
from members.models import BadgeAward
from members.tests.factories import MemberFactory
from tests.permissions import Row, World, matrix_test, people_build, world_fixture

ROLES = ("anonymous", "member", "ambassador", "other_ambassador", "manager")


def build() -> World:
    people = people_build(ROLES)
    now = timezone.now()
    manager = people["manager"]
    for role in ("ambassador", "other_ambassador"):
        application_decide(
            application=ApplicationFactory(applicant=people[role]),
            decision="approved",
            tier=tier(1),
            actor=manager,
            now=now,
        )
    waiting = ApplicationFactory(applicant=people["member"], submitted_at=now)
    candidate = MemberFactory(email="candidate@example.com", name="Cara Candidate")
    return World(
        people=people,
        placeholders={
            "application": waiting.pk,
            "ambassador": people["ambassador"].pk,
            "code": Ambassador.objects.get(member=people["ambassador"]).referral_code,
        },
        waiting=waiting,
        candidate=candidate,
        quarter=quarter_label(quarter_of(now)),
        today=timezone.localdate(now),
    )


world = world_fixture(build)


def applications(w):
    return AmbassadorApplication.objects.count()


def ambassador_term(w):
    term = AmbassadorTerm.objects.filter(member=w.people["ambassador"]).order_by("-pk").first()
    return (
        AmbassadorTerm.objects.filter(member=w.people["ambassador"]).count(),
        term.tier_id,
        term.end_reason,
        term.ends_at,
    )


def onboarding_of_ambassador(w):
    onboarding = Onboarding.objects.get(member=w.people["ambassador"])
    done = tuple(
        OnboardingStep.objects.filter(onboarding=onboarding).values_list("step", "done_at")
    )
    return onboarding.buddy_id, done


APPLY = {
    "preferred_tier": 1,
    "motivation": "I write tutorials.",
    "links": "https://example.com/post",
    "audience": "My blog",
    "hours_per_month": 4,
}


def apply_data(w):
    return {**APPLY, "preferred_tier": tier(1).pk}


def activity_data(w):
    return {
        "activity_type": "tutorial",
        "title": "Hub in ten minutes",
        "occurred_on": w.today.isoformat(),
        "hours": 2,
        "url": "https://example.com/tutorial",
    }


ROWS = [
    # Public pages and the share link
    Row("programme", "GET", "/ambassadors/", "200 200 200 200 200"),
    Row("share link", "GET", "/join/?ref={code}", "200 200 200 200 200"),
    Row("share link, unknown code", "GET", "/join/?ref=NOPE-000", "200 200 200 200 200"),
    # Applying and nominating
    Row("apply page", "GET", "/ambassadors/apply/", "login 302 302 302 200"),
    Row(
        "apply",
        "POST",
        "/ambassadors/apply/",
        "login 302= 302= 302= 302",
        data=apply_data,
        effect=applications,
    ),
    Row("nominate page", "GET", "/ambassadors/nominate/", "login 200 200 200 200"),
    Row(
        "nominate",
        "POST",
        "/ambassadors/nominate/",
        "login 302 302 302 302",
        data={"email": "candidate@example.com", "reason": "She answers every question."},
        effect=lambda w: Nomination.objects.count(),
    ),
    Row(  # answered like a real nomination, so the form tells no one who uses an address
        "nominate an unknown address",
        "POST",
        "/ambassadors/nominate/",
        "login 302= 302= 302= 302=",
        data={"email": "nobody@example.com", "reason": "x"},
        effect=lambda w: Nomination.objects.count(),
    ),
    # One's own programme page and its actions
    Row("own page", "GET", "/ambassadors/me/", "login 200 200 200 200"),
    Row(
        "withdraw",
        "POST",
        "/ambassadors/me/application/withdraw/",
        "login 302 302= 302= 302=",
        effect=lambda w: AmbassadorApplication.objects.get(pk=w.waiting.pk).status,
    ),
    Row(
        "listing",
        "POST",
        "/ambassadors/me/listing/",
        "login 302= 302 302 302=",
        data={"listed": "yes"},
        effect=lambda w: tuple(Ambassador.objects.order_by("pk").values_list("listed", flat=True)),
    ),
    Row("step down page", "GET", "/ambassadors/me/step-down/", "login 302 200 200 302"),
    Row(
        "step down",
        "POST",
        "/ambassadors/me/step-down/",
        "login 302= 302 302 302=",
        data={"confirm": "on"},
        effect=lambda w: AmbassadorTerm.objects.filter(end_reason=TermEnd.STEPPED_DOWN).count(),
    ),
    Row("activities page", "GET", "/ambassadors/me/activities/", "login 403 200 200 403"),
    Row(
        "log activity",
        "POST",
        "/ambassadors/me/activities/",
        "login 403 302 302 403",
        data=activity_data,
        effect=lambda w: AmbassadorActivity.objects.count(),
    ),
    Row("referrals page", "GET", "/ambassadors/me/referrals/", "login 403 200 200 403"),
    # The managers' pages
    Row("manage", "GET", "/ambassadors/manage/", "login 403 403 403 200"),
    Row("queue", "GET", "/ambassadors/manage/applications/", "login 403 403 403 200"),
    Row(
        "queue, declined",
        "GET",
        "/ambassadors/manage/applications/?status=declined",
        "login 403 403 403 200",
    ),
    Row(
        "application",
        "GET",
        "/ambassadors/manage/applications/{application}/",
        "login 403 403 403 200",
    ),
    Row(
        "no such application",
        "GET",
        "/ambassadors/manage/applications/999999/",
        "login 403 403 403 404",
    ),
    Row(
        "score",
        "POST",
        "/ambassadors/manage/applications/{application}/score/",
        "login 403 403 403 302",
        data={
            "product_expertise": 4,
            "audience_reach": 3,
            "authenticity": 5,
            "availability": 2,
        },
        effect=lambda w: ApplicationReview.objects.count(),
    ),
    Row(
        "decide",
        "POST",
        "/ambassadors/manage/applications/{application}/decide/",
        "login 403 403 403 302",
        data=lambda w: {"decision": "approved", "tier": tier(2).pk},
        effect=lambda w: AmbassadorApplication.objects.get(pk=w.waiting.pk).status,
    ),
    Row("ambassadors", "GET", "/ambassadors/manage/ambassadors/", "login 403 403 403 200"),
    Row(
        "ambassador",
        "GET",
        "/ambassadors/manage/ambassadors/{ambassador}/",
        "login 403 403 403 200",
    ),
    Row(
        "not an ambassador",
        "GET",
        "/ambassadors/manage/ambassadors/999999/",
        "login 403 403 403 404",
    ),
    Row(
        "renew",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/renew/",
        "login 403 403 403 302",
        effect=ambassador_term,
    ),
    Row(
        "move tier",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/move/",
        "login 403 403 403 302",
        data=lambda w: {"tier": tier(2).pk},
        effect=ambassador_term,
    ),
    Row(
        "end term",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/end/",
        "login 403 403 403 302",
        data={"note": "Moved abroad"},
        effect=ambassador_term,
    ),
    Row(
        "buddy",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/buddy/",
        "login 403 403 403 302",
        data=lambda w: {"buddy": w.people["other_ambassador"].pk},
        effect=onboarding_of_ambassador,
    ),
    Row(
        "buddy is oneself",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/buddy/",
        "login 403 403 403 400",
        data=lambda w: {"buddy": w.people["ambassador"].pk},
        effect=onboarding_of_ambassador,
    ),
    Row(
        "onboarding step",
        "POST",
        "/ambassadors/manage/ambassadors/{ambassador}/onboarding/welcome_kit/",
        "login 403 403 403 302",
        effect=onboarding_of_ambassador,
    ),
    Row("recognition", "GET", "/ambassadors/manage/recognition/", "login 403 403 403 200"),
    Row(
        "recognition badge",
        "POST",
        "/ambassadors/manage/recognition/badge/",
        "login 403 403 403 302",
        data=lambda w: {
            "member": w.people["ambassador"].pk,
            "quarter": w.quarter,
            "reason": "Most tutorials",
        },
        effect=lambda w: BadgeAward.objects.count(),
    ),
    Row(
        "compensation review",
        "POST",
        "/ambassadors/manage/recognition/compensation/",
        "login 403 403 403 302",
        data=lambda w: {
            "member": w.people["ambassador"].pk,
            "quarter": w.quarter,
            "outcome": "unchanged",
        },
        effect=lambda w: CompensationReview.objects.count(),
    ),
    Row("attribution", "GET", "/ambassadors/manage/attribution/", "login 403 403 403 200"),
    # The API
    Row("api ambassadors", "GET", "/api/v1/ambassadors/", "200 200 200 200 200"),
    Row("api applications", "GET", "/api/v1/ambassador-applications/", "401 200 200 200 200"),
    Row(
        "api apply",
        "POST",
        "/api/v1/ambassador-applications/",
        "401 400 400 400 201",
        data={**APPLY, "preferred_tier": "champions", "links": ["https://example.com/post"]},
        effect=applications,
    ),
    Row("api activities", "GET", "/api/v1/ambassador-activities/", "401 200 200 200 200"),
    Row(
        "api log activity",
        "POST",
        "/api/v1/ambassador-activities/",
        "401 403 201 201 403",
        data=activity_data,
        effect=lambda w: AmbassadorActivity.objects.count(),
    ),
    Row("api referrals", "GET", "/api/v1/referrals/", "401 403 200 200 403"),
    # The admin console
    *[
        Row(f"admin {model}", "GET", f"/admin/ambassadors/{model}/", "login login login login 200")
        for model in [
            "ambassadortier",
            "ambassadorapplication",
            "ambassador",
            "nomination",
            "signupattribution",
        ]
    ],
    Row(
        "admin application",
        "GET",
        "/admin/ambassadors/ambassadorapplication/{application}/change/",
        "login login login login 200",
    ),
]

test_permission_matrix = matrix_test(ROLES, ROWS)
