"""The form to leave the community: the member confirms with their password."""

from django import forms

from hub.core.validation import CleanTextFormMixin


class LeaveForm(CleanTextFormMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm it is you."},
    )
    confirm = forms.BooleanField(
        label="I understand that my personal data will be erased and this cannot be undone.",
        error_messages={"required": "Tick the box to confirm that you want to leave."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing has changed.")
        return password
