"""Forms about profiles: what a member edits about themselves, checked with clear messages."""

import re

from django import forms
from django.core.validators import MaxLengthValidator

from hub.core.validation import CleanTextFormMixin
from members.models import Profile, Skill
from members.selectors.profiles import skills_to_pick
from members.services.profiles import (
    EDITABLE_FIELDS,
    MAX_SKILLS,
    SKILL_MAX_LENGTH,
    skill_name_normalise,
    skill_suggestion_refusal,
)

# GitHub's own rule: letters, digits and single hyphens, not at either end, at most 39.
GITHUB_USERNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
GITHUB_INPUT_MAX_LENGTH = 200
#: A GitHub profile address as copied from the browser; `name` is checked like a typed name.
GITHUB_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/(?P<name>[^/?#\s]+)/?(?:[?#]\S*)?", re.IGNORECASE
)


class SkillChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes, one a skill: a long list stays usable without JavaScript, since the
    browser's own find searches the labels."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "skill-picker"})

    def label_from_instance(self, skill: Skill) -> str:
        if skill.is_awaiting_review:
            return f"{skill.name} (your suggestion, awaiting review)"
        return skill.name


class ProfileForm(CleanTextFormMixin, forms.ModelForm):
    """A member's profile (also the admin's profile inline, without the suggestion field).
    Skills are picked from the list; a skill that is not on it is suggested in a text field."""

    skills = SkillChoiceField(
        label="Skills",
        queryset=Skill.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "A skill you ticked is no longer on the list (a manager may have "
            "just reviewed it). Look at the list again and save.",
            "invalid_pk_value": "Pick skills from the list.",
        },
        help_text=f"Tick the skills you have, at most {MAX_SKILLS}. Looking for one? Your "
        "browser's find (Ctrl+F, or ⌘F on a Mac) searches the list.",
    )
    skill_suggestion = forms.CharField(
        label="Suggest a skill that is not on the list",
        required=False,
        max_length=SKILL_MAX_LENGTH,
        help_text="One skill, for example: Accessibility audits. A community manager reviews "
        "it; until it is accepted it shows on your profile to you alone, as awaiting review.",
        error_messages={
            "max_length": f"A skill's name is at most {SKILL_MAX_LENGTH} characters; shorten it."
        },
    )
    field_order = [
        "display_name",
        "headline",
        "bio",
        "location",
        "skills",
        "skill_suggestion",
    ]

    class Meta:
        model = Profile
        fields = list(EDITABLE_FIELDS)
        labels = {
            "display_name": "Name shown to others",
            "github_username": "GitHub username",
            "how_heard": "How did you hear about us?",
            "newsletter_opt_in": "Send me the monthly newsletter",
            "directory_opt_in": "List me in the member directory",
        }
        help_texts = {
            "headline": "One line about what you do, for example: Backend developer at a co-op.",
            "github_username": "Your name on GitHub, or your profile address pasted whole.",
            "website": "A full address starting with https://.",
            "directory_opt_in": "Other people can then find your profile by name, skill and "
            "location. Your email address is never shown.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = (
            "Enter the name other members will see."
        )
        if "github_username" in self.fields:
            # Room for a pasted profile address; clean_github_username keeps the name (39 at
            # most, as GitHub allows).
            github = self.fields["github_username"]
            github.max_length = github.widget.attrs["maxlength"] = GITHUB_INPUT_MAX_LENGTH
            github.validators = [
                *(v for v in github.validators if not isinstance(v, MaxLengthValidator)),
                MaxLengthValidator(GITHUB_INPUT_MAX_LENGTH),
            ]
        self.member = self.instance.user if self.instance.user_id else None
        if "skills" in self.fields:
            if self.member is None:
                self.fields["skills"].queryset = Skill.objects.accepted()
            else:
                self.fields["skills"].queryset = skills_to_pick(member=self.member)
            if self.instance.pk and not self.is_bound:
                self.initial["skills"] = list(self.instance.skills.values_list("pk", flat=True))

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name other members will see.")
        return name

    def clean_github_username(self) -> str:
        username = self.cleaned_data["github_username"].strip().removeprefix("@")
        # A pasted profile address is what people copy from the browser: keep only the name.
        profile = GITHUB_PROFILE_URL.fullmatch(username)
        if profile:
            username = profile["name"]
        if username and not GITHUB_USERNAME.match(username):
            raise forms.ValidationError(
                "A GitHub username has up to 39 letters, digits or single hyphens, and does "
                "not start or end with a hyphen."
            )
        return username

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a full address starting with https://.")
        return website

    def clean_skills(self):
        skills = self.cleaned_data["skills"]
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(
                f"Pick at most {MAX_SKILLS} skills; you picked {len(skills)}."
            )
        return skills

    def clean_skill_suggestion(self) -> str:
        name = skill_name_normalise(self.cleaned_data["skill_suggestion"])
        if name and self.member is not None:
            refusal = skill_suggestion_refusal(name=name, member=self.member)
            if refusal:
                raise forms.ValidationError(refusal)
        return name

    def clean(self):
        cleaned = super().clean()
        skills, suggestion = cleaned.get("skills"), cleaned.get("skill_suggestion")
        if skills is not None and suggestion:
            picked = {skill.name.lower() for skill in skills}
            if suggestion.lower() not in picked and len(picked) + 1 > MAX_SKILLS:
                self.add_error(
                    "skills",
                    f"You have {MAX_SKILLS} skills ticked, the most a profile may have: untick "
                    "one to make room for your suggestion.",
                )
        return cleaned

    def skill_names(self) -> list[str]:
        return [skill.name for skill in self.cleaned_data["skills"]]

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
