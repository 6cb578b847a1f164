"""Scheduled job for the activity ledger: the weekly "slipping away" list mailed to managers.

The list itself is computed on demand (members.selectors.membership), so the page
/members/manage/slipping/ and this email always agree and nothing stored can go stale.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from members.models import User
from members.selectors import membership as selectors


def manager_emails(*, now) -> list[str]:
    return list(
        User.objects.existing_at(now)
        .filter(is_active=True, is_staff=True, groups__name=settings.COMMUNITY_MANAGERS_GROUP)
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


@shared_task(
    name="members.tasks.activity.slipping_away_weekly",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def slipping_away_weekly() -> str:
    """Email every manager who is slipping away and who came back. Writes nothing."""
    now = timezone.now()
    recipients = manager_emails(now=now)
    if not recipients:
        return "No community managers to tell."
    slipping = list(selectors.members_slipping_away(now=now)[:200])
    returned = list(selectors.members_returned(now=now)[:200])
    body = render_to_string(
        "members/manage_slipping_email.txt",
        {
            "slipping": slipping,
            "returned": returned,
            "page_url": reverse("members:manage_slipping"),
            "quiet_days": selectors.SLIPPING_QUIET_DAYS,
            "active_days": selectors.SLIPPING_ACTIVE_DAYS,
        },
    )
    send_mail(
        subject=f"[Hub] {len(slipping)} members slipping away, {len(returned)} came back",
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
    return f"Told {len(recipients)} managers: {len(slipping)} slipping, {len(returned)} back."
