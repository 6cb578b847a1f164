"""Writes to a member's own profile: the fields they edit and their skills (shared tags)."""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from hub.core.errors import DomainError
from members.models import Profile, Skill, User

MAX_SKILLS = 15
SKILL_MAX_LENGTH = 50
EDITABLE_FIELDS = (
    "display_name",
    "headline",
    "bio",
    "location",
    "github_username",
    "website",
    "how_heard",
    "newsletter_opt_in",
    "directory_opt_in",
)


def skill_names_parse(text: str) -> list[str]:
    """ "python, Django ,,  machine   learning" -> ["python", "Django", "machine learning"]:
    split on commas, squeeze spaces, drop empties and case-insensitive repeats."""
    names: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        name = re.sub(r"\s+", " ", part).strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def skills_resolve(names: list[str]) -> list[Skill]:
    """Existing skills matched case-insensitively (so "python" joins "Python"), new ones made."""
    if len(names) > MAX_SKILLS:
        raise DomainError(f"List at most {MAX_SKILLS} skills.")
    too_long = [name for name in names if len(name) > SKILL_MAX_LENGTH]
    if too_long:
        raise DomainError(
            f"Each skill must be at most {SKILL_MAX_LENGTH} characters: {too_long[0][:60]}…"
        )
    wanted = {name.lower(): name for name in names}
    existing = {
        skill.lowered: skill
        for skill in Skill.objects.annotate(lowered=Lower("name")).filter(lowered__in=wanted)
    }
    skills = []
    for key, name in wanted.items():
        skill = existing.get(key)
        if skill is None:
            skill, _ = Skill.objects.get_or_create(name=name)
        skills.append(skill)
    return skills


@transaction.atomic
def profile_update(
    *, member: User, skills: list[str], now: datetime, **fields: str | bool
) -> Profile:
    """Save the member's own profile. Only the fields a member may edit are accepted."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"These profile fields cannot be edited: {', '.join(sorted(unknown))}.")
    if member.left_at is not None and member.left_at <= now:
        raise DomainError("You have left the community; your profile can no longer change.")
    profile, _ = Profile.objects.select_for_update().get_or_create(user=member)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    try:
        profile.full_clean(exclude=["user", "skills"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    profile.save()
    profile.skills.set(skills_resolve(skills))
    return profile
