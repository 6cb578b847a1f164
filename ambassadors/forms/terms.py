"""Forms about terms and onboarding: moving tier, ending a term, stepping down, the buddy."""

from django import forms

from ambassadors.models import AmbassadorTier
from hub.core.validation import MAX_ID, CleanTextFormMixin


class MoveTierForm(CleanTextFormMixin, forms.Form):
    tier = forms.ModelChoiceField(
        label="New tier",
        queryset=AmbassadorTier.objects.order_by("level"),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the tiers.", "required": "Choose a tier."},
    )
    note = forms.CharField(label="Note for the history", required=False, max_length=500)


class EndTermForm(CleanTextFormMixin, forms.Form):
    note = forms.CharField(
        label="Why the term ends",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the term ends: it is kept in the history."},
    )


class StepDownForm(CleanTextFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="Yes, I step down as an ambassador now",
        error_messages={"required": "Tick the box to confirm that you step down."},
    )
    note = forms.CharField(
        label="Anything you would like us to know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BuddyForm(CleanTextFormMixin, forms.Form):
    """The buddy is picked from the current ambassadors; the service checks the rule (another
    current ambassador, never the ambassador themselves) whatever id is posted."""

    buddy = forms.IntegerField(
        label="Buddy",
        widget=forms.Select,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "Choose a buddy.",
            "invalid": "Choose one of the current ambassadors.",
            "min_value": "Choose one of the current ambassadors.",
            "max_value": "Choose one of the current ambassadors.",
        },
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buddy"].widget.choices = [
            (person.pk, f"{person.display_name} ({person.tier_name})") for person in candidates
        ]
