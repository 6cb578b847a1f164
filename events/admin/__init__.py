"""The admin console for events, one module an area; imported here so Django registers them."""

from events.admin import events, groups, health, series  # noqa: F401
