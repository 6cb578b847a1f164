"""Forms of the event pages: list filters and the check-in search. RSVP buttons are plain
posts with no fields."""

from django import forms

from events.models import EventFormat, EventKind, EventLevel, GroupType, UserGroup


def _with_any(choices, label: str):
    return [("", label), *choices]


class EventFilterForm(forms.Form):
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
        label="Kind", required=False, choices=_with_any(EventKind.choices, "Any kind")
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=_with_any(EventLevel.choices, "Any level")
    )
    format = forms.ChoiceField(
        label="Format", required=False, choices=_with_any(EventFormat.choices, "Any format")
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


class GroupFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", required=False, choices=_with_any(GroupType.choices, "Any type")
    )
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _with_any([(r, r) for r in regions], "Any region")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"type": data.get("type", ""), "region": data.get("region", "")}


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email",
        required=False,
        max_length=100,
        help_text="At least two letters of a name or an email address.",
    )


class HealthFilterForm(forms.Form):
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
