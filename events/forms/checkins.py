"""The check-in desk's search."""

from django import forms

from hub.core.validation import CleanTextFormMixin


class CheckinSearchForm(CleanTextFormMixin, forms.Form):
    q = forms.CharField(
        label="Name",
        required=False,
        max_length=100,
        help_text="At least two letters of a name.",
    )

    def __init__(self, *args, by_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_email:
            self.fields["q"].label = "Name or email"
            self.fields["q"].help_text = "At least two letters of a name or an email address."
