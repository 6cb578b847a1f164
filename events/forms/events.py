"""The filters of the event list."""

from django import forms

from events.models import EventFormat, EventKind, EventLevel, UserGroup
from hub.core.validation import CleanTextFormMixin


def with_any(choices, label: str) -> list:
    """The choices with an empty first one ("Any kind") for a filter."""
    return [("", label), *choices]


class EventFilterForm(CleanTextFormMixin, forms.Form):
    when = forms.ChoiceField(
        label="When",
        required=False,
        choices=[("upcoming", "Upcoming"), ("past", "Past")],
    )
    group = forms.ModelChoiceField(
        label="Group",
        required=False,
        queryset=UserGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any group",
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=with_any(EventKind.choices, "Any kind")
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=with_any(EventLevel.choices, "Any level")
    )
    format = forms.ChoiceField(
        label="Format", required=False, choices=with_any(EventFormat.choices, "Any format")
    )

    def filters(self) -> dict:
        """The cleaned filters; invalid values are ignored (the form shows why)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "upcoming": data.get("when") != "past",
            "group": data.get("group"),
            "kind": data.get("kind", ""),
            "level": data.get("level", ""),
            "format": data.get("format", ""),
        }
