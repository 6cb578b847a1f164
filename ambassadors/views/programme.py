"""The programme's pages: the public page (tiers, listed ambassadors, how to apply), the share
link's landing page (/join/), a member's own programme page, and the managers' programme page
with the monthly metrics, the lists that need them and the attribution views."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ambassadors.selectors import activities as activity_selectors
from ambassadors.selectors import applications as application_selectors
from ambassadors.selectors import onboarding as onboarding_selectors
from ambassadors.selectors import programme as selectors
from ambassadors.selectors import referrals as referral_selectors
from ambassadors.selectors import terms as term_selectors
from ambassadors.selectors.attribution import (
    SOURCES,
    referred_retention,
    signups_by_source,
    signups_by_source_totals,
)
from ambassadors.services.activities import ambassador_listing_set
from ambassadors.services.referrals import (
    HOW_HEARD_FIELD,
    first_touch_from_request,
    first_touch_read,
)
from ambassadors.views.common import manager_required
from hub.core.decorators import login_required_for_action
from hub.core.errors import DomainError
from hub.core.extension_points import panels_for
from hub.core.timeutils import month_of, previous_month
from members.models import HOW_HEARD_CHOICES, User

METRIC_MONTHS = 6
ATTRIBUTION_MONTHS = 12


def _months_back(month: date, count: int) -> list[date]:
    """`count` months ending with `month`, oldest first."""
    months = [month]
    for _ in range(count - 1):
        months.append(previous_month(months[-1]))
    return list(reversed(months))


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "ambassadors/programme.html",
        {
            "tiers": selectors.tiers_all(),
            "ambassadors": list(selectors.ambassadors_listed(now=now)[:60]),
        },
    )


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Where a share link lands: who invited them (when the ambassador is listed) and the
    sign-up form, which also asks how they heard about us. The landing hook keeps the code."""
    now = timezone.now()
    touch = first_touch_from_request(request, now=now)
    if not touch.ref:
        touch = first_touch_read(request) or touch
    inviter = None
    if touch.ref:
        inviter = (
            User.objects.filter(ambassador__referral_code=touch.ref, ambassador__listed=True)
            .select_related("profile")
            .first()
        )
    return render(
        request,
        "ambassadors/join.html",
        {
            "invited": bool(touch.ref),
            "inviter": inviter,
            "how_heard_field": HOW_HEARD_FIELD,
            "how_heard_choices": HOW_HEARD_CHOICES,
            "default_how_heard": HOW_HEARD_CHOICES[0] if touch.ref else "",
        },
    )


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The member's own programme page: their application and its decisions; as an
    ambassador, their term, referral link, onboarding, buddies, hours and referrals."""
    now = timezone.now()
    member = request.user
    term = term_selectors.term_current(member=member, now=now)
    context = {
        "application": application_selectors.application_latest_of(member=member),
        "term": term,
        "history": list(term_selectors.term_history(member=member)),
    }
    if term is not None:
        ambassador = referral_selectors.ambassador_of(member=member)
        context.update(
            ambassador=ambassador,
            share_url=request.build_absolute_uri(
                f"{referral_selectors.SHARE_PATH}?ref={ambassador.referral_code}"
            ),
            onboarding=onboarding_selectors.onboarding_latest(member=member),
            buddies=list(onboarding_selectors.buddies_of(member=member, now=now)),
            hours=activity_selectors.hours_by_month(member=member, tier=term.tier, now=now),
            referral_counts=referral_selectors.referral_counts(member=member),
            renewal=term_selectors.term_open(member=member),
        )
    return render(request, "ambassadors/mine.html", context)


@require_POST
@login_required_for_action
def listing(request: HttpRequest) -> HttpResponse:
    listed = request.POST.get("listed") == "yes"
    try:
        ambassador_listing_set(member=request.user, listed=listed, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "You are listed on the public programme page."
            if listed
            else "You are no longer listed on the public programme page.",
        )
    return redirect("ambassadors:mine")


@require_GET
@manager_required
def manage(request: HttpRequest) -> HttpResponse:
    """The programme at a glance for managers: the last six months' metrics, last month's
    figures of each ambassador, and what needs them; then the panels other apps registered
    for "ambassadors.programme_manage" (the metrics app's ambassador NPS)."""
    now = timezone.now()
    this_month = month_of(now)
    last_month = previous_month(this_month)
    months = _months_back(this_month, METRIC_MONTHS)
    return render(
        request,
        "ambassadors/manage.html",
        {
            "metrics": list(
                reversed(selectors.ambassador_month_metrics_range(first=months[0], last=months[-1]))
            ),
            "last_month": last_month,
            "rows": list(selectors.ambassador_month_rows(month=last_month)[:100]),
            "waiting": application_selectors.applications_waiting_counts(now=now),
            "waiting_days": application_selectors.WAITING_TOO_LONG.days,
            "overdue": list(onboarding_selectors.onboardings_overdue(now=now)[:50]),
            "ending": list(term_selectors.terms_ending_soon(now=now)[:50]),
            "under": list(term_selectors.ambassadors_under_commitment(now=now)[:50]),
            "content_target": selectors.CONTENT_PIECES_TARGET,
            "retention_target": selectors.SIX_MONTH_RETENTION_TARGET_PERCENT,
            "panels": panels_for("ambassadors.programme_manage", now=now),
        },
    )


@require_GET
@manager_required
def attribution(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    months = _months_back(month_of(now), ATTRIBUTION_MONTHS)
    rows = signups_by_source(first=months[0], last=months[-1])
    totals = signups_by_source_totals(rows, first=months[0], last=months[-1])
    retention_months = _months_back(previous_month(month_of(now)), ATTRIBUTION_MONTHS)
    referrers = {
        person.pk: person
        for person in User.objects.filter(
            pk__in={row.referrer_id for row in rows if row.referrer_id}
        ).select_related("profile")
    }
    return render(
        request,
        "ambassadors/manage_attribution.html",
        {
            "sources": SOURCES,
            "totals": list(reversed(totals)),
            "rows": [(row, referrers.get(row.referrer_id)) for row in reversed(rows)],
            "retention": referred_retention(
                first=retention_months[0], last=retention_months[-1], now=now
            ),
            "first_month": months[0],
        },
    )
