"""Forms about the activity ledger: logging a contribution (kind, title, link and date), checked
before the service runs."""

from django import forms

from hub.core.validation import CleanTextFormMixin
from members.models import ActivityKind


class ContributionForm(CleanTextFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of contribution?",
        choices=[
            (ActivityKind.CODE, "Code"),
            (ActivityKind.DOCS, "Docs"),
            (ActivityKind.IDEA, "Idea"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose code, docs or idea.",
            "invalid_choice": "Choose code, docs or idea.",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What you did, in a few words: for example “Fix typo in the install guide”.",
        error_messages={"required": "Give the contribution a title."},
    )
    url = forms.URLField(
        label="Link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where others can see it: a pull request, a page, a post.",
        error_messages={"invalid": "Enter a full web address, for example https://github.com/…"},
    )
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day you made it: not in the future, not before you joined.",
        error_messages={
            "required": "Enter the date you made the contribution.",
            "invalid": "Enter a date like 2026-03-14.",
        },
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give the contribution a title.")
        return title
