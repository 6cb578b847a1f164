"""Celery tasks of the events app, one module an area; imported here so Celery finds them.

A task takes ids, loads the rows and calls a service; services enqueue tasks on commit. So a
task imports its service inside the function: the service modules import these modules."""

from events.tasks import groups, health, jobs, organizers, rsvps, series  # noqa: F401
