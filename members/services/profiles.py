"""Writes to profiles: the fields a member edits about themselves and their skills (shared
tags), and a manager's correction of them (audited)."""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from hub.core.audit import audit_record
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


def _profile_save(*, member: User, skills: list[str], fields: dict) -> tuple[Profile, list[str]]:
    """Save the editable `fields` and the skills of `member`'s profile; return the profile and
    the names of what changed."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"These profile fields cannot be edited: {', '.join(sorted(unknown))}.")
    profile, _ = Profile.objects.select_for_update().get_or_create(user=member)
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    try:
        profile.full_clean(exclude=["user", "skills"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    profile.save()
    wanted = skills_resolve(skills)
    if {skill.pk for skill in wanted} != set(profile.skills.values_list("pk", flat=True)):
        profile.skills.set(wanted)
        changed.append("skills")
    return profile, changed


@transaction.atomic
def profile_name_at_signup(*, member: User, display_name: str) -> Profile:
    """The name asked on the signup form, stored before the email is confirmed (joining keeps
    the profile it finds)."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=member)
    profile.display_name = display_name.strip()
    try:
        profile.full_clean(exclude=["user", "skills"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    profile.save(update_fields=["display_name"])
    return profile


@transaction.atomic
def profile_update(
    *, member: User, skills: list[str], now: datetime, **fields: str | bool
) -> Profile:
    """Save the member's own profile. Only the fields a member may edit are accepted."""
    if member.has_left_by(now):
        raise DomainError("You have left the community; your profile can no longer change.")
    profile, _ = _profile_save(member=member, skills=skills, fields=fields)
    return profile


@transaction.atomic
def profile_update_by_manager(
    *, member: User, actor: User, skills: list[str], now: datetime, **fields: str | bool
) -> list[str]:
    """A manager corrects a member's profile (the same fields and rules as the member's own
    form), with an audit entry naming the fields (not their values: they are personal).
    Returns the names of the fields that changed."""
    if member.has_left_by(now):
        raise DomainError(
            f"{member.display_name} has left the community; their profile can no longer change."
        )
    profile, changed = _profile_save(member=member, skills=skills, fields=fields)
    if changed:
        audit_record(
            actor=actor,
            action="profile.edit_by_manager",
            subject=member,
            target=profile,
            now=now,
            data={"fields": ", ".join(changed)},
        )
    return changed
