"""The form an ambassador logs an activity with."""

from decimal import Decimal

from django import forms

from ambassadors.models import TYPE_CATEGORY, ActivityCategory
from hub.core.validation import CleanTextFormMixin


def _grouped_types():
    groups = {category: [] for category in ActivityCategory}
    for activity_type, category in TYPE_CATEGORY.items():
        groups[category].append((activity_type.value, activity_type.label))
    return [(category.label, choices) for category, choices in groups.items()]


class ActivityForm(CleanTextFormMixin, forms.Form):
    activity_type = forms.ChoiceField(
        label="What you did",
        choices=_grouped_types,
        error_messages={
            "required": "Choose what kind of activity it was.",
            "invalid_choice": "Choose one of the listed activities.",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Tutorial: Hub's API in ten minutes”.",
        error_messages={"required": "Give the activity a title."},
    )
    occurred_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the date.", "invalid": "Enter a date as YYYY-MM-DD."},
    )
    hours = forms.DecimalField(
        label="Hours it took",
        min_value=Decimal("0.1"),
        max_value=Decimal(200),
        decimal_places=1,
        error_messages={
            "required": "Say how many hours it took.",
            "invalid": "Give the hours as a number, like 1.5.",
            "min_value": "Hours must be more than 0.",
            "max_value": "Hours must be at most 200.",
            "max_decimal_places": "Give the hours with at most one decimal, like 1.5.",
        },
    )
    url = forms.URLField(
        label="Link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://example.com/post."},
    )
