"""Reads for a member's own data: the export of everything the platform holds about them.

The export is built from sections registered at `hub.core.extension_points.export_sections`, one
function each; this module holds the members app's own sections (registered in
`members.extensions`) and `member_export`, which runs every app's.
"""

from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress

from hub.core.extension_points import export_sections
from members.models import (
    Activity,
    Award,
    BadgeAward,
    CaseStudy,
    Idea,
    IdeaVote,
    Profile,
    Spotlight,
    TierMembership,
    TierSuggestion,
    User,
)


def member_export(*, member: User, now: datetime) -> dict[str, Any]:
    """Everything the platform holds about `member`, section by section."""
    data: dict[str, Any] = {
        "about": "Everything Hub holds about you, as of exported_at.",
        "exported_at": now,
    }
    for section in export_sections.items():
        data[section.name] = section.collect(member)
    return data


def export_account(member: User) -> dict:
    return {
        "id": member.pk,
        "email": member.email,
        "signed_up_at": member.date_joined,
        "joined_at": member.joined_at,
        "left_at": member.left_at,
        "last_login": member.last_login,
        "is_active": member.is_active,
        "tier_locked": member.tier_locked,
    }


def export_profile(member: User) -> dict | None:
    profile = Profile.objects.filter(user=member).prefetch_related("skills").first()
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "headline": profile.headline,
        "bio": profile.bio,
        "location": profile.location,
        "skills": [skill.name for skill in profile.skills.all()],
        "github_username": profile.github_username,
        "website": profile.website,
        "how_heard": profile.how_heard,
        "newsletter_opt_in": profile.newsletter_opt_in,
        "directory_opt_in": profile.directory_opt_in,
    }


def export_email_addresses(member: User) -> list[dict]:
    return list(
        EmailAddress.objects.filter(user=member)
        .order_by("-primary", "email")
        .values("email", "verified", "primary")
    )


def export_tier_history(member: User) -> list[dict]:
    return [
        {
            "tier": row.tier.name,
            "from_tier": row.from_tier.name if row.from_tier else None,
            "started_at": row.started_at,
            "ended_at": row.ended_at,
            "reason": row.reason,
            "changed_by_a_manager": row.changed_by_id is not None,
        }
        for row in TierMembership.objects.filter(member=member)
        .select_related("tier", "from_tier")
        .order_by("started_at", "id")
    ]


def export_tier_suggestions(member: User) -> list[dict]:
    return [
        {
            "direction": row.direction,
            "from_tier": row.from_tier.name,
            "to_tier": row.to_tier.name,
            "status": row.status,
            "created_at": row.created_at,
            "decided_at": row.decided_at,
        }
        for row in TierSuggestion.objects.filter(member=member)
        .select_related("from_tier", "to_tier")
        .order_by("created_at", "id")
    ]


def export_activities(member: User) -> list[dict]:
    return list(
        Activity.objects.filter(member=member)
        .order_by("occurred_at", "id")
        .values(
            "kind",
            "occurred_at",
            "recorded_at",
            "source",
            "external_id",
            "title",
            "url",
            "points",
            "metadata",
        )
    )


def export_badges(member: User) -> list[dict]:
    return [
        {
            "badge": award.badge.name,
            "awarded_at": award.awarded_at,
            "occasion": award.occasion,
            "reason": award.reason,
        }
        for award in BadgeAward.objects.filter(member=member)
        .select_related("badge")
        .order_by("awarded_at", "id")
    ]


def export_ideas(member: User) -> list[dict]:
    return list(
        Idea.objects.filter(author=member)
        .order_by("created_at", "id")
        .values("id", "title", "body", "status", "status_comment", "created_at")
    )


def export_idea_votes(member: User) -> list[dict]:
    return [
        {"idea_id": vote.idea_id, "idea_title": vote.idea.title, "voted_at": vote.created_at}
        for vote in IdeaVote.objects.filter(member=member)
        .select_related("idea")
        .order_by("created_at", "id")
    ]


def export_spotlights(member: User) -> list[dict]:
    return list(
        Spotlight.objects.filter(member=member)
        .order_by("month")
        .values("month", "story", "published_at")
    )


def export_awards(member: User) -> list[dict]:
    return list(
        Award.objects.filter(winner=member)
        .order_by("year", "category")
        .values("category", "year", "citation", "published_at")
    )


def export_case_studies(member: User) -> list[dict]:
    return list(
        CaseStudy.objects.filter(member=member)
        .order_by("id")
        .values("title", "slug", "summary", "body", "published_at")
    )
