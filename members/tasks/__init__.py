"""Celery tasks of the members app, one module an area; imported here so Celery finds them."""

from members.tasks import activities, membership, profiles, recognition  # noqa: F401
