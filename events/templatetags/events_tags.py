"""Template tags that let the site's pages show events without their views knowing about them:
`{% upcoming_public_events as events %}` (the home page)."""

from django import template
from django.utils import timezone

from events.selectors.events import events_upcoming_public

register = template.Library()


@register.simple_tag
def upcoming_public_events(limit: int = 3):
    return list(events_upcoming_public(now=timezone.now(), limit=limit))
