"""Account forms: the name asked at signup, and leaving (the member confirms with their
password)."""

from django import forms

from hub.core.validation import CleanTextFormMixin
from members.models import HOW_HEARD_CHOICES
from members.services.profiles import profile_name_at_signup


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


class SignupForm(CleanTextFormMixin, forms.Form):
    """allauth's signup form gets this field (ACCOUNT_SIGNUP_FORM_CLASS): the name other
    members see, kept on the profile from the start."""

    display_name = forms.CharField(
        label="Your name",
        max_length=100,
        help_text="Shown to other members; you can change it later in your profile.",
        error_messages={"required": "Enter the name other members will see."},
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "Your name"}),
    )

    how_heard = forms.ChoiceField(
        label="How did you hear about us? (optional)",
        required=False,
        choices=[("", "Rather not say"), *[(answer, answer) for answer in HOW_HEARD_CHOICES]],
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name other members will see.")
        return name

    def signup(self, request, user) -> None:
        profile_name_at_signup(
            member=user,
            display_name=self.cleaned_data["display_name"],
            how_heard=self.cleaned_data.get("how_heard", ""),
        )
