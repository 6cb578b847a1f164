"""The programme's emails: a nomination to the nominee, a decision to the applicant, and the
terms due for renewal to the managers. Links are absolute (settings.SITE_URL): they are sent
by jobs, outside any request.

Each email to one person has a sent-row (`Nomination.notified_at`, `ApplicationDecision.
emailed_at`) set in the same transaction as the send, under a row lock, so a retried task or
a second worker skips what was sent."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ambassadors.models import AmbassadorTerm, ApplicationDecision, Decision, Nomination
from hub.core.text import counted, noun_for


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _send(*, template: str, subject: str, to: list[str], context: dict) -> None:
    body = render_to_string(
        f"ambassadors/email/{template}.txt", {"site_url": settings.SITE_URL, **context}
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@transaction.atomic
def nomination_email_send(*, nomination_id: int, now: datetime) -> bool:
    """Tell the nominee, once, who nominated them, why, and how to apply."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk=nomination_id, notified_at__isnull=True)
        .select_related("nominee__profile", "nominated_by__profile")
        .first()
    )
    if nomination is None or nomination.nominee.left_at is not None:
        return False
    _send(
        template="nomination",
        subject="You were nominated for the Hub ambassador programme",
        to=[nomination.nominee.email],
        context={
            "nomination": nomination,
            "apply_url": _absolute(reverse("ambassadors:apply")),
            "programme_url": _absolute(reverse("ambassadors:programme")),
        },
    )
    Nomination.objects.filter(pk=nomination.pk).update(notified_at=now)
    return True


DECISION_SUBJECTS = {
    Decision.APPROVED: "Welcome to the Hub ambassador programme",
    Decision.DECLINED: "Your ambassador application",
    Decision.WAITLISTED: "Your ambassador application is on the waitlist",
}


@transaction.atomic
def decision_email_send(*, decision_id: int, now: datetime) -> bool:
    """Tell the applicant the decision, once per decision."""
    decision = (
        ApplicationDecision.objects.select_for_update(of=("self",))
        .filter(pk=decision_id, emailed_at__isnull=True)
        .select_related("application__applicant__profile", "tier")
        .first()
    )
    if decision is None or decision.application.applicant.left_at is not None:
        return False
    _send(
        template=f"decision_{decision.decision}",
        subject=DECISION_SUBJECTS[decision.decision],
        to=[decision.application.applicant.email],
        context={
            "decision": decision,
            "member": decision.application.applicant,
            "page_url": _absolute(reverse("ambassadors:mine")),
        },
    )
    ApplicationDecision.objects.filter(pk=decision.pk).update(emailed_at=now)
    return True


def email_renewals_due(*, terms: list[AmbassadorTerm]) -> None:
    """One email to the community managers listing the terms that end within 30 days."""
    managers = list(
        Group.objects.filter(name=settings.COMMUNITY_MANAGERS_GROUP)
        .values_list("user__email", flat=True)
        .exclude(user__email__isnull=True)
        .exclude(user__is_active=False)
    )
    if not managers:
        return
    _send(
        template="renewals_due",
        subject=f"{counted(len(terms), 'ambassador term')} "
        f"{noun_for(len(terms), 'ends', 'end')} within 30 days",
        to=managers,
        context={
            "terms": terms,
            "manage_url": _absolute(reverse("ambassadors:manage_ambassadors")),
        },
    )
