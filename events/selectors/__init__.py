"""Reads, one module an area: import from the module (`events.selectors.rsvps`)."""
