"""Writes, one module an area: import from the module (`members.services.membership`)."""
