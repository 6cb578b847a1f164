"""Calendar months in the community's time zone (settings.TIME_ZONE).

Every monthly figure is computed over [start, end) of a month in that zone, whatever the
server's own time zone, so a member who joins at 00:30 local time on the 1st counts in that month.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def community_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(month: date) -> datetime:
    """The instant the month containing `month` begins, in the community's time zone."""
    return datetime.combine(month.replace(day=1), time.min, tzinfo=community_zone())


def next_month(month: date) -> date:
    month = month.replace(day=1)
    return (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )


def previous_month(month: date) -> date:
    month = month.replace(day=1)
    return (
        month.replace(year=month.year - 1, month=12)
        if month.month == 1
        else month.replace(month=month.month - 1)
    )


def month_of(instant: datetime) -> date:
    """The first day of the community-local month that `instant` falls in."""
    return timezone.localtime(instant, community_zone()).date().replace(day=1)


def month_bounds(instant_or_month: datetime | date) -> tuple[datetime, datetime]:
    """[start, end) of the month as aware datetimes."""
    month = (
        month_of(instant_or_month)
        if isinstance(instant_or_month, datetime)
        else instant_or_month.replace(day=1)
    )
    return month_start(month), month_start(next_month(month))
