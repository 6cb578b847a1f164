"""Reads, one module an area: import from the module (`metrics.selectors.surveys`)."""
