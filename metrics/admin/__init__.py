"""The admin console for metrics, one module an area; imported here so Django registers them."""

from metrics.admin import snapshots, surveys, targets  # noqa: F401
