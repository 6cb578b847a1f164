"""Writes, one module an area: import from the module (`events.services.rsvps`)."""
