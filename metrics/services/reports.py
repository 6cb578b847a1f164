"""The monthly report: written once a month is frozen, stored as a record (one per month), and
emailed to every community manager once, however often or however concurrently the job runs.

- Creating: the month's snapshot row is locked first, so two runs creating the same report
  queue; the second finds the record the first made. The database's unique month is the last
  line of defence. The restatements not yet reported are listed in it and marked reported.
- Sending: one transaction per manager, under a lock on the report row; a manager with a
  delivery row is skipped, so a retry (or a second run at the same time) sends only what is
  missing. The delivery row commits with the send.
"""

import heapq
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ambassadors.selectors.programme import (
    CONTENT_PIECES_TARGET,
    SIX_MONTH_RETENTION_TARGET_PERCENT,
    ambassador_month_metrics,
)
from events.models import GroupHealthSnapshot, HealthStatus
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from hub.core.timeutils import community_zone, month_bounds, previous_month
from members.models import User
from members.selectors.activities import members_slipping_away
from metrics.models import MonthlyReport, MonthlyReportDelivery, MonthlySnapshot, SnapshotRevision
from metrics.selectors.dashboard import HEADLINE, show, show_nps
from metrics.selectors.surveys import survey_ambassador_nps
from metrics.selectors.targets import STATUS_LABELS, TRACKED, target_status, targets_load
from metrics.services.snapshots import describe_changes

#: Figures compared with the month before for "the biggest changes".
CHANGE_FIGURES = (
    "total_members",
    "active_users",
    "contributors",
    "new_members",
    "left_members",
    "new_contributors",
    "engagement_rate",
    "contribution_rate",
    "member_retention",
    "active_retention",
    "satisfaction",
)
BIGGEST_CHANGES = 3


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def report_recipients(*, now: datetime) -> QuerySet[User]:
    """The community managers who are current members and may log in: the same people as
    `members.selectors.membership.managers_current_emails`, as rows (a delivery names one)."""
    return (
        User.objects.current(now)
        .filter(is_active=True, is_staff=True, groups__name=settings.COMMUNITY_MANAGERS_GROUP)
        .distinct()
        .order_by("pk")
    )


def biggest_changes(current: MonthlySnapshot, before: MonthlySnapshot | None) -> list[dict]:
    """The figures that moved most from the month before, as a share of where they were (a
    figure that was 0 and is no longer ranks first), at most three."""
    if before is None:
        return []
    labels = {field: label for field, label, _rate in HEADLINE}
    labels["satisfaction"] = "Satisfaction"
    moves = []
    for field in CHANGE_FIGURES:
        old, new = getattr(before, field), getattr(current, field)
        if old is None or new is None or old == new:
            continue
        size = float("inf") if old == 0 else abs(new - old) / abs(old)
        rate = isinstance(new, float)
        moves.append(
            (
                size,
                field,
                {
                    "label": labels[field],
                    "before": show(old, rate=rate),
                    "after": show(new, rate=rate),
                    "direction": "up" if new > old else "down",
                },
            )
        )
    return [move for _size, _field, move in heapq.nlargest(BIGGEST_CHANGES, moves)]


def _number(value: float | None, *, places: int = 1, suffix: str = "") -> str:
    return "—" if value is None else f"{value:.{places}f}{suffix}"


def ambassador_programme_lines(*, month) -> dict | None:
    """The ambassador programme's figures of the month, as the report prints them (strings and
    counts, stored with the report), or None when no ambassador held a term in it. Definitions:
    `ambassadors.selectors.programme` and docs/metrics.md."""
    figures = ambassador_month_metrics(month=month)
    if not figures.ambassadors:
        return None
    start, end = month_bounds(month)
    nps = survey_ambassador_nps(start=start, end=end)
    change = figures.engagement_change_percent
    return {
        "ambassadors": figures.ambassadors,
        "content_each": _number(figures.content_pieces_per_ambassador),
        "content_pieces": figures.content_pieces,
        "content_target": "{} to {}".format(*CONTENT_PIECES_TARGET),
        "referrals_each": _number(figures.referrals_per_ambassador),
        "referrals": figures.referrals,
        "engagement": figures.engagement,
        "engagement_change": "—" if change is None else f"{change:+.0f} %",
        "retention": _number(figures.six_month_retention_percent, places=0, suffix=" %"),
        "retention_cohort": figures.retention_cohort,
        "retention_target": f"above {SIX_MONTH_RETENTION_TARGET_PERCENT} %",
        "nps": show_nps(nps["nps"]),
        "nps_answers": nps["nps_answers"],
    }


def _content(*, snapshot: MonthlySnapshot, revisions: list, now: datetime) -> dict:
    month = snapshot.month
    before = MonthlySnapshot.objects.filter(month=previous_month(month)).first()
    targets = targets_load()
    figures = []
    for field, label, rate in HEADLINE:
        value = getattr(snapshot, field)
        target = targets.target(field, month) if field in TRACKED else None
        status = target_status(value, target) if field in TRACKED else None
        figures.append(
            {
                "label": label,
                "value": show(value, rate=rate),
                "target": show(target, rate=rate) if target is not None else "",
                "status": STATUS_LABELS[status] if status else "",
                "behind": status == "behind",
            }
        )
    latest_health = (
        GroupHealthSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    )
    at_risk = (
        GroupHealthSnapshot.objects.filter(
            month=latest_health, status__in=[HealthStatus.AT_RISK, HealthStatus.INACTIVE]
        )
        .select_related("group")
        .order_by("score", "group__name")
        if latest_health
        else []
    )
    return {
        "month": f"{month:%Y-%m}",
        "month_name": f"{month:%B %Y}",
        "restated": snapshot.restated_at is not None,
        "figures": figures,
        "satisfaction": show(snapshot.satisfaction, rate=True),
        "satisfaction_answers": snapshot.satisfaction_answers,
        "nps": show_nps(snapshot.nps),
        "nps_answers": snapshot.nps_answers,
        "changes": biggest_changes(snapshot, before),
        "restatements": [
            {
                "month_name": f"{revision.snapshot.month:%B %Y}",
                "when": f"{timezone.localtime(revision.replaced_at, community_zone()):%Y-%m-%d}",
                # What did it, not who: a stored report keeps no one's name (the month's
                # page says who, and forgets them if they leave).
                "who": revision.get_replaced_by_display().lower(),
                "why": revision.reason,
                "changes": describe_changes(
                    {name: tuple(pair) for name, pair in revision.changes.items()},
                    percent=True,
                )
                or "no figure",
                "url": absolute(
                    reverse("metrics:month_detail", kwargs={"month": revision.snapshot.label})
                ),
            }
            for revision in revisions
        ],
        "groups_month": f"{latest_health:%B %Y}" if latest_health else "",
        "at_risk_groups": [
            {
                "name": row.group.name,
                "status": row.get_status_display(),
                "score": str(row.score),
                "url": absolute(reverse("events:group_detail", kwargs={"slug": row.group.slug})),
            }
            for row in at_risk
        ],
        "ambassadors": ambassador_programme_lines(month=month),
        "slipping_away": members_slipping_away(now=now).count(),
        "slipping_url": absolute(reverse("members:manage_slipping")),
        "dashboard_url": absolute(reverse("metrics:dashboard")),
        "month_url": absolute(reverse("metrics:month_detail", kwargs={"month": snapshot.label})),
        "report_url": absolute(reverse("metrics:report_detail", kwargs={"month": snapshot.label})),
    }


def monthly_report_create(*, month, now: datetime) -> MonthlyReport:
    """The report of a frozen month: made once and stored; made again, the first is returned.
    Refused (DomainError) for a month not frozen yet."""
    with transaction.atomic():
        snapshot = MonthlySnapshot.objects.select_for_update().filter(month=month).first()
        if snapshot is None or snapshot.is_provisional:
            raise DomainError(
                f"The report of {month:%Y-%m} is written once the month is frozen.",
                code="not_frozen",
            )
        existing = MonthlyReport.objects.filter(month=snapshot.month).first()
        if existing is not None:
            return existing
        revisions = list(
            SnapshotRevision.objects.select_for_update()
            .filter(reported_in__isnull=True)
            .select_related("snapshot")
            .order_by("snapshot__month", "replaced_at", "pk")
        )
        content = _content(snapshot=snapshot, revisions=revisions, now=now)
        report = MonthlyReport(
            month=snapshot.month,
            created_at=now,
            content=content,
            subject=f"[Hub] The community in {content['month_name']}",
            text_body=render_to_string("metrics/email/monthly_report.txt", content),
            html_body=render_to_string("metrics/email/monthly_report.html", content),
        )
        report.full_clean()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            return MonthlyReport.objects.get(month=snapshot.month)
        SnapshotRevision.objects.filter(pk__in=[revision.pk for revision in revisions]).update(
            reported_in=report
        )
        audit_record(
            actor=None,
            action="report.create",
            now=now,
            target=report,
            data={"month": content["month"], "restatements": len(revisions)},
        )
        return report


def monthly_report_send(*, report: MonthlyReport, now: datetime) -> int:
    """Email the report to every manager who has not had it; return how many got it now."""
    sent = 0
    for recipient in report_recipients(now=now):
        with transaction.atomic():
            MonthlyReport.objects.select_for_update().filter(pk=report.pk).first()
            if MonthlyReportDelivery.objects.filter(report=report, recipient=recipient).exists():
                continue
            email = EmailMultiAlternatives(
                subject=report.subject, body=report.text_body, to=[recipient.email]
            )
            email.attach_alternative(report.html_body, "text/html")
            email.send()
            MonthlyReportDelivery.objects.create(report=report, recipient=recipient, sent_at=now)
            sent += 1
    return sent


def monthly_report_for_month(*, month, now: datetime) -> tuple[MonthlyReport, int]:
    """Write the month's report if needed and send it to whoever lacks it."""
    report = monthly_report_create(month=month, now=now)
    return report, monthly_report_send(report=report, now=now)
