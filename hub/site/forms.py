"""The site's forms: a manager's message to a segment of the community."""

from django import forms

from hub.core.validation import CleanTextFormMixin


class SegmentMessageForm(CleanTextFormMixin, forms.Form):
    segment = forms.ChoiceField(
        label="Send to",
        help_text="Only current members in it get the email; you see how many before sending.",
        error_messages={"required": "Choose who the message goes to."},
    )
    subject = forms.CharField(
        max_length=150, error_messages={"required": "Write a subject: it is what people see."}
    )
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text. It starts with “Hello” and the member's name, and ends with yours.",
        error_messages={"required": "Write the message."},
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [
            ("", "Choose a group, a waitlist or a tier"),
            *[
                (kind, [(choice.value, choice.label) for choice in options])
                for kind, options in choices.items()
                if options
            ],
        ]
