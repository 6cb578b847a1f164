"""Forms about ideas: posting one, and a manager setting its status with a public comment."""

from django import forms

from hub.core.validation import CleanTextFormMixin
from members.models import Idea


class IdeaForm(CleanTextFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=Idea._meta.get_field("title").max_length,
        help_text="The idea in a few words: for example “Quarterly community challenges”.",
        error_messages={"required": "Give your idea a title."},
    )
    body = forms.CharField(
        label="Description",
        max_length=Idea._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What problem it solves and for whom. Up to 5000 characters.",
        error_messages={"required": "Describe your idea in a few sentences."},
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give your idea a title.")
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Describe your idea in a few sentences.")
        return body


class IdeaStatusForm(CleanTextFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Idea.Status.choices,
        error_messages={"invalid_choice": "Choose one of the listed statuses."},
    )
    comment = forms.CharField(
        label="Public comment",
        max_length=Idea._meta.get_field("status_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to everyone with the status: say why.",
        error_messages={"required": "Write a short public comment explaining the status."},
    )


class IdeaListFilterForm(CleanTextFormMixin, forms.Form):
    """The list's query string: status and sort. Bad values fall back to the defaults."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *Idea.Status.choices],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("votes", "Most votes"), ("newest", "Newest")],
    )

    def values(self) -> tuple[str, str]:
        if self.is_valid():
            return self.cleaned_data["status"], self.cleaned_data["sort"] or "votes"
        return "", "votes"
