"""The login form: allauth's, in the site's words. A module of its own because allauth's forms
module imports `members.forms.account` (the signup form's extra fields) while it loads."""

from allauth.account.forms import LoginForm as AllauthLoginForm

from hub.core.validation import CleanTextFormMixin


class LoginForm(CleanTextFormMixin, AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
