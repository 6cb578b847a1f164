"""Forms about joining the programme: nominating, applying, a manager's scores and decision."""

from django import forms

from ambassadors.models import (
    SCORE_MAX,
    SCORE_MIN,
    AmbassadorApplication,
    AmbassadorTier,
    Criterion,
    Decision,
    Nomination,
)
from ambassadors.services.applications import HOURS_RANGE
from hub.core.validation import CleanTextFormMixin


class NominationForm(CleanTextFormMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="The address they use for Hub. We email them your reason and how to apply.",
        error_messages={
            "required": "Give the email address of the member you nominate.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    reason = forms.CharField(
        label="Why they would make a good ambassador",
        max_length=Nomination._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What they do for the community. Up to 2000 characters; they will read it.",
        error_messages={"required": "Say why you nominate them: the reason is sent to them."},
    )


class ApplicationForm(CleanTextFormMixin, forms.Form):
    preferred_tier = forms.ModelChoiceField(
        label="Preferred tier",
        queryset=AmbassadorTier.objects.order_by("level"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the tiers.", "required": "Choose a tier."},
    )
    motivation = forms.CharField(
        label="Why do you want to be an ambassador?",
        max_length=AmbassadorApplication._meta.get_field("motivation").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us why you want to be an ambassador."},
    )
    links = forms.CharField(
        label="Links to your work",
        required=False,
        max_length=AmbassadorApplication._meta.get_field("links").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Posts, talks, repositories, videos: one web address a line, up to ten.",
    )
    audience = forms.CharField(
        label="Your audience and channels",
        max_length=AmbassadorApplication._meta.get_field("audience").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where you speak and to whom: a blog, a channel, a group you run, followers.",
        error_messages={"required": "Describe your audience and channels."},
    )
    hours_per_month = forms.IntegerField(
        label="Hours a month you can give",
        min_value=HOURS_RANGE[0],
        max_value=HOURS_RANGE[1],
        error_messages={
            "required": "Say how many hours a month you can give.",
            "invalid": "Give the hours as a whole number.",
            "min_value": f"Give at least {HOURS_RANGE[0]} hour a month.",
            "max_value": f"Give at most {HOURS_RANGE[1]} hours a month.",
        },
    )


SCORE_CHOICES = [(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]


class ReviewForm(CleanTextFormMixin, forms.Form):
    """The four criteria, each scored 1-5 with a note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[criterion.value] = forms.TypedChoiceField(
                label=criterion.label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Score {criterion.label.lower()} from 1 to 5.",
                    "invalid_choice": f"Score {criterion.label.lower()} from 1 to 5.",
                },
            )
            self.fields[f"{criterion.value}_note"] = forms.CharField(
                label=f"Note on {criterion.label.lower()}", required=False, max_length=500
            )

    def criteria(self):
        """Pairs of (score field, note field) for the template, in the criteria's order."""
        return [(self[criterion.value], self[f"{criterion.value}_note"]) for criterion in Criterion]

    def scores(self) -> dict[str, int]:
        return {criterion.value: self.cleaned_data[criterion.value] for criterion in Criterion}

    def notes(self) -> dict[str, str]:
        return {
            criterion.value: self.cleaned_data[f"{criterion.value}_note"] for criterion in Criterion
        }


class DecisionForm(CleanTextFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (Decision.APPROVED, "Approve"),
            (Decision.WAITLISTED, "Waitlist"),
            (Decision.DECLINED, "Decline"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve, waitlist or decline."},
    )
    tier = forms.ModelChoiceField(
        label="Tier (when approving)",
        queryset=AmbassadorTier.objects.order_by("level"),
        required=False,
        error_messages={"invalid_choice": "Choose one of the tiers."},
    )
    message = forms.CharField(
        label="Message to the applicant",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent in the decision email. Required when declining: say why.",
    )
