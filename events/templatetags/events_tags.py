"""Template tags that let other apps' pages show events without their views knowing about them:
`{% upcoming_rsvps user as rsvps %}` (the dashboard) and `{% upcoming_public_events as events %}`
(the home page)."""

from django import template
from django.utils import timezone

from events import selectors

register = template.Library()


@register.simple_tag
def upcoming_rsvps(user, limit: int = 5):
    if user is None or not user.is_authenticated:
        return []
    return list(selectors.member_upcoming_rsvps(member=user, now=timezone.now(), limit=limit))


@register.simple_tag
def upcoming_public_events(limit: int = 3):
    return list(selectors.events_upcoming_public(now=timezone.now(), limit=limit))
