"""The check-in desk's search."""

from django import forms


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email",
        required=False,
        max_length=100,
        help_text="At least two letters of a name or an email address.",
    )
