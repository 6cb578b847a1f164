"""A month's page (/metrics/months/YYYY-MM/): every figure with what it rests on, how and when
it was computed, late data, its earlier versions, and the form to restate it."""

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hub.core.errors import DomainError
from metrics.forms.snapshots import RestateForm
from metrics.models import ComputedBy, MonthlySnapshot
from metrics.models.snapshots import FIGURES, FRACTIONS
from metrics.selectors.dashboard import show
from metrics.selectors.snapshots import parse_month
from metrics.services.snapshots import (
    Outcome,
    describe_changes,
    snapshot_compare,
    snapshot_restate,
)
from metrics.views.access import manager_required

#: A sentence already ended: ".", "!", "?" or "…", then perhaps closing quotes or brackets.
ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”\u2019»)]*$")


def full_stop_after(text: str) -> str:
    """The full stop to write after quoting `text`; none when it already ends a sentence."""
    return "" if ENDS_A_SENTENCE.search(text.rstrip()) else "."


def _comparison(snapshot: MonthlySnapshot) -> str:
    """The sentence that answers "what would restating change?" for a frozen month."""
    result = snapshot_compare(month=snapshot.month, now=timezone.now())
    if result.outcome == Outcome.BUSY:
        return "The month is being computed right now. Try again in a minute."
    if result.outcome == Outcome.UNCHANGED:
        return "Recomputing it from today's data would change nothing: restating is not needed."
    changes = describe_changes(result.changes, percent=True)
    return f"Recomputing it from today's data would change {changes}."


def _month_page(request, snapshot: MonthlySnapshot, form: RestateForm, status: int = 200):
    revisions = list(
        snapshot.revisions.select_related("replaced_by_person__profile").order_by("-replaced_at")
    )
    figures = [
        {
            "name": name,
            "value": show(getattr(snapshot, name), rate=name in FRACTIONS)
            if name != "nps"
            else show(snapshot.nps, rate=False),
        }
        for name in FIGURES
    ]
    return render(
        request,
        "metrics/month_detail.html",
        {
            "snapshot": snapshot,
            "figures": figures,
            "revisions": [
                {
                    "revision": revision,
                    "reason_stop": full_stop_after(revision.reason),
                    "changes": describe_changes(
                        {name: tuple(pair) for name, pair in revision.changes.items()},
                        percent=True,
                    ),
                }
                for revision in revisions
            ],
            "form": form,
            # Computed only when asked ("Compare with today's data"): it costs a month's
            # computation, rolled back.
            "comparison": (
                _comparison(snapshot)
                if request.GET.get("compare") and not snapshot.is_provisional
                else ""
            ),
        },
        status=status,
    )


def _snapshot(month_text: str) -> MonthlySnapshot:
    """The month's snapshot from the URL's "YYYY-MM"; 404 for anything else or a month never
    computed."""
    try:
        month = parse_month(month_text)
    except ValueError as error:
        raise Http404(str(error)) from error
    snapshot = (
        MonthlySnapshot.objects.select_related("computed_by_person__profile")
        .filter(month=month)
        .first()
    )
    if snapshot is None:
        raise Http404("This month has not been computed.")
    return snapshot


@require_GET
@manager_required
def month_detail(request: HttpRequest, month) -> HttpResponse:
    return _month_page(request, _snapshot(month), RestateForm())


@require_POST
@manager_required
def month_restate(request: HttpRequest, month) -> HttpResponse:
    """Restate a frozen month with the manager's reason; a refusal changes nothing and says
    why on the page."""
    snapshot = _snapshot(month)
    form = RestateForm(request.POST)
    if not form.is_valid():
        return _month_page(request, snapshot, form, status=400)
    try:
        result = snapshot_restate(
            month=snapshot.month,
            now=timezone.now(),
            reason=form.cleaned_data["reason"],
            restated_by=ComputedBy.PERSON,
            person=request.user,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _month_page(request, snapshot, form, status=400)
    messages.success(
        request,
        f"{result.label} is restated: "
        f"{describe_changes(result.changes, percent=True) or 'no figure moved'}. "
        "The old figures are kept below.",
    )
    return redirect("metrics:month_detail", month=snapshot.label)
