"""Celery tasks of the metrics app, one module an area; imported here so Celery finds them."""

from metrics.tasks import digests, reports, snapshots  # noqa: F401
