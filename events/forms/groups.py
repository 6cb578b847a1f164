"""The filters of the group list."""

from django import forms

from events.forms.events import with_any
from events.models import GroupType
from hub.core.validation import CleanTextFormMixin


class GroupFilterForm(CleanTextFormMixin, forms.Form):
    type = forms.ChoiceField(
        label="Type", required=False, choices=with_any(GroupType.choices, "Any type")
    )
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = with_any([(r, r) for r in regions], "Any region")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"type": data.get("type", ""), "region": data.get("region", "")}
