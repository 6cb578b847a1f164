"""The metrics API, one module an area."""
