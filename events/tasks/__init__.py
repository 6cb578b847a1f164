"""Celery tasks of the events app, one module an area; imported here so Celery finds them.

A task takes ids, loads the rows and calls a service; the services enqueue the tasks after the
commit (`transaction.on_commit(lambda: ..._task.delay(...))`)."""

from events.tasks import groups, health, jobs, organizers, rsvps, series  # noqa: F401
