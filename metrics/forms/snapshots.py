"""The restatement form on a month's page: the manager says why. Rules live in
metrics.services.snapshots; this only parses."""

from django import forms

from hub.core.validation import CleanTextFormMixin


class RestateForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why restate this month?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the old figures and listed in the next monthly report, for example "
        "“A GitHub import for March arrived two weeks late.”",
    )
