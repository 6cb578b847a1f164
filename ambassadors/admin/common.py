"""What the programme's admin modules share: an intermediate page for actions that need a
form (a decline message, a new tier, why a term ends), and running a service over the selected
rows with refusals reported, not raised."""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils import timezone

from hub.core.errors import DomainError


def run_for_each(model_admin, request, rows, action, done: str) -> None:
    """Call `action(row, now)` for each row (ordered by pk); report successes and refusals."""
    succeeded, now = 0, timezone.now()
    for row in rows:
        try:
            action(row, now)
            succeeded += 1
        except DomainError as error:
            model_admin.message_user(request, f"{row}: {error.message}", messages.WARNING)
    if succeeded:
        model_admin.message_user(request, f"{done}: {succeeded}.", messages.SUCCESS)


def form_page(model_admin, request, queryset, *, form, action: str, title: str, explain: str):
    return TemplateResponse(
        request,
        "ambassadors/admin_action.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "explain": explain,
            "form": form,
            "rows": queryset,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": model_admin.model._meta,
        },
    )
