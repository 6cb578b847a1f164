"""Building small communities for the metrics tests, in the community's wall-clock time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from members.models import Tier
from members.services.account import member_leave
from members.services.membership import tier_change
from members.tests.factories import ActivityFactory, MemberFactory

KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A wall-clock instant in Kyiv (the community's time zone in the tests)."""
    return datetime(year, month, day, hour, minute, tzinfo=KYIV)


def person(joined: datetime, *, left: datetime | None = None, name: str = "Member"):
    """A member who joined at `joined` and, when `left` is given, left then (member_leave)."""
    member = MemberFactory(joined_at=joined, name=name)
    if left is not None:
        member = member_leave(member=member, now=left)
    return member


def did(member, kind: str, when: datetime, *, points: int = 1, recorded: datetime | None = None):
    return ActivityFactory(
        member=member, kind=kind, occurred_at=when, recorded_at=recorded or when, points=points
    )


def move(member, level: int, when: datetime) -> None:
    tier_change(
        member=member, tier=Tier.objects.get(level=level), actor=None, reason="test", now=when
    )
