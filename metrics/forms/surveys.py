"""Forms of the survey pages: a member's answer (radio buttons, an optional comment) and the
managers' survey form. Rules live in metrics.services.surveys; these only parse."""

from datetime import timedelta

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from events.models import Event, EventStatus
from hub.core.validation import CleanTextFormMixin
from metrics.models.surveys import Survey, SurveyKind

#: What the ends of each scale mean, shown beside the radio buttons.
SCALE_WORDS = {
    "satisfaction": {1: "Very dissatisfied", 3: "Neither", 5: "Very satisfied"},
    "nps": {0: "Not at all likely", 5: "Maybe", 10: "Extremely likely"},
}


def scale_words(survey: Survey) -> dict[int, str]:
    return SCALE_WORDS["nps" if survey.is_nps else "satisfaction"]


class SurveyAnswerForm(CleanTextFormMixin, forms.Form):
    """A score on the survey's scale and, if the survey invites one, a comment."""

    score = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Managers read comments without your name.",
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        words = scale_words(survey)
        self.fields["score"].label = survey.question
        self.fields["score"].choices = [
            (score, f"{score}: {words[score]}" if score in words else str(score))
            for score in survey.scale
        ]
        self.fields["score"].error_messages["required"] = "Choose a score."
        if survey.comment_prompt:
            self.fields["comment"].label = survey.comment_prompt
        else:
            del self.fields["comment"]


class LocalDateTimeField(forms.DateTimeField):
    """Read in the community's time zone (the current zone), as the browser's
    datetime-local input sends it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
    #: Beyond these years a time cannot be moved to UTC and back (year 1 overflowed: a 500).
    years = range(1900, 3000)

    def to_python(self, value):
        instant = super().to_python(value)
        if instant is not None and instant.year not in self.years:
            raise forms.ValidationError(
                "Enter a date and time between the years 1900 and 2999.", code="invalid"
            )
        return instant


def events_open_for_a_survey(*, now, survey: Survey | None = None):
    """Published events of the last 60 days or the next 30 without a survey yet (and the
    survey's own event when editing): the events a manager may attach a survey to."""
    has_survey = Exists(Survey.objects.filter(event=OuterRef("pk")))
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED,
        starts_at__gte=now - timedelta(days=60),
        starts_at__lt=now + timedelta(days=30),
    ).filter(~has_survey)
    if survey is not None and survey.event_id:
        events = events | Event.objects.filter(pk=survey.event_id)
    return events.order_by("-starts_at", "pk")


class SurveyForm(CleanTextFormMixin, forms.Form):
    title = forms.CharField(max_length=150)
    kind = forms.ChoiceField(choices=SurveyKind.choices)
    question = forms.CharField(
        max_length=300,
        help_text="Asked with a score: 1-5 for satisfaction and post-event surveys, 0-10 for "
        "NPS (“How likely are you to recommend the community to a friend?”).",
    )
    comment_prompt = forms.CharField(
        label="Comment prompt",
        max_length=300,
        required=False,
        help_text="Leave empty for a survey without a comment box.",
    )
    opens_at = LocalDateTimeField(label="Opens at", help_text="In the community's time zone.")
    closes_at = LocalDateTimeField(
        label="Closes at",
        help_text="The survey's answers count in the month it closes in.",
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        empty_label="No event",
        help_text="Only for a post-event survey: only the event's checked-in attendees answer.",
    )

    def __init__(self, *args, now, survey: Survey | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_open_for_a_survey(now=now, survey=survey)
        self.fields["event"].label_from_instance = lambda event: (
            f"{event.title} ({timezone.localtime(event.starts_at):%Y-%m-%d})"
        )

    @classmethod
    def initial_for(cls, survey: Survey) -> dict:
        return {
            "title": survey.title,
            "kind": survey.kind,
            "question": survey.question,
            "comment_prompt": survey.comment_prompt,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "event": survey.event_id,
        }
