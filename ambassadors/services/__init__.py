"""Writes, one module an area: import from the module (`ambassadors.services.applications`)."""
