"""Writes to profiles: the fields a member edits about themselves and their skills, a manager's
correction of them (audited), and the list of skills: a member's suggestion, a manager's
addition, renaming, acceptance and rejection (audited; the members who lose a rejected skill
are emailed why)."""

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.validation import text_problem
from members.models import Profile, Skill, SkillRemoval, User
from members.tasks.profiles import skill_rejection_email_send_task

MAX_SKILLS = 15
SKILL_MAX_LENGTH = 50
#: Suggestions one member may have awaiting review at once: enough to describe anyone, few
#: enough that the managers' queue stays short.
MAX_SUGGESTIONS_AWAITING = 3
REJECTION_REASON_MAX_LENGTH = 300
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

Through = Profile.skills.through


def skill_name_normalise(text: str) -> str:
    """ "  machine   learning " -> "machine learning": one space between words, none around."""
    return re.sub(r"\s+", " ", text).strip()


def _skill_named(name: str, *, lock: bool = False) -> Skill | None:
    """The skill called `name` whatever its case (names are unique ignoring case)."""
    skills = Skill.objects.annotate(lowered=Lower("name")).filter(lowered=name.lower())
    return (skills.select_for_update() if lock else skills).first()


def _skill_name_problem(name: str) -> str | None:
    if not name:
        return "Enter the skill's name."
    if len(name) > SKILL_MAX_LENGTH:
        return f"A skill's name is at most {SKILL_MAX_LENGTH} characters; this one has {len(name)}."
    return text_problem(name)


def skill_suggestion_refusal(*, name: str, member: User) -> str | None:
    """Why `member` may not suggest the skill `name` (already normalised), as a sentence for
    them, or None. The profile form shows it beside the field; `skill_suggest` raises it."""
    problem = _skill_name_problem(name)
    if problem:
        return problem
    existing = _skill_named(name)
    if existing is not None and existing.status == Skill.Status.ACCEPTED:
        return (
            f"“{existing.name}” is on the list already: tick it among your skills instead of "
            "suggesting it."
        )
    if existing is not None and existing.status == Skill.Status.REJECTED:
        reason = existing.rejection_reason
        return f"“{existing.name}” was suggested before and not accepted: {reason}"
    held = Through.objects.filter(profile__user=member)
    if existing is not None and held.filter(skill=existing).exists():
        return None  # it is on their profile already: nothing to do
    awaiting = held.filter(skill__status=Skill.Status.SUGGESTED).count()
    if awaiting >= MAX_SUGGESTIONS_AWAITING:
        return (
            f"You have {awaiting} suggested skills awaiting review already; suggest another "
            "once a manager has looked at them."
        )
    return None


def _suggestions_unheld_delete(skill_ids) -> None:
    """Suggestions that nobody holds any more (withdrawn, or their one holder left) leave the
    managers' queue: nothing is left to review."""
    Skill.objects.filter(pk__in=list(skill_ids), status=Skill.Status.SUGGESTED).exclude(
        Exists(Through.objects.filter(skill=OuterRef("pk")))
    ).delete()


def skills_of_member_release(*, member: User) -> None:
    """Take every skill off `member`'s profile (when they leave), and drop the suggestions of
    theirs that nobody else holds."""
    profile = Profile.objects.filter(user=member).first()
    if profile is None:
        return
    awaiting = list(
        profile.skills.filter(status=Skill.Status.SUGGESTED).values_list("pk", flat=True)
    )
    profile.skills.clear()
    _suggestions_unheld_delete(awaiting)


def _skills_for(*, profile: Profile, names: list[str]) -> list[Skill]:
    """The skills named (matched ignoring case) that this profile may hold: those on the list,
    and its own suggestions awaiting review. A new skill is suggested (`skill_suggest`), never
    made by naming it here."""
    names = [skill_name_normalise(name) for name in names]
    wanted = {name.lower(): name for name in names if name}
    if len(wanted) > MAX_SKILLS:
        raise DomainError(f"Pick at most {MAX_SKILLS} skills; you picked {len(wanted)}.")
    held = set(profile.skills.values_list("pk", flat=True)) if profile.pk else set()
    found = {
        skill.lowered: skill
        for skill in Skill.objects.annotate(lowered=Lower("name")).filter(lowered__in=wanted)
        if skill.status == Skill.Status.ACCEPTED
        or (skill.status == Skill.Status.SUGGESTED and skill.pk in held)
    }
    missing = [name for key, name in wanted.items() if key not in found]
    if missing:
        raise DomainError(
            f"“{missing[0]}” is not on the list of skills. Pick skills from the list, or "
            "suggest a new one."
        )
    return [found[key] for key in wanted]


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
    wanted = {skill.pk for skill in _skills_for(profile=profile, names=skills)}
    held = set(profile.skills.values_list("pk", flat=True))
    if wanted != held:
        profile.skills.set(wanted)
        changed.append("skills")
        _suggestions_unheld_delete(held - wanted)
    return profile, changed


@transaction.atomic
def profile_name_at_signup(*, member: User, display_name: str, how_heard: str = "") -> Profile:
    """The name and the "how did you hear about us?" answer asked on the signup form, stored
    before the email is confirmed (joining keeps the profile it finds). The answer is the
    signup's attribution: it is kept even when the member leaves."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=member)
    profile.display_name = display_name.strip()
    profile.how_heard = how_heard.strip() or profile.how_heard
    try:
        profile.full_clean(exclude=["user", "skills"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    profile.save(update_fields=["display_name", "how_heard"])
    return profile


@transaction.atomic
def profile_update(
    *,
    member: User,
    skills: list[str],
    now: datetime,
    skill_suggestion: str = "",
    **fields: str | bool,
) -> Profile:
    """Save the member's own profile: only the fields a member may edit, skills from the list
    (or their own suggestions still awaiting review), and at most one new suggestion."""
    if member.has_left_by(now):
        raise DomainError("You have left the community; your profile can no longer change.")
    profile, _ = _profile_save(member=member, skills=skills, fields=fields)
    if skill_name_normalise(skill_suggestion):
        skill_suggest(member=member, name=skill_suggestion, now=now)
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


@transaction.atomic
def skill_suggest(*, member: User, name: str, now: datetime) -> Skill:
    """Put a skill that is not on the list on `member`'s profile, awaiting a manager's review;
    only they see it until it is accepted. A name someone else suggested already joins that
    suggestion (so both get it when it is accepted)."""
    name = skill_name_normalise(name)
    if member.has_left_by(now):
        raise DomainError("You have left the community; your profile can no longer change.")
    profile, _ = Profile.objects.select_for_update().get_or_create(user=member)
    refusal = skill_suggestion_refusal(name=name, member=member)
    if refusal:
        raise DomainError(refusal)
    skill = _skill_named(name, lock=True)
    if skill is None:
        try:
            with transaction.atomic():
                skill = Skill.objects.create(
                    name=name,
                    status=Skill.Status.SUGGESTED,
                    suggested_by=member,
                    suggested_at=now,
                )
        except IntegrityError:
            # Someone suggested the same name at this very moment: join theirs.
            skill = _skill_named(name, lock=True)
            if skill is None or skill.status != Skill.Status.SUGGESTED:
                raise DomainError(
                    f"“{name}” was just added by someone else; reload the page and pick it."
                ) from None
    if profile.skills.filter(pk=skill.pk).exists():
        return skill
    if profile.skills.count() >= MAX_SKILLS:
        raise DomainError(
            f"Your profile has {MAX_SKILLS} skills, the most it may have; untick one first."
        )
    profile.skills.add(skill)
    audit_record(actor=member, action="skill.suggest", subject=member, target=skill, now=now)
    return skill


def _manager_skill_name(name: str, *, skill: Skill | None = None) -> str:
    name = skill_name_normalise(name)
    problem = _skill_name_problem(name)
    if problem:
        raise DomainError(problem)
    existing = _skill_named(name)
    if existing is not None and existing != skill:
        status = existing.get_status_display().lower()
        raise DomainError(f"There is a skill “{existing.name}” already ({status}).")
    return name


@transaction.atomic
def skill_add(*, name: str, actor: User, now: datetime) -> Skill:
    """A manager puts a skill on the list: every member may pick it at once."""
    skill = Skill(
        name=_manager_skill_name(name),
        status=Skill.Status.ACCEPTED,
        decided_by=actor,
        decided_at=now,
    )
    try:
        with transaction.atomic():
            skill.save()
    except IntegrityError as error:
        raise DomainError(f"There is a skill “{skill.name}” already.") from error
    audit_record(actor=actor, action="skill.add", target=skill, now=now)
    return skill


@transaction.atomic
def skill_rename(*, skill: Skill, name: str, actor: User, now: datetime) -> Skill:
    """A manager corrects a skill's name (a typo in a suggestion before accepting it, say);
    every profile that holds it shows the new name."""
    skill = Skill.objects.select_for_update().get(pk=skill.pk)
    new_name = _manager_skill_name(name, skill=skill)
    if new_name == skill.name:
        return skill
    old_name, skill.name = skill.name, new_name
    try:
        with transaction.atomic():
            skill.save(update_fields=["name"])
    except IntegrityError as error:
        raise DomainError(f"There is a skill “{new_name}” already.") from error
    audit_record(
        actor=actor,
        action="skill.rename",
        subject=skill.suggested_by,
        target=skill,
        now=now,
        data={"from_name": old_name},
    )
    return skill


@transaction.atomic
def skill_accept(*, skill: Skill, actor: User, now: datetime) -> Skill:
    """A manager accepts a suggested (or earlier rejected) skill: it joins the list, and the
    members who hold it show it to everyone."""
    skill = Skill.objects.select_for_update().get(pk=skill.pk)
    if skill.status == Skill.Status.ACCEPTED:
        raise DomainError(f"“{skill.name}” is on the list already.")
    skill.status = Skill.Status.ACCEPTED
    skill.decided_by, skill.decided_at, skill.rejection_reason = actor, now, ""
    skill.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit_record(
        actor=actor, action="skill.accept", subject=skill.suggested_by, target=skill, now=now
    )
    return skill


@transaction.atomic
def skill_reject(*, skill: Skill, actor: User, reason: str, now: datetime) -> int:
    """A manager rejects a suggested skill: it is taken off every profile that held it, and
    each of those members is emailed the reason. Returns how many profiles lost it."""
    reason = skill_name_normalise(reason)
    if not reason:
        raise DomainError("Say why, in a sentence the members who suggested it will read.")
    if len(reason) > REJECTION_REASON_MAX_LENGTH:
        raise DomainError(f"Keep the reason within {REJECTION_REASON_MAX_LENGTH} characters.")
    problem = text_problem(reason)
    if problem:
        raise DomainError(problem)
    skill = Skill.objects.select_for_update().get(pk=skill.pk)
    if skill.status != Skill.Status.SUGGESTED:
        raise DomainError(
            f"“{skill.name}” is {skill.get_status_display().lower()}; only a suggestion "
            "awaiting review can be rejected."
        )
    skill.status, skill.rejection_reason = Skill.Status.REJECTED, reason
    skill.decided_by, skill.decided_at = actor, now
    skill.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    holders = list(
        Through.objects.filter(skill=skill)
        .order_by("profile__user_id")
        .values_list("profile__user_id", flat=True)
    )
    Through.objects.filter(skill=skill).delete()
    removals = SkillRemoval.objects.bulk_create(
        [SkillRemoval(skill=skill, member_id=member_id, removed_at=now) for member_id in holders]
    )
    audit_record(
        actor=actor,
        action="skill.reject",
        subject=skill.suggested_by,
        target=skill,
        now=now,
        data={"reason": reason, "profiles": len(holders)},
    )

    removal_ids = [removal.pk for removal in removals]
    transaction.on_commit(
        lambda: [skill_rejection_email_send_task.delay(removal_id) for removal_id in removal_ids]
    )
    return len(holders)


@transaction.atomic
def skill_rejection_email_send(*, removal_id: int, now: datetime) -> bool:
    """Tell a member, once, that a skill they suggested is off their profile, and why. The
    sent-row (`emailed_at`) is written with the send under a row lock, so a retry skips it."""
    removal = (
        SkillRemoval.objects.select_for_update(of=("self",))
        .filter(pk=removal_id, emailed_at__isnull=True)
        .select_related("skill", "member__profile")
        .first()
    )
    if removal is None or removal.member.has_left_by(now):
        return False
    body = render_to_string(
        "members/skill_rejected_email.txt",
        {
            "member": removal.member,
            "skill": removal.skill,
            "profile_url": settings.SITE_URL + reverse("members:profile_edit"),
        },
    )
    send_mail(
        f"[Hub] Your suggested skill “{removal.skill.name}” was not added",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [removal.member.email],
    )
    SkillRemoval.objects.filter(pk=removal.pk).update(emailed_at=now)
    return True
