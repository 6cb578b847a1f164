"""Sending the monthly report of a frozen month (enqueued by the monthly snapshot job once the
month is frozen). Safe to run again: the report is written once and each manager gets it once."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from hub.core.text import counted
from metrics.selectors.snapshots import parse_month


@shared_task(
    name="metrics.tasks.reports.monthly_report_send",
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def monthly_report_send(month: str) -> str:
    """`month` is "YYYY-MM"."""
    # Inside the function, HackSoft's direction: services may import this module to enqueue it.
    from metrics.services.reports import monthly_report_for_month

    report, sent = monthly_report_for_month(month=parse_month(month), now=timezone.now())
    return f"{report.subject}: sent to {counted(sent, 'manager')} now"
