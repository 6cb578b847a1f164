"""Forms of the quarterly recognition: a badge award and a compensation review."""

from django import forms

from ambassadors.models import CompensationOutcome
from hub.core.validation import CleanTextFormMixin


class RecognitionBadgeForm(CleanTextFormMixin, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    quarter = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        error_messages={"required": "Say what the badge is for: it is shown with it."},
    )


class CompensationForm(CleanTextFormMixin, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    quarter = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CompensationOutcome.choices,
        error_messages={"required": "Choose the outcome.", "invalid_choice": "Choose the outcome."},
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)
