"""Reads, one module an area: import from the module (`members.selectors.membership`)."""
