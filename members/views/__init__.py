"""Member pages, one module an area."""
