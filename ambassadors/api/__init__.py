"""The programme's API under /api/v1/, one module an area."""
