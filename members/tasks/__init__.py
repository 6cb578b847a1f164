"""Celery tasks of the members app, one module an area; imported here so Celery finds them."""

from members.tasks import activity, recognition, tiers  # noqa: F401
