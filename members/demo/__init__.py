"""The members app's part of the demo community, one module a step: `membership` (the demo step
"members") and `recognition`. What the steps share, with the other apps' steps too, is here."""

from datetime import datetime

from django.utils import timezone

from hub.core.extension_points import DEMO_MANAGER_EMAIL
from members.models import User

DEMO_EMAIL_DOMAIN = "demo.hub.test"


def demo_members_current(*, now: datetime | None = None) -> list[User]:
    """The demo members who are current members at `now` (by default the real now), not the
    manager: read from the database so later steps never work on stale copies of people who
    left."""
    return list(
        User.objects.current(now or timezone.now())
        .filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .exclude(email=DEMO_MANAGER_EMAIL)
        .order_by("pk")
    )
