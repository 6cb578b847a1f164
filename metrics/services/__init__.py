"""Writes, one module an area: import from the module (`metrics.services.surveys`)."""
