"""The form that makes an API token: its name."""

from django import forms

from hub.core.validation import CleanTextFormMixin
from members.services.tokens import NAME_MAX_LENGTH


class ApiTokenForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        help_text="What will use it, for example: GitHub webhook, or my laptop's scripts.",
        error_messages={"required": "Give the token a name, for example the integration."},
    )
