"""The filter of the managers' group health list."""

from django import forms

from hub.core.validation import CleanTextFormMixin


class HealthFilterForm(CleanTextFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Health",
        required=False,
        choices=[
            ("", "All groups"),
            ("at_risk", "At risk"),
            ("inactive", "Inactive"),
            ("healthy", "Healthy"),
        ],
    )
