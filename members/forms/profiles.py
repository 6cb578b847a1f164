"""Forms about profiles: what a member edits about themselves, checked with clear messages."""

import re

from django import forms

from hub.core.validation import CleanTextFormMixin
from members.models import Profile
from members.services.profiles import (
    EDITABLE_FIELDS,
    MAX_SKILLS,
    SKILL_MAX_LENGTH,
    skill_names_parse,
)

# GitHub's own rule: letters, digits and single hyphens, not at either end, at most 39.
GITHUB_USERNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


class ProfileForm(CleanTextFormMixin, forms.ModelForm):
    skills_text = forms.CharField(
        label="Skills",
        required=False,
        max_length=1000,
        help_text=f"Separate skills with commas, for example: Python, Django, Technical writing. "
        f"At most {MAX_SKILLS}.",
    )

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
            "github_username": "Only the name, without https://github.com/.",
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
        if self.instance.pk and not self.is_bound:
            self.initial["skills_text"] = ", ".join(
                skill.name for skill in self.instance.skills.all()
            )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name other members will see.")
        return name

    def clean_github_username(self) -> str:
        username = self.cleaned_data["github_username"].strip().removeprefix("@")
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

    def clean_skills_text(self) -> list[str]:
        names = skill_names_parse(self.cleaned_data["skills_text"])
        if len(names) > MAX_SKILLS:
            raise forms.ValidationError(
                f"List at most {MAX_SKILLS} skills; you listed {len(names)}."
            )
        too_long = [name for name in names if len(name) > SKILL_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                f"Each skill must be at most {SKILL_MAX_LENGTH} characters; "
                f"shorten “{too_long[0][:30]}…”."
            )
        return names

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
